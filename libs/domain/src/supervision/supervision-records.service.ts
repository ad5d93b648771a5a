import type {
  ContributionActivityInput,
  ExtensionRequestActivityInput,
  PeriodSchedule,
  RecordReportActivityInput,
  ReviewDecision,
  SupervisionPolicy,
} from '@duban/contracts';
import { DataSource, In } from 'typeorm';
import { audit } from '../plan/plan.service';
import { Notification, type NotificationChannel } from '../notification/notification.entity';
import { ReportingPeriod, type PeriodState } from '../period/reporting-period.entity';
import { Person, type Role } from '../person/person.entity';
import { Report } from '../report/report.entity';
import { Review } from '../report/review.entity';
import { EscalationRecords } from '../escalation/escalation-records.service';
import { Item, type StatusColour } from '../plan/item.entity';
import { ClosureRequest, type ClosureStatus } from './closure-request.entity';
import { Contribution } from './contribution.entity';
import { ExtensionRequest } from './extension-request.entity';

/** The activity's input, keyed instead of carrying the workflow id (workflowId:period:report:attempt). */
export type RecordReportInput = Omit<RecordReportActivityInput, 'workflowId'> & { key: string };

export interface RecordReviewInput {
  key: string;
  itemId: string;
  periodKey: string;
  reportId: string;
  decision: ReviewDecision;
  comment?: string;
  reviewerId: string;
  resubmitDueOn?: string;
}

export interface NotifyInput {
  /** Deterministic step key; the recipient and channel are appended. */
  stepKey: string;
  recipientIds: string[];
  channel: NotificationChannel;
  kind: string;
  itemId: string | null;
  periodKey: string | null;
  subject: string;
  body: string;
}

/**
 * The records an item's workflow writes through its activities. Every write carries a deterministic key
 * under a unique index, so a retried activity finds its first write instead of making a second.
 */
export class SupervisionRecords {
  /** Escalations and notices share the records' connection (the worker builds one SupervisionRecords). */
  readonly escalations: EscalationRecords;

  constructor(private readonly db: DataSource) {
    this.escalations = new EscalationRecords(db);
  }

  async recordPeriod(itemId: string, workflowId: string, schedule: PeriodSchedule): Promise<ReportingPeriod> {
    await this.db
      .createQueryBuilder()
      .insert()
      .into(ReportingPeriod)
      .values({
        itemId,
        workflowId,
        key: schedule.key,
        startsOn: schedule.start,
        endsOn: schedule.end,
        opensOn: schedule.opensOn,
        dueOn: schedule.dueOn,
        coDueOn: schedule.coDueOn,
        state: 'upcoming',
      })
      .orIgnore()
      .execute();
    return this.period(itemId, schedule.key);
  }

  async period(itemId: string, periodKey: string): Promise<ReportingPeriod> {
    return this.db.getRepository(ReportingPeriod).findOneByOrFail({ itemId, key: periodKey });
  }

  /** Moves a period forward; a state it already has (a retry) changes nothing. */
  async setPeriodState(itemId: string, periodKey: string, state: PeriodState, changes: { dueOn?: string } = {}): Promise<void> {
    await this.db.transaction(async (tx) => {
      const period = await tx.getRepository(ReportingPeriod).findOneOrFail({ where: { itemId, key: periodKey }, lock: { mode: 'pessimistic_write' } });
      if (period.state === state && (!changes.dueOn || period.dueOn === changes.dueOn)) return;
      await tx.getRepository(ReportingPeriod).update(period.id, { state, ...changes, closedAt: state === 'approved' ? new Date() : null });
      await audit(tx, 'system', `period.${state}`, 'reporting_period', period.id, { state: period.state, dueOn: period.dueOn }, { state, ...changes }, itemId);
    });
  }

  async recordReport(input: RecordReportInput): Promise<Report> {
    return this.db.transaction(async (tx) => {
      const existing = await tx.getRepository(Report).findOneBy({ idempotencyKey: input.key });
      if (existing) return existing;
      const period = await tx
        .getRepository(ReportingPeriod)
        .findOneOrFail({ where: { itemId: input.itemId, key: input.periodKey }, lock: { mode: 'pessimistic_write' } });
      const report = await tx.getRepository(Report).save(
        tx.getRepository(Report).create({
          idempotencyKey: input.key,
          periodId: period.id,
          itemId: input.itemId,
          unitId: input.unitId,
          submittedBy: input.submittedBy,
          attempt: input.attempt,
          narrative: input.narrative,
          indicatorValues: input.indicatorValues,
          problems: input.problems ?? null,
          nextSteps: input.nextSteps ?? null,
          status: 'pending',
        }),
      );
      await tx.getRepository(ReportingPeriod).update(period.id, { state: 'submitted' });
      await audit(
        tx,
        input.submittedBy,
        'report.submitted',
        'report',
        report.id,
        { periodState: period.state },
        { periodState: 'submitted', attempt: input.attempt },
        input.itemId,
        input.key,
      );
      return report;
    });
  }

