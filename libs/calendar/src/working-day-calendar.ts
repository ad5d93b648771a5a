import { CalendarData, chineseDaysCalendarData, validateCalendarData } from './calendar-data';
import { addCalendarDays, assertIsoDate, toDayNumber, weekdayOf, yearOf } from './iso-date';

/** Refuses absurd offsets before they become a multi-million-step loop. */
const MAX_WORKING_DAY_OFFSET = 100_000;

/**
 * Working days (工作日) in Asia/Shanghai: Monday–Friday, minus public holidays, plus the weekend
 * make-up working days (调休上班日). Years the data does not cover fall back to plain Monday–Friday;
 * `covers(year)` tells callers when a date rests on that fallback.
 */
export class WorkingDayCalendar {
  readonly version: string;
  private readonly holidays: ReadonlySet<string>;
  private readonly makeUpWorkdays: ReadonlySet<string>;
  private readonly years: readonly number[];

  constructor(data: CalendarData = chineseDaysCalendarData()) {
    validateCalendarData(data);
    this.version = data.version;
    this.holidays = new Set(data.holidays);
    this.makeUpWorkdays = new Set(data.makeUpWorkdays);
    this.years = [...data.years].sort((a, b) => a - b);
  }

  /** The years whose holiday notice the data carries. */
  dataYears(): number[] {
    return [...this.years];
  }

  /** False when dates in `year` are computed on the Monday–Friday fallback. */
  covers(year: number): boolean {
    return this.years.includes(year);
  }

  isWorkingDay(date: string): boolean {
    assertIsoDate(date);
    if (!this.covers(yearOf(date))) return isWeekday(date);
    if (this.makeUpWorkdays.has(date)) return true;
    return isWeekday(date) && !this.holidays.has(date);
  }

  /**
   * The n-th working day after `date` (n > 0) or before it (n < 0), not counting `date` itself.
   * n = 0 gives `date` when it is a working day, else the next working day (as chinese-days' findWorkday).
   */
  addWorkingDays(date: string, n: number): string {
    assertIsoDate(date);
    assertOffset(n);
    if (n === 0) return this.isWorkingDay(date) ? date : this.addWorkingDays(date, 1);
    const step = n > 0 ? 1 : -1;
    let day = date;
    for (let remaining = Math.abs(n); remaining > 0; ) {
      day = addCalendarDays(day, step);
      if (this.isWorkingDay(day)) remaining -= 1;
    }
    return day;
  }

  lastWorkingDayOnOrBefore(date: string): string {
    let day = assertIsoDate(date);
    while (!this.isWorkingDay(day)) day = addCalendarDays(day, -1);
    return day;
  }

  /**
   * Working days d with a < d ≤ b (negated when b is before a), so that for a working day b
   * `addWorkingDays(a, workingDaysBetween(a, b)) === b`.
   */
  workingDaysBetween(a: string, b: string): number {
    const [from, to] = [toDayNumber(a), toDayNumber(b)];
    if (from === to) return 0;
    if (to < from) return -this.workingDaysBetween(b, a);
    let count = 0;
    for (let day = addCalendarDays(a, 1); toDayNumber(day) <= to; day = addCalendarDays(day, 1)) {
      if (this.isWorkingDay(day)) count += 1;
    }
    return count;
  }
}

function isWeekday(date: string): boolean {
  const weekday = weekdayOf(date);
  return weekday >= 1 && weekday <= 5;
}

function assertOffset(n: number): void {
  if (!Number.isInteger(n) || Math.abs(n) > MAX_WORKING_DAY_OFFSET) {
    throw new RangeError(`working-day offset must be an integer within ±${MAX_WORKING_DAY_OFFSET}, got ${String(n)}`);
  }
}
