import { REPORTING_FREQUENCIES, type SupervisionPolicy } from './policy';

const NOTICES = ['blue', 'yellow', 'red'];
const ROLES = ['reporter', 'unit-head', 'supervisor', 'leader'];

/**
 * The first thing wrong with a policy, or null. Pure and deterministic: the item workflow's validators and the
 * API use the same rules.
 */
export function policyProblem(policy: unknown): string | null {
  if (!policy || typeof policy !== 'object') return 'policy: required';
  const p = policy as SupervisionPolicy;
  const days = (field: string, n: unknown): string | null =>
    typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 60 ? `policy.${field}: a whole number of working days from 0 to 60` : null;
  if (!REPORTING_FREQUENCIES.includes(p.frequency)) return `policy.frequency: one of ${REPORTING_FREQUENCIES.join(', ')}`;
  for (const field of ['dueWorkingDays', 'coUnitLeadWorkingDays', 'resubmitWorkingDays', 'closureSignOffWorkingDays'] as const) {
    const problem = days(field, p[field]);
    if (problem) return problem;
  }
  if (!Array.isArray(p.reminderWorkingDaysBeforeDue)) return 'policy.reminderWorkingDaysBeforeDue: a list of working-day counts';
  for (const n of p.reminderWorkingDaysBeforeDue) {
    const problem = days('reminderWorkingDaysBeforeDue', n);
    if (problem) return problem;
  }
  const ladder = p.ladder;
  if (!ladder || !Array.isArray(ladder.levels) || ladder.levels.length === 0) return 'policy.ladder.levels: at least one level';
  const repeat = days('ladder.repeatEveryWorkingDays', ladder.repeatEveryWorkingDays);
  if (repeat) return repeat;
  if (ladder.repeatEveryWorkingDays < 1) return 'policy.ladder.repeatEveryWorkingDays: at least 1';
  for (const [i, level] of ladder.levels.entries()) {
    const problem = days(`ladder.levels[${i}].afterWorkingDays`, level?.afterWorkingDays);
    if (problem) return problem;
    if (!Array.isArray(level.recipients) || level.recipients.length === 0 || !level.recipients.every((r) => ROLES.includes(r))) {
      return `policy.ladder.levels[${i}].recipients: at least one of ${ROLES.join(', ')}`;
    }
    if (!NOTICES.includes(level.notice)) return `policy.ladder.levels[${i}].notice: blue, yellow or red`;
  }
  return null;
}