  async recordReview(input: RecordReviewInput): Promise<Review> {
    return this.db.transaction(async (tx) => {
      const existing = await tx.getRepository(Review).findOneBy({ idempotencyKey: input.key });
      if (existing) return existing;
      const period = await tx
        .getRepository(ReportingPeriod)
        .findOneOrFail({ where: { itemId: input.itemId, key: input.periodKey }, lock: { mode: 'pessimistic_write' } });
      const review = await tx.getRepository(Review).save(
        tx.getRepository(Review).create({
          idempotencyKey: input.key,
          reportId: input.reportId,
          decision: input.decision,
          comment: input.comment ?? null,
          reviewerId: input.reviewerId,
          resubmitDueOn: input.resubmitDueOn ?? null,
        }),
      );
      const approved = input.decision === 'approve';
      await tx.getRepository(Report).update(input.reportId, { status: approved ? 'approved' : 'returned' });
      await tx.getRepository(ReportingPeriod).update(period.id, {
        state: approved ? 'approved' : 'returned',
        closedAt: approved ? new Date() : null,
        ...(input.resubmitDueOn ? { dueOn: input.resubmitDueOn } : {}),
      });
      // A return opens the resubmission window on the day of the return: a report sent early would otherwise show a
      // window that opens (at the period's end) after its own resubmission due date.
      if (!approved)
        await tx.query(
          `UPDATE reporting_period SET opens_on = LEAST(opens_on, (SELECT (v.reviewed_at AT TIME ZONE 'Asia/Shanghai')::date FROM review v WHERE v.id = $2)) WHERE id = $1`,
          [period.id, review.id],
        );
      await audit(
        tx,
        input.reviewerId,
        approved ? 'report.approved' : 'report.returned',
        'report',
        input.reportId,
        { status: 'pending', periodState: period.state, dueOn: period.dueOn },
        { status: approved ? 'approved' : 'returned', comment: input.comment ?? null, dueOn: input.resubmitDueOn ?? period.dueOn },
        input.itemId,
        input.key,
      );
      return review;
    });
  }

  /** Inserts one notification per recipient; a repeated step key inserts nothing. Returns how many were new. */
  async notify(input: NotifyInput): Promise<number> {
    if (input.recipientIds.length === 0) return 0;
    const result = await this.db
      .createQueryBuilder()
      .insert()
      .into(Notification)
      .values(
        input.recipientIds.map((recipientId) => ({
          key: `${input.stepKey}:${recipientId}:${input.channel}`,
          recipientId,
          channel: input.channel,
          kind: input.kind,
          itemId: input.itemId,
          periodKey: input.periodKey,
          subject: input.subject,
          body: input.body,
        })),
      )
      .orIgnore()
      .returning(['id'])
      .execute();
    return result.raw.length;
  }

  /** The people of these units with these roles: the addressees of a reminder or an urge. */
  /**
   * Who a reminder to each unit reaches: its reporters; a unit without one is never skipped silently — its head gets
   * it, and a unit without a head either sends it to the supervision office (the supervisors).
   */
  async reminderRecipients(unitIds: string[]): Promise<Map<string, ReminderRecipients<Person>>> {
    const people = await this.peopleOf(unitIds, ['reporter', 'unit-head']);
    const unreached = unitIds.some((unitId) => !people.some((p) => p.unitId === unitId));
    const office = unreached ? await this.db.getRepository(Person).find({ where: { role: 'supervisor' }, order: { username: 'ASC' } }) : [];
    return reminderRecipientsOf(unitIds, people, office);
  }

  async peopleOf(unitIds: string[], roles: Role[]): Promise<Person[]> {
    if (unitIds.length === 0) return [];
    return this.db.getRepository(Person).find({ where: { unitId: In(unitIds), role: In(roles) }, order: { username: 'ASC' } });
  }

  /** The item's status colour and why (a sentence for people, from the locale file). */
  async setItemStatus(itemId: string, colour: StatusColour, reason: string): Promise<void> {
    await this.db.getRepository(Item).update(itemId, { statusColour: colour, statusReason: reason });
  }

