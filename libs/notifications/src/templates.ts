import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parsePeriodKey, weekdayOf } from '@duban/calendar';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** The templates every locale must have (file name without .md). */
export const TEMPLATE_NAMES = [
  'period-open',
  'pre-due',
  'due-day',
  'returned',
  'urge',
  'notice-blue',
  'notice-yellow',
  'notice-red',
  'escalation-leader',
  'extension-approved',
  'extension-rejected',
  'closure',
  'rescheduled',
  'delivery-failed',
  'generic',
  'digest',
  'digest-entry',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export interface RenderedMessage {
  subject: string;
  text: string;
}

interface Template {
  subject: string;
  body: string;
}

interface Labels {
  weekdays: string[];
  date: string;
  period: Record<string, string>;
  halves: string[];
  noPeriod: string;
  noDueDate: string;
}

export class TemplateError extends Error {}

export const TEMPLATES_DIR = resolve(__dirname, '../templates');
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** Replaces {{name}}; a name the values lack is an error, so a template can never go out half-filled. */
export function fill(text: string, values: Record<string, string>, where: string): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new TemplateError(`${where}: no value for {{${name}}}`);
    return value;
  });
}

function parseTemplate(source: string, where: string): Template {
  const match = /^subject:[ \t]*(.*)\r?\n---[ \t]*\r?\n([\s\S]*)$/.exec(source);
  if (!match) throw new TemplateError(`${where}: expected "subject: …", a line "---", then the body`);
  return { subject: match[1].trim(), body: match[2].replace(/\s+$/, '') + '\n' };
}

/**
 * The message templates of one locale, read from templates/<locale>/*.md: a subject line, `---`, the body.
 * Dates are written in Asia/Shanghai with their weekday, periods in the locale's words.
 */
export class TemplateSet {
  private readonly templates = new Map<string, Template>();
  private readonly labels: Labels;

  constructor(
    readonly locale: Locale,
    dir: string = join(TEMPLATES_DIR, locale),
  ) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
      this.templates.set(file.slice(0, -3), parseTemplate(readFileSync(join(dir, file), 'utf8'), `${locale}/${file}`));
    }
    for (const name of TEMPLATE_NAMES) if (!this.templates.has(name)) throw new TemplateError(`${locale}: template ${name}.md is missing`);
    this.labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Labels;
  }

  render(name: TemplateName, values: Record<string, string>): RenderedMessage {
    const template = this.templates.get(name);
    if (!template) throw new TemplateError(`${this.locale}: no template ${name}`);
    const where = `${this.locale}/${name}.md`;
    return { subject: fill(template.subject, values, where), text: fill(template.body, values, where) };
  }

  /** 2018-04-09 → 2018年4月9日（星期一）. */
  formatDate(date: string | null | undefined): string {
    if (!date) return this.labels.noDueDate;
    const [year, month, day] = date.slice(0, 10).split('-');
    return fill(
      this.labels.date,
      {
        year,
        month: String(Number(month)),
        day: String(Number(day)),
        month2: month,
        day2: day,
        weekday: this.labels.weekdays[weekdayOf(date.slice(0, 10))],
      },
      `${this.locale}/labels.json`,
    );
  }

  /** 2018Q1 → 2018年第1季度. A key the calendar cannot read is shown as it is. */
  formatPeriod(key: string | null | undefined): string {
    if (!key) return this.labels.noPeriod;
    try {
      const period = parsePeriodKey(key);
      return fill(
        this.labels.period[period.frequency],
        {
          year: String(period.year),
          index: String(period.index),
          month2: String(period.index).padStart(2, '0'),
          half: this.labels.halves[period.index - 1] ?? '',
        },
        `${this.locale}/labels.json`,
      );
    } catch {
      return key;
    }
  }
}
