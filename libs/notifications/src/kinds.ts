import type { TemplateName } from './templates';

/** Escalations are critical: never held back by a digest or quiet hours, and sent on every configured channel. */
export function isCritical(kind: string): boolean {
  return kind.startsWith('escalation.');
}

/** Reminders are what a unit's digest gathers. */
export function isDigestible(kind: string): boolean {
  return kind.startsWith('reminder.');
}

/** A channel's `kinds`: exact kinds, prefixes written `reminder.*`, or `*` for everything. */
export function kindMatches(patterns: readonly string[], kind: string): boolean {
  return patterns.some((p) => p === '*' || p === kind || (p.endsWith('.*') && kind.startsWith(p.slice(0, -1))));
}

const BY_KIND: Record<string, TemplateName> = {
  'reminder.open': 'period-open',
  'reminder.pre-due': 'pre-due',
  'reminder.due': 'due-day',
  'report.returned': 'returned',
  'escalation.follow-up': 'urge',
  'escalation.urge': 'urge',
  'escalation.blue': 'notice-blue',
  'escalation.yellow': 'notice-yellow',
  'escalation.red': 'notice-red',
  'escalation.leader': 'escalation-leader',
  'extension.approved': 'extension-approved',
  'extension.rejected': 'extension-rejected',
  'closure.approved': 'closure',
  'period.rescheduled': 'rescheduled',
};

/** Which template renders a kind for a recipient: a notice that reaches a leader is the escalation to the leader. */
export function templateFor(kind: string, recipientRole: string | null): TemplateName {
  if (recipientRole === 'leader' && /^escalation\.(blue|yellow|red)$/.test(kind)) return 'escalation-leader';
  return BY_KIND[kind] ?? (kind.startsWith('closure.') ? 'closure' : 'generic');
}
