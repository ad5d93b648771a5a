import { Injectable } from '@nestjs/common';
import { DirectoryAdminService, ForbiddenError, NotFoundError, PersonService, SessionService, type Person } from '@duban/domain';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import type { CreatePersonDto } from './dto';

/** A password an administrator hands over: random, and made to meet any policy (all four classes, 20 characters). */
function temporaryPassword(): string {
  return `${randomBytes(15).toString('base64url')}aZ7-`;
}

@Injectable()
export class AdminService {
  constructor(
    private readonly directory: DirectoryAdminService,
    private readonly people: PersonService,
    private readonly sessions: SessionService,
  ) {}

  /** A new person gets a random initial password, shown once in this answer; only its argon2 hash is kept. */
  async createPerson(dto: CreatePersonDto, actor: string): Promise<{ person: Person; initialPassword: string }> {
    const initialPassword = temporaryPassword();
    const person = await this.directory.createPerson({ ...dto, passwordHash: await argon2.hash(initialPassword) }, actor);
    return { person, initialPassword };
  }

  async person(personId: string): Promise<Person> {
    const person = await this.people.findById(personId);
    if (!person) throw new NotFoundError('person', personId);
    return person;
  }

  async disable(personId: string, actor: string): Promise<Person> {
    const person = await this.directory.setDisabled(personId, true, actor);
    await this.sessions.revokeAllOf({ personId, reason: 'disabled', actor });
    return person;
  }

  /** The old password stops working, every session ends, and the person must choose a new password at the next sign-in. */
  async resetPassword(personId: string, actor: string): Promise<{ temporaryPassword: string; mustChangePassword: true }> {
    if (personId === actor) throw new ForbiddenError('nobody resets their own password: change it with POST /auth/password');
    const password = temporaryPassword();
    await this.directory.setPassword({ personId, passwordHash: await argon2.hash(password), mustChange: true, actor });
    await this.sessions.revokeAllOf({ personId, reason: 'password-reset', actor });
    return { temporaryPassword: password, mustChangePassword: true };
  }
}
