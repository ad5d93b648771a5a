import { readFileSync } from 'node:fs';
import { type CalendarData, chineseDaysCalendarData, validateCalendarData } from './calendar-data';
import { assertIsoDate, yearOf } from './iso-date';

/**
 * The office's own additions to the package's calendar, from a JSON file (DUBAN_CALENDAR_ADJUSTMENTS): the State
 * Council publishes next year's arrangements (国务院办公厅关于某年部分节假日安排的通知) weeks before a new
 * `chinese-days` is released, and a one-off change (a day declared off locally) never reaches the package.
 *
 * ```json
 * { "label": "2027-notice", "years": [2027], "holidays": ["2027-01-01"], "makeUpWorkdays": ["2027-02-20"], "workdays": [] }
 * ```
 * - `label` names the adjustment; the merged calendar's version is `<package version>+<label>`, so changing the
 *   file means a new label (and the engine recomputes the open periods once per version).
 * - `years` are years whose arrangement the file completes: their days follow the data instead of the
 *   Monday–Friday fallback. Every date in the file must fall in a year the merged data covers.
 * - `holidays` are days off; `makeUpWorkdays` weekend days worked (调休上班日); `workdays` take a day back out of
 *   the package's holidays (a corrected notice). The file wins over the package where they disagree.
 */
export interface CalendarAdjustments {
  label: string;
  years?: number[];
  holidays?: string[];
  makeUpWorkdays?: string[];
  workdays?: string[];
  /** Free text: where the arrangement comes from (the notice's title and number). */
  source?: string;
}

const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class CalendarAdjustmentsError extends Error {}

/** Checks the shape of an adjustments object and says what is wrong with which field. */
export function parseCalendarAdjustments(raw: unknown, where = 'calendar adjustments'): CalendarAdjustments {
  const fail = (message: string): never => {
    throw new CalendarAdjustmentsError(`${where}: ${message}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('expected a JSON object');
  const obj = raw as Record<string, unknown>;
  const known = new Set(['label', 'years', 'holidays', 'makeUpWorkdays', 'workdays', 'source']);
  const unknown = Object.keys(obj).filter((k) => !known.has(k));
  if (unknown.length > 0) fail(`unknown field ${unknown.join(', ')} (expected label, years, holidays, makeUpWorkdays, workdays, source)`);
  if (typeof obj.label !== 'string' || !LABEL.test(obj.label)) fail('label: 1–64 letters, digits, ".", "_" or "-", e.g. "2027-notice"');
  const dates = (field: 'holidays' | 'makeUpWorkdays' | 'workdays'): string[] => {
    const value = obj[field] ?? [];
    if (!Array.isArray(value)) return fail(`${field}: expected a list of dates YYYY-MM-DD`);
    return value.map((d, i) => {
      try {
        return assertIsoDate(d as string);
      } catch {
        return fail(`${field}[${i}]: ${JSON.stringify(d)} is not a date YYYY-MM-DD`);
      }
    });
  };
  const years = obj.years ?? [];
  if (!Array.isArray(years) || years.some((y) => !Number.isInteger(y) || (y as number) < 1000 || (y as number) > 9999)) {
    fail('years: expected a list of four-digit years');
  }
  if (obj.source !== undefined && typeof obj.source !== 'string') fail('source: expected text');
  const adjustments: CalendarAdjustments = {
    label: obj.label as string,
    years: years as number[],
    holidays: dates('holidays'),
    makeUpWorkdays: dates('makeUpWorkdays'),
    workdays: dates('workdays'),
    ...(obj.source !== undefined ? { source: obj.source as string } : {}),
  };
  const lists = { holidays: adjustments.holidays ?? [], makeUpWorkdays: adjustments.makeUpWorkdays ?? [], workdays: adjustments.workdays ?? [] };
  const seen = new Map<string, string>();
  for (const [field, list] of Object.entries(lists)) {
    for (const day of list) {
      const other = seen.get(day);
      if (other && other !== field) fail(`${day} is listed both in ${other} and in ${field}`);
      seen.set(day, field);
    }
  }
  return adjustments;
}

/** Reads and checks an adjustments file; a missing or malformed file is an error naming the file. */
export function loadCalendarAdjustments(path: string): CalendarAdjustments {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CalendarAdjustmentsError(`calendar adjustments ${path}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CalendarAdjustmentsError(`calendar adjustments ${path}: not JSON (${(err as Error).message})`);
  }
  return parseCalendarAdjustments(raw, `calendar adjustments ${path}`);
}

/** The package's data with the office's adjustments laid over it; the adjustments win. */
export function mergeCalendarData(base: CalendarData, adjustments: CalendarAdjustments): CalendarData {
  const years = [...new Set([...base.years, ...(adjustments.years ?? [])])].sort((a, b) => a - b);
  const covered = new Set(years);
  for (const day of [...(adjustments.holidays ?? []), ...(adjustments.makeUpWorkdays ?? []), ...(adjustments.workdays ?? [])]) {
    if (!covered.has(yearOf(day))) {
      throw new CalendarAdjustmentsError(
        `calendar adjustments ${adjustments.label}: ${day} is in ${yearOf(day)}, which neither the package nor the file's "years" covers (add ${yearOf(day)} to "years")`,
      );
    }
  }
  const addedHolidays = new Set(adjustments.holidays ?? []);
  const addedMakeUp = new Set(adjustments.makeUpWorkdays ?? []);
  const plainDays = new Set(adjustments.workdays ?? []);
  const holidays = new Set(base.holidays.filter((d) => !addedMakeUp.has(d) && !plainDays.has(d)));
  addedHolidays.forEach((d) => holidays.add(d));
  const makeUpWorkdays = new Set(base.makeUpWorkdays.filter((d) => !addedHolidays.has(d) && !plainDays.has(d)));
  addedMakeUp.forEach((d) => makeUpWorkdays.add(d));
  return validateCalendarData({
    version: `${base.version}+${adjustments.label}`,
    years,
    holidays: [...holidays].sort(),
    makeUpWorkdays: [...makeUpWorkdays].sort(),
  });
}

/** The calendar data in force: the package's, with the adjustments file over it when one is set. */
export function installedCalendarData(adjustmentsPath?: string): CalendarData {
  const base = chineseDaysCalendarData();
  return adjustmentsPath ? mergeCalendarData(base, loadCalendarAdjustments(adjustmentsPath)) : base;
}
