import { DataSource } from 'typeorm';
import { ForbiddenError } from '../access/forbidden.error';
import { ConflictError, NotFoundError } from '../errors';
import { Person, type Role } from '../person/person.entity';
import { audit } from '../plan/plan.service';
import { Unit } from '../unit/unit.entity';

export interface NewPersonInput {
  username: string;
  displayName: string;
  role: Role;
  unitId?: string | null;
  email?: string | null;
  passwordHash: string;
}

export interface PersonChanges {
  displayName?: string;
  role?: Role;
  unitId?: string | null;
  email?: string | null;
}

/** The admin's side of the people in the unit directory (the units: UnitDirectoryService); every change is audited. */
export class DirectoryAdminService {
  constructor(private readonly db: DataSource) {}

  listPeople(): Promise<Person[]> {
    return this.db.getRepository(Person).find({ order: { username: 'ASC' } });
  }

  async createPerson(input: NewPersonInput, actor: string): Promise<Person> {
    return this.db.transaction(async (tx) => {
      if (await tx.getRepository(Person).existsBy({ username: input.username })) throw new ConflictError(`the username ${input.username} is taken`, 'exists');
      if (input.unitId && !(await tx.getRepository(Unit).existsBy({ id: input.unitId }))) throw new NotFoundError('unit', input.unitId);
      const saved = await tx.getRepository(Person).save(
        tx.getRepository(Person).create({
          username: input.username,
          displayName: input.displayName,
          role: input.role,
          unitId: input.unitId ?? null,
          email: input.email ?? null,
          passwordHash: input.passwordHash,
        }),
      );
      await audit(tx, actor, 'person.created', 'person', saved.id, null, { username: saved.username, role: saved.role, unitId: saved.unitId });
      const person = await tx.getRepository(Person).findOneByOrFail({ id: saved.id });
      return person;
    });
  }

  async updatePerson(personId: string, changes: PersonChanges, actor: string): Promise<Person> {
    // A security administrator who could change their own role could make themselves any administrator (三员分立).
    if (personId === actor && (changes.role !== undefined || changes.unitId !== undefined))
      throw new ForbiddenError('nobody may change their own role or unit');
    return this.db.transaction(async (tx) => {
      const person = await tx.getRepository(Person).findOne({ where: { id: personId }, lock: { mode: 'pessimistic_write' } });
      if (!person) throw new NotFoundError('person', personId);
      if (changes.unitId && !(await tx.getRepository(Unit).existsBy({ id: changes.unitId }))) throw new NotFoundError('unit', changes.unitId);
      const before = { displayName: person.displayName, role: person.role, unitId: person.unitId, email: person.email };
      const after = { ...before, ...changes };
      await tx.getRepository(Person).update(personId, after);
      await audit(tx, actor, 'person.updated', 'person', personId, before, after);
      return tx.getRepository(Person).findOneByOrFail({ id: personId });
    });
  }

  /**
   * Disables or enables a person. A disabled person cannot sign in, and their sessions and API tokens stop working at
   * their next request (the caller also ends the sessions, so they show as ended).
   */
  async setDisabled(personId: string, disabled: boolean, actor: string): Promise<Person> {
    if (personId === actor) throw new ForbiddenError('nobody may disable or enable themselves');
    return this.db.transaction(async (tx) => {
      const person = await tx.getRepository(Person).findOne({ where: { id: personId }, lock: { mode: 'pessimistic_write' } });
      if (!person) throw new NotFoundError('person', personId);
      if (Boolean(person.disabledAt) === disabled) return person;
      const disabledAt = disabled ? new Date() : null;
      await tx.getRepository(Person).update(personId, { disabledAt });
      await audit(tx, actor, disabled ? 'person.disabled' : 'person.enabled', 'person', personId, { disabled: !disabled }, { disabled });
      return tx.getRepository(Person).findOneByOrFail({ id: personId });
    });
  }

  /** Sets a new password hash; `mustChange` after an administrator's reset, false when the person chose it. */
  async setPassword(input: { personId: string; passwordHash: string; mustChange: boolean; actor: string }): Promise<void> {
    await this.db.transaction(async (tx) => {
      const found = await tx.getRepository(Person).findOne({ where: { id: input.personId }, lock: { mode: 'pessimistic_write' } });
      if (!found) throw new NotFoundError('person', input.personId);
      await tx
        .getRepository(Person)
        .update(input.personId, { passwordHash: input.passwordHash, mustChangePassword: input.mustChange, passwordChangedAt: new Date() });
      await audit(tx, input.actor, input.mustChange ? 'person.password-reset' : 'person.password-changed', 'person', input.personId, null, {
        mustChangePassword: input.mustChange,
      });
    });
  }
}
