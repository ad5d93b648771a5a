import ExcelJS from 'exceljs';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';
import type { Bulletin } from './bulletin.service';

export const BULLETIN_LOCALES = { 'zh-CN': zhCN, en } as const;
export type BulletinLocale = keyof typeof BULLETIN_LOCALES;
type Texts = typeof zhCN;

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}

/** An instant as the office reads it: Asia/Shanghai (UTC+8, no daylight saving), to the minute. */
export function shanghaiTime(iso: string): string {
  const s = new Date(Date.parse(iso) + 8 * 3600 * 1000).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}

function headline(b: Bulletin, t: Texts) {
  return {
    title: fill(t.title, { plan: b.plan.title, period: b.periodKey }),
    generated: fill(t.generatedAt, { at: shanghaiTime(b.generatedAt) }),
    summary: fill(t.summary, { due: b.due, onTime: b.onTime, late: b.late, rate: percent(b.onTimeRate) }),
  };
}

function reasonText(t: Texts, reason: 'overdue' | 'late' | 'escalation', level: number | null): string {
  return fill(t.reasons[reason], { level: level === null ? '' : level + 1 });
}

function table(headers: string[], rows: string[][], none: string): string {
  if (rows.length === 0) return `<p>${escape(none)}</p>`;
  const head = headers.map((h) => `<th>${escape(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The bulletin as a self-contained HTML page for the console. */
export function renderBulletinHtml(b: Bulletin, locale: BulletinLocale = 'zh-CN'): string {
  const t = BULLETIN_LOCALES[locale];
  const h = headline(b, t);
  const c = t.columns;
  const unitRows = (units: Bulletin['onTimeUnits']) => units.map((u) => [u.unitName, u.items.map((i) => i.itemCode).join('、')]);
  return [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escape(h.title)}</title></head><body>`,
    `<h1>${escape(h.title)}</h1><p>${escape(h.generated)}</p><p>${escape(h.summary)}</p>`,
    `<h2>${escape(t.sections.onTime)}</h2>`,
    table([c.unit, c.items], unitRows(b.onTimeUnits), t.none),
    `<h2>${escape(t.sections.late)}</h2>`,
    table([c.unit, c.items], unitRows(b.lateUnits), t.none),
    `<h2>${escape(t.sections.escalated)}</h2>`,
    table(
      [c.item, c.title, c.unit, c.reason],
      b.escalatedItems.map((e) => [e.itemCode, e.itemTitle, e.unitName, reasonText(t, e.reason, e.level)]),
      t.none,
    ),
    `<h2>${escape(t.sections.targets)}</h2>`,
    table(
      [c.item, c.indicator, c.goal, c.latest, c.progress],
      b.targets.map((x) => [
        x.itemCode,
        x.indicator,
        x.goal === null ? '—' : `${x.goal}${x.unit}`,
        x.latestValue === null ? '—' : `${x.latestValue}${x.unit}`,
        percent(x.progress),
      ]),
      t.none,
    ),
    '</body></html>',
  ].join('\n');
}

/** The bulletin as an .xlsx workbook for circulation. */
export async function renderBulletinXlsx(b: Bulletin, locale: BulletinLocale = 'zh-CN'): Promise<Buffer> {
  const t = BULLETIN_LOCALES[locale];
  const h = headline(b, t);
  const c = t.columns;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Duban';
  const sheet = workbook.addWorksheet(t.sheet);
  sheet.addRow([h.title]).font = { bold: true, size: 14 };
  sheet.addRow([h.generated]);
  sheet.addRow([h.summary]);
  const section = (title: string, headers: string[], rows: Array<Array<string | number | null>>) => {
    sheet.addRow([]);
    sheet.addRow([title]).font = { bold: true };
    sheet.addRow(headers).font = { bold: true };
    if (rows.length === 0) sheet.addRow([t.none]);
    for (const row of rows) sheet.addRow(row);
  };
  const lineRows = (units: Bulletin['onTimeUnits']) =>
    units.flatMap((u) =>
      u.items.map((i) => [
        u.unitName,
        i.itemCode,
        i.itemTitle,
        i.dueOn,
        i.submittedOn ?? t.notSubmitted,
        t.states[i.periodState as keyof Texts['states']] ?? i.periodState,
      ]),
    );
  const lineHeaders = [c.unit, c.item, c.title, c.dueOn, c.submittedOn, c.state];
  section(t.sections.onTime, lineHeaders, lineRows(b.onTimeUnits));
  section(t.sections.late, lineHeaders, lineRows(b.lateUnits));
  section(
    t.sections.escalated,
    [c.item, c.title, c.unit, c.reason],
    b.escalatedItems.map((e) => [e.itemCode, e.itemTitle, e.unitName, reasonText(t, e.reason, e.level)]),
  );
  section(
    t.sections.targets,
    [c.item, c.indicator, c.goal, c.latest, c.progress],
    b.targets.map((x) => [x.itemCode, x.indicator, x.goal, x.latestValue, percent(x.progress)]),
  );
  sheet.columns.forEach((col, i) => (col.width = [18, 12, 40, 14, 14, 14][i] ?? 14));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
