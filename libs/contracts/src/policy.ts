/** Supervision policies are data (DESIGN rule 5): stored per plan, overridable per item. */

export type ReportingFrequency = 'monthly' | 'quarterly' | 'half-yearly' | 'yearly';

export const REPORTING_FREQUENCIES: readonly ReportingFrequency[] = ['monthly', 'quarterly', 'half-yearly', 'yearly'];

/** Who a level of the escalation ladder addresses. */
export type EscalationRole = 'reporter' | 'unit-head' | 'supervisor' | 'leader';

/** 督办单 colours, from the first urge to the leader's red notice. */
export type NoticeColour = 'blue' | 'yellow' | 'red';

export interface EscalationLevel {
  /** Working days after the previous level (the first level: after the period became overdue). */
  afterWorkingDays: number;
  recipients: EscalationRole[];
  notice: NoticeColour;
  /** List the item in the next bulletin (通报) when this level is reached. */
  listInBulletin: boolean;
}

export interface EscalationLadder {
  levels: EscalationLevel[];
  /** The top level repeats every N working days until acknowledged. */
  repeatEveryWorkingDays: number;
}

export interface SupervisionPolicy {
  frequency: ReportingFrequency;
  /** The report is due N working days after the period ends. */
  dueWorkingDays: number;
  /** Reminders N working days before the due date (0 = on the due date); one more goes out when the window opens. */
  reminderWorkingDaysBeforeDue: number[];
  /** Cooperating units' internal due date is this many working days before the lead unit's. */
  coUnitLeadWorkingDays: number;
  /** A returned report is due again N working days after the return. */
  resubmitWorkingDays: number;
  /** A closure (办结) approved by a supervisor closes if the leader gives no new instruction within N working days. */
  closureSignOffWorkingDays: number;
  ladder: EscalationLadder;
}

export const DEFAULT_POLICY: SupervisionPolicy = {
  frequency: 'quarterly',
  dueWorkingDays: 5,
  reminderWorkingDaysBeforeDue: [2, 0],
  coUnitLeadWorkingDays: 2,
  resubmitWorkingDays: 3,
  closureSignOffWorkingDays: 5,
  ladder: {
    levels: [
      { afterWorkingDays: 0, recipients: ['reporter', 'unit-head'], notice: 'blue', listInBulletin: false },
      { afterWorkingDays: 3, recipients: ['supervisor'], notice: 'yellow', listInBulletin: false },
      { afterWorkingDays: 5, recipients: ['leader'], notice: 'red', listInBulletin: true },
    ],
    repeatEveryWorkingDays: 5,
  },
};

/** 重点督办事项: monthly, due in 3 working days, a ladder of 0 / +1 / +2 working days. */
export const KEY_ITEM_POLICY: SupervisionPolicy = {
  ...DEFAULT_POLICY,
  frequency: 'monthly',
  dueWorkingDays: 3,
  ladder: {
    levels: [
      { afterWorkingDays: 0, recipients: ['reporter', 'unit-head'], notice: 'blue', listInBulletin: false },
      { afterWorkingDays: 1, recipients: ['supervisor'], notice: 'yellow', listInBulletin: false },
      { afterWorkingDays: 2, recipients: ['leader'], notice: 'red', listInBulletin: true },
    ],
    repeatEveryWorkingDays: 5,
  },
};

export type ReminderKind = 'open' | 'pre-due' | 'due';

export interface ScheduledReminder {
  kind: ReminderKind;
  /** Calendar date (YYYY-MM-DD, Asia/Shanghai) the reminder goes out on. */
  on: string;
  audience: 'lead' | 'co';
}

/** One reporting period (报告期) under a policy, every date a calendar date in Asia/Shanghai. */
export interface PeriodSchedule {
  /** 2018Q1, 2018-03 (monthly), 2018H1, 2018 (yearly). */
  key: string;
  start: string;
  end: string;
  /** The reporting window opens on the period's last working day. */
  opensOn: string;
  dueOn: string;
  /** Cooperating units' internal due date. */
  coDueOn: string;
  reminders: ScheduledReminder[];
}