  async recordContribution(input: ContributionActivityInput): Promise<Contribution> {
    return this.db.transaction(async (tx) => {
      const existing = await tx.getRepository(Contribution).findOneBy({ key: input.key });
      if (existing) return existing;
      const period = await tx.getRepository(ReportingPeriod).findOneByOrFail({ itemId: input.itemId, key: input.periodKey });
      const contribution = await tx.getRepository(Contribution).save(tx.getRepository(Contribution).create({ ...input, periodId: period.id }));
      await audit(
        tx,
        input.submittedBy,
        'contribution.submitted',
        'contribution',
        contribution.id,
        null,
        { periodKey: input.periodKey, unitId: input.unitId },
        input.itemId,
        input.key,
      );
      return contribution;
    });
  }

  async recordExtensionRequest(input: ExtensionRequestActivityInput): Promise<ExtensionRequest> {
    return this.db.transaction(async (tx) => {
      const existing = await tx.getRepository(ExtensionRequest).findOneBy({ key: input.key });
      if (existing) return existing;
      const request = await tx.getRepository(ExtensionRequest).save(tx.getRepository(ExtensionRequest).create({ ...input, status: 'pending' }));
      await audit(
        tx,
        input.requestedBy,
        'extension.requested',
        'extension_request',
        request.id,
        { dueOn: input.currentDueOn },
        { requestedDueOn: input.requestedDueOn, reason: input.reason },
        input.itemId,
        input.key,
      );
      return request;
    });
  }

  /** Decides a pending request; an approval moves the period's due date. A decided request (a retry) changes nothing. */
  async decideExtension(input: {
    requestId: string;
    itemId: string;
    periodKey: string;
    decision: 'approved' | 'rejected';
    supervisorId: string;
    comment?: string;
  }): Promise<void> {
    await this.db.transaction(async (tx) => {
      const request = await tx.getRepository(ExtensionRequest).findOneOrFail({ where: { id: input.requestId }, lock: { mode: 'pessimistic_write' } });
      if (request.status !== 'pending') return;
      await tx
        .getRepository(ExtensionRequest)
        .update(request.id, { status: input.decision, decidedBy: input.supervisorId, decisionComment: input.comment ?? null, decidedAt: new Date() });
      if (input.decision === 'approved')
        await tx.getRepository(ReportingPeriod).update({ itemId: input.itemId, key: input.periodKey }, { dueOn: request.requestedDueOn });
      await audit(
        tx,
        input.supervisorId,
        `extension.${input.decision}`,
        'extension_request',
        request.id,
        { status: 'pending', dueOn: request.currentDueOn },
        { status: input.decision, dueOn: input.decision === 'approved' ? request.requestedDueOn : request.currentDueOn },
        input.itemId,
        `${request.key}:${input.decision}`,
      );
    });
  }

  /** A request nobody decided before its period ended lapses; a decided (or already lapsed) request is left as it is. */
  async lapseExtension(input: { requestId: string; itemId: string; periodKey: string; why: 'period-approved' | 'item-closed' }): Promise<void> {
    await this.db.transaction(async (tx) => {
      const request = await tx.getRepository(ExtensionRequest).findOneOrFail({ where: { id: input.requestId }, lock: { mode: 'pessimistic_write' } });
      if (request.status !== 'pending') return;
      await tx.getRepository(ExtensionRequest).update(request.id, { status: 'lapsed', decidedAt: new Date() });
      await audit(
        tx,
        'system',
        'extension.lapsed',
        'extension_request',
        request.id,
        { status: 'pending' },
        { status: 'lapsed', why: input.why, periodKey: input.periodKey },
        input.itemId,
        `${request.key}:lapsed`,
      );
    });
  }

  /**
   * A newer holiday calendar moved the period's dates: the due date (and, when the period's own schedule moved, the
   * window and the cooperating units' date). Dates already in place (a retry) change nothing.
   */
  async reschedulePeriod(input: {
    key: string;
    itemId: string;
    periodKey: string;
    calendarVersion: string;
    dueOn: string;
    opensOn?: string;
    coDueOn?: string;
  }): Promise<void> {
    await this.db.transaction(async (tx) => {
      const period = await tx
        .getRepository(ReportingPeriod)
        .findOneOrFail({ where: { itemId: input.itemId, key: input.periodKey }, lock: { mode: 'pessimistic_write' } });
      const changes = {
        dueOn: input.dueOn,
        ...(input.opensOn ? { opensOn: input.opensOn } : {}),
        ...(input.coDueOn ? { coDueOn: input.coDueOn } : {}),
      };
      const before = { dueOn: period.dueOn, opensOn: period.opensOn, coDueOn: period.coDueOn };
      if (Object.entries(changes).every(([field, value]) => before[field as keyof typeof before] === value)) return;
      await tx.getRepository(ReportingPeriod).update(period.id, changes);
      await audit(
        tx,
        'system',
        'period.rescheduled',
        'reporting_period',
        period.id,
        before,
        { ...changes, calendarVersion: input.calendarVersion },
        input.itemId,
        input.key,
      );
    });
  }

