import { DataSource, In } from 'typeorm';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';
import { Plan } from '../plan/plan.entity';
import { audit } from '../plan/plan.service';
import { Unit } from '../unit/unit.entity';
import { LeaderUnit, PlanHead } from './leader.entity';
import { Person } from './person.entity';

/** Who is in charge of what (分管): leaders' units and plans' heads (组长). Every change is audited. */
export class LeaderService {
  constructor(private readonly db: DataSource) {}

  async unitsInCharge(personId: string): Promise<{ personId: string; unitIds: string[] }> {
    await this.leader(personId);
    const rows = await this.db.getRepository(LeaderUnit).findBy({ personId });
    return { personId, unitIds: rows.map((r) => r.unitId) };
  }

  async setUnitsInCharge(personId: string, unitIds: string[], actor: string): Promise<{ personId: string; unitIds: string[] }> {
    const wanted = [...new Set(unitIds)];
    await this.db.transaction(async (tx) => {
      const leader = await this.leader(personId, tx.getRepository(Person));
      const units = wanted.length > 0 ? await tx.getRepository(Unit).findBy({ id: In(wanted) }) : [];
      const missing = wanted.find((id) => !units.some((u) => u.id === id));
      if (missing) throw new NotFoundError('unit', missing);
      const unfit = units.filter((u) => u.kind === 'group' || u.status !== 'active');
      if (unfit.length > 0)
        throw new InvalidInputError(`unitIds: a leader is in charge of active units, not of ${unfit.map((u) => u.name).join('、')}`, 'unitIds');
      const before = (await tx.getRepository(LeaderUnit).findBy({ personId })).map((r) => r.unitId);
      await tx.getRepository(LeaderUnit).delete({ personId });
      if (wanted.length > 0) await tx.getRepository(LeaderUnit).insert(wanted.map((unitId) => ({ personId, unitId })));
      await audit(tx, actor, 'leader.units-in-charge-set', 'person', leader.id, { unitIds: before }, { unitIds: wanted });
    });
    return { personId, unitIds: wanted };
  }

  async planHeads(planId: string): Promise<{ planId: string; personIds: string[] }> {
    const plan = await this.plan(planId);
    const rows = plan.docNumber ? await this.db.getRepository(PlanHead).findBy({ docNumber: plan.docNumber }) : [];
    return { planId, personIds: rows.map((r) => r.personId) };
  }

  async setPlanHeads(planId: string, personIds: string[], actor: string): Promise<{ planId: string; personIds: string[] }> {
    const plan = await this.plan(planId);
    const docNumber = plan.docNumber;
    if (!docNumber) throw new ConflictError(`plan ${plan.code} has no document number (文号): its head is named by it`, plan.status);
    const wanted = [...new Set(personIds)];
    await this.db.transaction(async (tx) => {
      const people = wanted.length > 0 ? await tx.getRepository(Person).findBy({ id: In(wanted) }) : [];
      const missing = wanted.find((id) => !people.some((p) => p.id === id));
      if (missing) throw new NotFoundError('person', missing);
      const notLeaders = people.filter((p) => p.role !== 'leader');
      if (notLeaders.length > 0)
        throw new InvalidInputError(`personIds: a plan's head is a leader, not ${notLeaders.map((p) => p.username).join(', ')}`, 'personIds');
      const before = (await tx.getRepository(PlanHead).findBy({ docNumber })).map((r) => r.personId);
      await tx.getRepository(PlanHead).delete({ docNumber });
      if (wanted.length > 0) await tx.getRepository(PlanHead).insert(wanted.map((personId) => ({ docNumber, personId })));
      await audit(tx, actor, 'plan.heads-set', 'plan', plan.id, { personIds: before }, { personIds: wanted });
    });
    return { planId, personIds: wanted };
  }

  private async leader(personId: string, repo = this.db.getRepository(Person)): Promise<Person> {
    const person = await repo.findOneBy({ id: personId });
    if (!person) throw new NotFoundError('person', personId);
    if (person.role !== 'leader') throw new InvalidInputError(`${person.username} is a ${person.role}: only a leader is in charge of units`, 'personId');
    return person;
  }

  private async plan(planId: string): Promise<Plan> {
    const plan = await this.db.getRepository(Plan).findOneBy({ id: planId });
    if (!plan) throw new NotFoundError('plan', planId);
    return plan;
  }
}
