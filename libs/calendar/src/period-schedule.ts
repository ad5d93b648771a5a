import type { PeriodSchedule, ReminderKind, ScheduledReminder, SupervisionPolicy } from '@duban/contracts';
import { assertIsoDate, compareDates } from './iso-date';
import { nextPeriodKey, periodBounds, periodKeyFor } from './period-key';
import type { WorkingDayCalendar } from './working-day-calendar';

/** The parts of a policy that fix a period's dates; the escalation ladder plays no part here. */
export type SchedulePolicy = Pick<SupervisionPolicy, 'frequency' | 'dueWorkingDays' | 'reminderWorkingDaysBeforeDue' | 'coUnitLeadWorkingDays'>;

type Audience = ScheduledReminder['audience'];

/**
 * When two reminders for one audience fall on the same day only one is sent. The more specific
 * message wins: 'due' (due today) over 'pre-due' (due on a named date) over 'open' (window open),
 * since each later kind says what the earlier ones say and adds how close the deadline is.
 */
const KIND_SPECIFICITY: Record<ReminderKind, number> = { open: 0, 'pre-due': 1, due: 2 };
const AUDIENCE_ORDER: Record<Audience, number> = { lead: 0, co: 1 };

/**
 * The reporting window, due dates and reminders of one period:
 * - the window opens on the period's last working day (reporters write up the period as it closes);
 * - the lead unit's report is due `dueWorkingDays` working days after the period's end;
 * - cooperating units (配合单位) owe their input `coUnitLeadWorkingDays` working days before that, so
 *   the lead unit has time to fold it in — but never before the window opens;
 * - each audience is reminded when the window opens and `reminderWorkingDaysBeforeDue` working days
 *   before its own due date; a reminder that would precede the window goes out when it opens.
 */
export function computePeriodSchedule(key: string, policy: SchedulePolicy, calendar: WorkingDayCalendar): PeriodSchedule {
  assertSchedulePolicy(policy);
  const { start, end } = periodBounds(key);
  const opensOn = calendar.lastWorkingDayOnOrBefore(end);
  const dueOn = calendar.addWorkingDays(end, policy.dueWorkingDays);
  const coDueOn = latest(calendar.addWorkingDays(dueOn, -policy.coUnitLeadWorkingDays), opensOn);
  const reminders = [...remindersFor('lead', opensOn, dueOn, policy, calendar), ...remindersFor('co', opensOn, coDueOn, policy, calendar)];
  return { key, start, end, opensOn, dueOn, coDueOn, reminders: dedupeAndSort(reminders) };
}

/** A returned (退回) report is due again `resubmitWorkingDays` working days after the return. */
export function resubmissionDueOn(returnedOn: string, policy: Pick<SupervisionPolicy, 'resubmitWorkingDays'>, calendar: WorkingDayCalendar): string {
  assertWorkingDayCount('resubmitWorkingDays', policy.resubmitWorkingDays);
  return calendar.addWorkingDays(returnedOn, policy.resubmitWorkingDays);
}

/** Every period of the policy's frequency that overlaps [from, to], in order. */
export function schedulePeriods(from: string, to: string, policy: SchedulePolicy, calendar: WorkingDayCalendar): PeriodSchedule[] {
  assertIsoDate(from);
  assertIsoDate(to);
  if (compareDates(from, to) > 0) throw new RangeError(`schedule range starts after it ends: ${from} > ${to}`);
  const schedules: PeriodSchedule[] = [];
  for (let key = periodKeyFor(from, policy.frequency); compareDates(periodBounds(key).start, to) <= 0; key = nextPeriodKey(key)) {
    schedules.push(computePeriodSchedule(key, policy, calendar));
  }
  return schedules;
}

function remindersFor(audience: Audience, opensOn: string, dueOn: string, policy: SchedulePolicy, calendar: WorkingDayCalendar): ScheduledReminder[] {
  const open: ScheduledReminder = { kind: 'open', on: opensOn, audience };
  const beforeDue = policy.reminderWorkingDaysBeforeDue.map(
    (n): ScheduledReminder => ({
      kind: n > 0 ? 'pre-due' : 'due',
      on: latest(calendar.addWorkingDays(dueOn, -n), opensOn),
      audience,
    }),
  );
  return [open, ...beforeDue];
}

function dedupeAndSort(reminders: ScheduledReminder[]): ScheduledReminder[] {
  const kept = new Map<string, ScheduledReminder>();
  for (const reminder of reminders) {
    const slot = `${reminder.on}|${reminder.audience}`;
    const held = kept.get(slot);
    if (!held || KIND_SPECIFICITY[reminder.kind] > KIND_SPECIFICITY[held.kind]) kept.set(slot, reminder);
  }
  return [...kept.values()].sort((a, b) => compareDates(a.on, b.on) || AUDIENCE_ORDER[a.audience] - AUDIENCE_ORDER[b.audience]);
}

function latest(a: string, b: string): string {
  return compareDates(a, b) >= 0 ? a : b;
}

function assertSchedulePolicy(policy: SchedulePolicy): void {
  assertWorkingDayCount('dueWorkingDays', policy.dueWorkingDays);
  assertWorkingDayCount('coUnitLeadWorkingDays', policy.coUnitLeadWorkingDays);
  if (!Array.isArray(policy.reminderWorkingDaysBeforeDue)) {
    throw new TypeError('policy.reminderWorkingDaysBeforeDue must be a list of working-day counts');
  }
  policy.reminderWorkingDaysBeforeDue.forEach((n) => assertWorkingDayCount('reminderWorkingDaysBeforeDue', n));
}

function assertWorkingDayCount(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`policy.${field} must be a whole number of working days ≥ 0, got ${String(value)}`);
  }
}
