import type { IndicatorValue, ReviewDecision } from './supervision';
import type { PeriodSchedule, ReminderKind, SupervisionPolicy } from './policy';

/** What the item's workflow asks of the world; implemented in activities/, called through proxyActivities. */
export interface SupervisionActivities {
  /** Computes the period on the working-day calendar and records it (idempotent per item and period). */
  schedulePeriod(input: SchedulePeriodInput): Promise<ScheduledPeriod>;
  markPeriodOpen(input: { itemId: string; periodKey: string }): Promise<void>;
  sendReminder(input: ReminderInput): Promise<number>;
  recordReport(input: RecordReportActivityInput): Promise<{ reportId: string }>;
  recordReview(input: RecordReviewActivityInput): Promise<{ resubmitDueOn?: string }>;
}

export interface SchedulePeriodInput {
  itemId: string;
  workflowId: string;
  policy: SupervisionPolicy;
  /** Supervise the period of the policy's frequency that contains this date. */
  startOn: string;
}

export interface ScheduledPeriod {
  schedule: PeriodSchedule;
  /** The recorded due date (a resubmission or an extension may have moved it). */
  dueOn: string;
  state: 'upcoming' | 'open' | 'submitted' | 'returned' | 'approved';
  /** The first day after this period: where the next run starts. */
  nextStartOn: string;
}

export interface ReminderInput {
  workflowId: string;
  itemId: string;
  periodKey: string;
  kind: ReminderKind;
  audience: 'lead' | 'co';
  unitIds: string[];
  dueOn: string;
}

export interface RecordReportActivityInput {
  workflowId: string;
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

export interface RecordReviewActivityInput {
  workflowId: string;
  itemId: string;
  periodKey: string;
  attempt: number;
  reportId: string;
  decision: ReviewDecision;
  comment?: string;
  reviewerId: string;
  /** Workflow time, as a date in Asia/Shanghai: the day of the review. */
  reviewedOn: string;
  policy: SupervisionPolicy;
  leadUnitIds: string[];
}
