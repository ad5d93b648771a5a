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
