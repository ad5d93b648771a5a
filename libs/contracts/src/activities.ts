import type { IndicatorValue, ReviewDecision } from './supervision';
import type { EscalationLadder, EscalationRole, NoticeColour, PeriodSchedule, ReminderKind, ScheduledReminder, SupervisionPolicy } from './policy';
import type { EscalationResolution, EscalationStep } from './escalation';
import type { DueDateBasis } from './supervision';

/** What the item's workflow asks of the world; implemented in activities/, called through proxyActivities. */
export interface SupervisionActivities {
  /** Computes the period on the working-day calendar and records it (idempotent per item and period). */
  schedulePeriod(input: SchedulePeriodInput): Promise<ScheduledPeriod>;
  markPeriodOpen(input: { itemId: string; periodKey: string }): Promise<void>;
  sendReminder(input: ReminderInput): Promise<number>;
  recordReport(input: RecordReportActivityInput): Promise<{ reportId: string }>;
  recordReview(input: RecordReviewActivityInput): Promise<{ resubmitDueOn?: string }>;

  /** The lead unit's reminders before a moved due date (a return or an extension), none before `notBefore`. */
  dueReminders(input: { dueOn: string; notBefore: string; policy: SupervisionPolicy }): Promise<ScheduledReminder[]>;
  /** `workingDays` working days after `date` on the calendar. */
  addWorkingDays(input: { date: string; workingDays: number }): Promise<string>;
  setItemStatus(input: ItemStatusInput): Promise<void>;

  // escalation
  escalationSchedule(input: { dueOn: string; ladder: EscalationLadder; fromIndex: number; count: number }): Promise<EscalationStep[]>;
  openEscalation(input: OpenEscalationInput): Promise<{ escalationId: string }>;
  issueNotice(input: IssueNoticeInput): Promise<{ number: string; sent: number }>;
  sendFollowUp(input: FollowUpInput): Promise<number>;
  recordAcknowledgement(input: { escalationId: string; personId: string; level: number; on: string; comment?: string }): Promise<void>;
  closeEscalation(input: { escalationId: string; resolution: EscalationResolution; on: string; levelReached: number }): Promise<void>;

  // extension, closure, policy, contributions
  recordExtensionRequest(input: ExtensionRequestActivityInput): Promise<{ requestId: string }>;
  decideExtension(input: {
    requestId: string;
    itemId: string;
    periodKey: string;
    decision: 'approved' | 'rejected';
    supervisorId: string;
    comment?: string;
  }): Promise<void>;
  recordClosureRequest(input: { key: string; itemId: string; unitId: string; requestedBy: string; reason: string }): Promise<{ requestId: string }>;
  decideClosure(input: {
    requestId: string;
    itemId: string;
    decision: 'approved' | 'rejected' | 'signed-off' | 'instructed' | 'closed';
    by: string;
    comment?: string;
    signOffBy?: string;
  }): Promise<void>;
  recordPolicyChange(input: { key: string; itemId: string; by: string; keyItem?: boolean; policy: SupervisionPolicy; appliesFrom: string }): Promise<void>;
  recordContribution(input: ContributionActivityInput): Promise<{ contributionId: string }>;
  /** An extension request still undecided when its period ends: recorded as lapsed (失效), no longer pending. */
  lapseExtension(input: { requestId: string; itemId: string; periodKey: string; why: 'period-approved' | 'item-closed' }): Promise<void>;

  // a newer holiday calendar
  /** The period's dates on the worker's calendar, the due date recomputed as its basis says (nothing is written). */
  recomputeDueDate(input: RecomputeDueDateInput): Promise<RecomputedDueDate>;
  /** Moves the period's dates in the record and tells the lead and cooperating units (once per period and calendar version). */
  reschedulePeriod(input: ReschedulePeriodInput): Promise<number>;
}

export interface RecomputeDueDateInput {
  itemId: string;
  periodKey: string;
  policy: SupervisionPolicy;
  dueOn: string;
  basis: DueDateBasis;
  /** Workflow time as a date in Asia/Shanghai: a calendar change never moves a due date into the past. */
  today?: string;
}

export interface RecomputedDueDate {
  /** The calendar the dates were computed on. */
  calendarVersion: string;
  /** The period's schedule on that calendar (window, the schedule's own due dates, reminders). */
  schedule: PeriodSchedule;
  /** The due date in force on that calendar. */
  dueOn: string;
}

export interface ReschedulePeriodInput {
  workflowId: string;
  itemId: string;
  periodKey: string;
  calendarVersion: string;
  /** 1, 2, …: the calendar moves of this period, numbering their keys (a calendar put back and re-applied moves it again). */
  move: number;
  previousDueOn: string;
  dueOn: string;
  /** The window and the cooperating units' due date, when the period's own schedule moved. */
  opensOn?: string;
  coDueOn?: string;
  previousCoDueOn?: string;
  leadUnitIds: string[];
  coUnitIds: string[];
}

export type ItemStatusReason = 'approved' | 'open' | 'due-soon' | 'overdue' | 'escalated' | 'extended' | 'rescheduled' | 'submitted' | 'closed';

export interface ItemStatusInput {
  itemId: string;
  colour: 'green' | 'yellow' | 'red';
  reason: ItemStatusReason;
  periodKey: string;
  dueOn: string;
  level?: number;
}

export interface OpenEscalationInput {
  /** The escalation's workflow id: one row per escalation. */
  key: string;
  itemId: string;
  parentWorkflowId: string;
  periodKey: string;
  dueOn: string;
  startedOn: string;
}

export interface IssueNoticeInput {
  escalationId: string;
  /** escalationId + step index: a retry finds the notice (and its number) it already issued. */
  step: number;
  itemId: string;
  periodKey: string;
  dueOn: string;
  level: number;
  colour: NoticeColour;
  recipients: EscalationRole[];
  leadUnitIds: string[];
  listInBulletin: boolean;
  /** YYYY-MM-DD: the notice's date, whose year numbers it (督办〔2026〕第0001号). */
  issuedOn: string;
}

export interface FollowUpInput {
  escalationId: string;
  step: number;
  itemId: string;
  periodKey: string;
  dueOn: string;
  leadUnitIds: string[];
  on: string;
}

export interface ExtensionRequestActivityInput {
  key: string;
  itemId: string;
  periodKey: string;
  unitId: string;
  requestedBy: string;
  reason: string;
  currentDueOn: string;
  requestedDueOn: string;
}

export interface ContributionActivityInput {
  key: string;
  itemId: string;
  periodKey: string;
  unitId: string;
  submittedBy: string;
  narrative: string;
  indicatorValues: IndicatorValue[];
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
  state: 'upcoming' | 'open' | 'submitted' | 'returned' | 'approved' | 'closed';
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
  /** 0 for the period's own schedule; n for reminders re-planned after the due date moved (a return or an extension). */
  round?: number;
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
