import type { Shortfall } from '@duban/domain';
import zhCN from './locales/zh-CN.json';

type Params = Record<string, string>;

function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `{${name}}`);
}

export function reminderMessage(kind: keyof typeof zhCN.reminder, params: Params): { subject: string; body: string } {
  const t = zhCN.reminder[kind];
  return { subject: fill(t.subject, params), body: fill(t.body, params) };
}

export function returnedMessage(params: Params): { subject: string; body: string } {
  return { subject: fill(zhCN.returned.subject, params), body: fill(zhCN.returned.body, params) };
}

export function noticeMessage(colour: keyof typeof zhCN.notice, params: Params): { subject: string; body: string } {
  const t = zhCN.notice[colour];
  return { subject: fill(t.subject, params), body: fill(t.body, params) };
}

export function followUpMessage(params: Params): { subject: string; body: string } {
  return { subject: fill(zhCN.followUp.subject, params), body: fill(zhCN.followUp.body, params) };
}

/** 报送期限调整: a newer holiday calendar moved the due date (for a cooperating unit, its own earlier date). */
export function rescheduledMessage(audience: keyof typeof zhCN.rescheduled, params: Params): { subject: string; body: string } {
  const t = zhCN.rescheduled[audience];
  return { subject: fill(t.subject, params), body: fill(t.body, params) };
}

export function closureApprovedMessage(params: Params): { subject: string; body: string } {
  return { subject: fill(zhCN.closure.approved.subject, params), body: fill(zhCN.closure.approved.body, params) };
}

export function statusReason(reason: keyof typeof zhCN.status, params: Params): string {
  return fill(zhCN.status[reason], params);
}

/** 进度滞后: which indicators are behind the straight line to their target, and by how much. */
export function behindMessage(period: string, shortfalls: Shortfall[]): string {
  const parts = shortfalls.map((s) =>
    fill(zhCN.status.behindIndicator, {
      indicator: s.indicator,
      actual: String(s.actual),
      expected: String(s.expected),
      target: String(s.target),
      unit: s.unit,
      year: String(s.year),
    }),
  );
  return fill(zhCN.status.behind, { period, indicators: parts.join('；') });
}
