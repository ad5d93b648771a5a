/**
 * Calendar dates as `YYYY-MM-DD` strings. A date here is a day on the wall calendar in Asia/Shanghai,
 * not an instant: arithmetic runs on day numbers, so no host time zone or DST can shift a deadline.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
/** Four-digit years only: keeps keys and dates sortable as strings and clear of Date's two-digit-year quirk. */
export const MIN_YEAR = 1000;
export const MAX_YEAR = 9999;

export class InvalidDateError extends Error {
  constructor(value: unknown, reason: string) {
    super(`invalid date ${JSON.stringify(value)}: ${reason} (expected a calendar date YYYY-MM-DD)`);
    this.name = 'InvalidDateError';
  }
}

/** Days since 1970-01-01 for a validated date string; throws InvalidDateError otherwise. */
export function toDayNumber(date: string): number {
  if (typeof date !== 'string') throw new InvalidDateError(date, 'not a string');
  const match = ISO_DATE.exec(date);
  if (!match) throw new InvalidDateError(date, 'not in the form YYYY-MM-DD');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < MIN_YEAR) throw new InvalidDateError(date, `year before ${MIN_YEAR}`);
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 2018-02-30 over into March; a round trip catches every impossible day.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new InvalidDateError(date, 'no such day');
  }
  return Math.round(ms / MS_PER_DAY);
}

export function fromDayNumber(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

export function assertIsoDate(date: string): string {
  toDayNumber(date);
  return date;
}

export function addCalendarDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  return new Date(toDayNumber(date) * MS_PER_DAY).getUTCDay();
}

export function yearOf(date: string): number {
  return Number(assertIsoDate(date).slice(0, 4));
}

export function compareDates(a: string, b: string): number {
  return toDayNumber(a) - toDayNumber(b);
}

/** The calendar date in Asia/Shanghai at an instant: what "today" means to a supervision office. */
export function shanghaiDateOf(instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
