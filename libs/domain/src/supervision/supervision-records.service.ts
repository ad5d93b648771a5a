import type { IndicatorValue, PeriodSchedule, ReviewDecision } from '@duban/contracts';
import { DataSource, In } from 'typeorm';
import { audit } from '../plan/plan.service';
import { Notification, type NotificationChannel } from '../notification/notification.entity';
import { ReportingPeriod, type PeriodState } from '../period/reporting-period.entity';
import { Person, type Role } from '../person/person.entity';
import { Report } from '../report/report.entity';
import { Review } from '../report/review.entity';

export interface RecordReportInput {
  /** workflowId:period:report:attempt */
  key: string;
  itemId: string;
  periodKey: string;
  attempt: number;
  unitId: string;
  submittedBy: string;
  narrative: string;
  indicatorValues: IndicatorValue[];
  problems?: string;
  nextSteps?: string;
}

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
  constructor(private readonly db: DataSource) {}

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
      const period = await tx.getRepository(ReportingPeriod).findOneOrFail({ where: { itemId: input.itemId, key: input.periodKey }, lock: { mode: 'pessimistic_write' } });
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
      await audit(tx, input.submittedBy, 'report.submitted', 'report', report.id, { periodState: period.state }, { periodState: 'submitted', attempt: input.attempt }, input.itemId, input.key);
      return report;
    });
  }

  async recordReview(input: RecordReviewInput): Promise<Review> {
    return this.db.transaction(async (tx) => {
      const existing = await tx.getRepository(Review).findOneBy({ idempotencyKey: input.key });
      if (existing) return existing;
      const period = await tx.getRepository(ReportingPeriod).findOneOrFail({ where: { itemId: input.itemId, key: input.periodKey }, lock: { mode: 'pessimistic_write' } });
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
  async peopleOf(unitIds: string[], roles: Role[]): Promise<Person[]> {
    if (unitIds.length === 0) return [];
    return this.db.getRepository(Person).find({ where: { unitId: In(unitIds), role: In(roles) }, order: { username: 'ASC' } });
  }
}
