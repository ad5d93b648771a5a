import type { EscalationResolution, EscalationRole, NoticeColour } from '@duban/contracts';
import { DataSource, In, type EntityManager } from 'typeorm';
import { audit } from '../plan/plan.service';
import { Person } from '../person/person.entity';
import { Escalation } from './escalation.entity';
import { Notice } from './notice.entity';

export interface OpenEscalationRecord {
  key: string;
  itemId: string;
  parentWorkflowId: string;
  periodKey: string;
  dueOn: string;
  startedOn: string;
}

export interface IssueNoticeRecord {
  escalationId: string;
  step: number;
  itemId: string;
  periodKey: string;
  level: number;
  colour: NoticeColour;
  recipients: EscalationRole[];
  leadUnitIds: string[];
  listInBulletin: boolean;
  issuedOn: string;
}

/** 督办〔2026〕第0001号 */
export function noticeNumber(year: number, seq: number): string {
  return `督办〔${year}〕第${String(seq).padStart(4, '0')}号`;
}

/** Escalations and their numbered notices, written by the escalation workflow's activities. */
export class EscalationRecords {
  constructor(private readonly db: DataSource) {}

  async open(input: OpenEscalationRecord): Promise<Escalation> {
    await this.db
      .createQueryBuilder()
      .insert()
      .into(Escalation)
      .values({ ...input, level: -1, status: 'active' })
      .orIgnore()
      .execute();
    return this.db.getRepository(Escalation).findOneByOrFail({ key: input.key });
  }

  /**
   * Takes the year's next number and records the notice in one transaction, so numbers have no gaps; a retry
   * (same escalation and step) finds the notice it already issued. Concurrent issuers serialise on the year's row.
   */
  async issueNotice(input: IssueNoticeRecord): Promise<{ notice: Notice; created: boolean }> {
    const key = `${input.escalationId}:notice:${input.step}`;
    return this.db.transaction(async (tx) => {
      const existing = await tx.getRepository(Notice).findOneBy({ key });
      if (existing) return { notice: existing, created: false };
      const year = Number(input.issuedOn.slice(0, 4));
      const [{ last }] = (await tx.query(
        'INSERT INTO notice_sequence (year, last) VALUES ($1, 1) ON CONFLICT (year) DO UPDATE SET last = notice_sequence.last + 1 RETURNING last',
        [year],
      )) as Array<{ last: number }>;
      const recipients = await this.addressees(tx, input.recipients, input.leadUnitIds, input.itemId);
      const notice = await tx.getRepository(Notice).save(
        tx.getRepository(Notice).create({
          key,
          escalationId: input.escalationId,
          itemId: input.itemId,
          periodKey: input.periodKey,
          year,
          seq: last,
          number: noticeNumber(year, last),
          level: input.level,
          step: input.step,
          colour: input.colour,
          recipientRoles: input.recipients,
          recipientIds: recipients.map((p) => p.id),
          listInBulletin: input.listInBulletin,
          issuedOn: input.issuedOn,
        }),
      );
      await tx
        .getRepository(Escalation)
        .createQueryBuilder()
        .update()
        .set({ level: () => `GREATEST(level, ${Number(input.level)})` })
        .where('id = :id', { id: input.escalationId })
        .execute();
      await audit(
        tx,
        'system',
        'escalation.notice',
        'notice',
        notice.id,
        null,
        { number: notice.number, level: input.level, colour: input.colour },
        input.itemId,
        key,
      );
      return { notice, created: true };
    });
  }

  async acknowledge(escalationId: string, personId: string, level: number, on: string, comment?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const escalation = await tx.getRepository(Escalation).findOneOrFail({ where: { id: escalationId }, lock: { mode: 'pessimistic_write' } });
      if (escalation.acknowledgedBy) return;
      await tx
        .getRepository(Escalation)
        .update(escalationId, { status: 'acknowledged', acknowledgedBy: personId, acknowledgedOn: on, acknowledgeComment: comment ?? null });
      await audit(
        tx,
        personId,
        'escalation.acknowledged',
        'escalation',
        escalationId,
        { status: escalation.status },
        { status: 'acknowledged', level },
        escalation.itemId,
        `${escalationId}:acknowledged`,
      );
    });
  }

  async close(escalationId: string, resolution: EscalationResolution, on: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const escalation = await tx.getRepository(Escalation).findOneOrFail({ where: { id: escalationId }, lock: { mode: 'pessimistic_write' } });
      if (escalation.status === 'resolved') return;
      await tx.getRepository(Escalation).update(escalationId, { status: 'resolved', resolution, resolvedOn: on });
      await audit(
        tx,
        'system',
        'escalation.resolved',
        'escalation',
        escalationId,
        { status: escalation.status },
        { status: 'resolved', resolution },
        escalation.itemId,
        `${escalationId}:resolved`,
      );
    });
  }

  /**
   * Reporters and unit heads of the lead units; the supervision office; and at the leader level the leaders in charge
   * (分管) of the lead units with the plan's head (组长) — the leaders as a whole only when nobody is in charge.
   */
  private async addressees(tx: EntityManager, roles: EscalationRole[], leadUnitIds: string[], itemId: string): Promise<Person[]> {
    const unitRoles = roles.filter((r) => r === 'reporter' || r === 'unit-head');
    const people: Person[] = [];
    if (unitRoles.length > 0 && leadUnitIds.length > 0)
      people.push(...(await tx.getRepository(Person).find({ where: { unitId: In(leadUnitIds), role: In(unitRoles) }, order: { username: 'ASC' } })));
    const office: Person[] = [];
    if (roles.includes('supervisor')) office.push(...(await tx.getRepository(Person).find({ where: { role: 'supervisor' } })));
    if (roles.includes('leader')) office.push(...(await leadersInCharge(tx, itemId, leadUnitIds)));
    people.push(...office.sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0)));
    return people;
  }

  escalationsOf(itemId: string): Promise<Escalation[]> {
    return this.db.getRepository(Escalation).find({ where: { itemId }, order: { createdAt: 'ASC' } });
  }

  /** The escalation still running for an item, if any (the newest one not resolved). */
  activeEscalation(itemId: string): Promise<Escalation | null> {
    return this.db.getRepository(Escalation).findOne({ where: { itemId, status: In(['active', 'acknowledged']) }, order: { createdAt: 'DESC' } });
  }

  escalation(escalationId: string): Promise<Escalation | null> {
    return this.db.getRepository(Escalation).findOneBy({ id: escalationId });
  }

  noticesOf(escalationId: string): Promise<Notice[]> {
    return this.db.getRepository(Notice).find({ where: { escalationId }, order: { seq: 'ASC' } });
  }
}

/** The leaders in charge of the lead units and the heads of the item's plan; all leaders when nobody is named. */
async function leadersInCharge(tx: EntityManager, itemId: string, leadUnitIds: string[]): Promise<Person[]> {
  const ids: Array<{ id: string }> = await tx.query(
    `SELECT p."id" FROM "person" p WHERE p."role" = 'leader' AND (
        p."id" IN (SELECT lu."person_id" FROM "leader_unit" lu WHERE lu."unit_id" = ANY($2::uuid[]))
     OR p."id" IN (SELECT ph."person_id" FROM "plan_head" ph JOIN "plan" pl ON pl."doc_number" = ph."doc_number" JOIN "item" i ON i."plan_id" = pl."id" WHERE i."id" = $1))`,
    [itemId, leadUnitIds],
  );
  const where = ids.length > 0 ? { id: In(ids.map((r) => r.id)) } : { role: 'leader' as const };
  return tx.getRepository(Person).find({ where });
}
