import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assertIsoDate } from './iso-date';

/**
 * What a working-day calendar needs to know: the public holidays and the make-up working days
 * (调休上班日) announced by the State Council, for the years whose notice the data holds.
 * Injectable so tests can play "a newer calendar moved a holiday".
 */
export interface CalendarData {
  /** Identifies the data, recorded beside every computed deadline (e.g. `chinese-days@1.5.7`). */
  version: string;
  /** Years whose holiday notice is in the data; other years fall back to Monday–Friday. */
  years: readonly number[];
  /** Days off although they may fall Monday–Friday. */
  holidays: readonly string[];
  /** Weekend days worked to make up for a holiday. */
  makeUpWorkdays: readonly string[];
}

interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let chineseDaysData: CalendarData | undefined;

/** The calendar data of the installed `chinese-days` package (read once, then shared). */
export function chineseDaysCalendarData(): CalendarData {
  chineseDaysData ??= loadChineseDays();
  return chineseDaysData;
}

/* eslint-disable @typescript-eslint/no-require-imports -- the package ships its data as JSON files next to package.json */
function loadChineseDays(): CalendarData {
  const packageJsonPath = require.resolve('chinese-days/package.json');
  const { version } = require(packageJsonPath) as { version: string };
  const data = require(join(dirname(packageJsonPath), 'dist/chinese-days.json')) as ChineseDaysJson;
  return {
    version: `chinese-days@${version}`,
    years: publishedYears(join(dirname(packageJsonPath), 'dist/years')),
    holidays: Object.keys(data.holidays).sort(),
    makeUpWorkdays: Object.keys(data.workdays).sort(),
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The package ships one file per year whose notice it carries (dist/years/2018.json …). That list,
 * not the dates in the data, says which years are covered: a notice also lists days of the next
 * year (New Year's Day), which must not make that next year look covered.
 */
function publishedYears(yearsDir: string): number[] {
  return readdirSync(yearsDir)
    .map((file) => /^(\d{4})\.json$/.exec(file)?.[1])
    .filter((year): year is string => year !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export function validateCalendarData(data: CalendarData): CalendarData {
  if (!data.version) throw new Error('calendar data needs a version');
  for (const year of data.years) {
    if (!Number.isInteger(year)) throw new Error(`calendar data: year ${String(year)} is not an integer`);
  }
  data.holidays.forEach(assertIsoDate);
  data.makeUpWorkdays.forEach(assertIsoDate);
  const holidays = new Set(data.holidays);
  const clash = data.makeUpWorkdays.find((day) => holidays.has(day));
  if (clash) throw new Error(`calendar data: ${clash} is both a holiday and a make-up working day`);
  return data;
}