  async recordClosureRequest(input: { key: string; itemId: string; unitId: string; requestedBy: string; reason: string }): Promise<ClosureRequest> {
    return this.db.transaction(async (tx) => {
      const existing = await tx.getRepository(ClosureRequest).findOneBy({ key: input.key });
      if (existing) return existing;
      const request = await tx.getRepository(ClosureRequest).save(tx.getRepository(ClosureRequest).create({ ...input, status: 'requested' }));
      await audit(tx, input.requestedBy, 'closure.requested', 'closure_request', request.id, null, { reason: input.reason }, input.itemId, input.key);
      return request;
    });
  }

  /** Moves a closure request on; 'closed' also closes the item. A step already taken (a retry) changes nothing. */
  async decideClosure(input: { requestId: string; itemId: string; decision: ClosureStatus; by: string; comment?: string; signOffBy?: string }): Promise<void> {
    await this.db.transaction(async (tx) => {
      const request = await tx.getRepository(ClosureRequest).findOneOrFail({ where: { id: input.requestId }, lock: { mode: 'pessimistic_write' } });
      if (request.status === input.decision) return;
      const changes: Partial<ClosureRequest> = { status: input.decision };
      if (input.decision === 'approved') Object.assign(changes, { approvedBy: input.by, signOffBy: input.signOffBy ?? null, comment: input.comment ?? null });
      if (input.decision === 'signed-off' || input.decision === 'instructed')
        Object.assign(changes, { leaderId: input.by, comment: input.comment ?? request.comment });
      if (input.decision === 'rejected') Object.assign(changes, { approvedBy: input.by, comment: input.comment ?? null });
      if (input.decision === 'closed') {
        changes.closedAt = new Date();
        await tx.getRepository(Item).update(input.itemId, { state: 'closed' });
        // The period under way ends with the item: it no longer owes a report (nor shows as 待填报 or overdue).
        await tx.query(`UPDATE reporting_period SET state = 'closed' WHERE item_id = $1 AND state IN ('upcoming', 'open', 'returned', 'submitted')`, [
          input.itemId,
        ]);
      }
      await tx.getRepository(ClosureRequest).update(request.id, changes);
      await audit(
        tx,
        input.by,
        `closure.${input.decision}`,
        'closure_request',
        request.id,
        { status: request.status },
        { status: input.decision, comment: input.comment ?? null, signOffBy: input.signOffBy ?? null },
        input.itemId,
        `${request.key}:${input.decision}`,
      );
    });
  }

  /** setKeyItem / changePolicy: recorded now, applied by the workflow at the next period boundary. */
  async recordPolicyChange(input: {
    key: string;
    itemId: string;
    by: string;
    keyItem?: boolean;
    policy: SupervisionPolicy;
    appliesFrom: string;
  }): Promise<void> {
    await this.db.transaction(async (tx) => {
      const item = await tx.getRepository(Item).findOneOrFail({ where: { id: input.itemId }, lock: { mode: 'pessimistic_write' } });
      await tx.getRepository(Item).update(item.id, { policyOverride: input.policy, ...(input.keyItem === undefined ? {} : { keyItem: input.keyItem }) });
      await audit(
        tx,
        input.by,
        input.keyItem === undefined ? 'item.policy-changed' : 'item.key-item',
        'item',
        item.id,
        { keyItem: item.keyItem, policy: item.policyOverride },
        { keyItem: input.keyItem ?? item.keyItem, policy: input.policy, appliesFrom: input.appliesFrom },
        item.id,
        input.key,
      );
    });
  }

  /** People of a role across all units (the supervision office, the leaders). */
  async peopleWithRole(roles: Role[]): Promise<Person[]> {
    return this.db.getRepository(Person).find({ where: { role: In(roles) }, order: { username: 'ASC' } });
  }
}

/** Who a reminder to one unit reaches; standIn: not the unit's own reporters (its head, or the office). */
export interface ReminderRecipients<P> {
  people: P[];
  standIn: boolean;
}

/** The rule behind reminderRecipients, over the units' reporters and heads and the office's supervisors. */
export function reminderRecipientsOf<P extends { unitId: string | null; role: string }>(
  unitIds: string[],
  unitPeople: P[],
  office: P[],
): Map<string, ReminderRecipients<P>> {
  const recipients = new Map<string, ReminderRecipients<P>>();
  for (const unitId of unitIds) {
    const own = unitPeople.filter((p) => p.unitId === unitId);
    const reporters = own.filter((p) => p.role === 'reporter');
    recipients.set(unitId, reporters.length > 0 ? { people: reporters, standIn: false } : { people: own.length > 0 ? own : office, standIn: true });
  }
  return recipients;
}
