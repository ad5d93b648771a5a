/** Asia/Shanghai has no daylight saving time: a fixed +08:00 offset is exact. */
const OFFSET = '+08:00';
const OFFSET_MS = 8 * 3600 * 1000;

/** The instant of a calendar date (and time) in Asia/Shanghai, in epoch ms. */
export function instantOf(date: string, time = '00:00'): number {
  return Date.parse(`${date}T${time}:00${OFFSET}`);
}

/** Today's date in Asia/Shanghai by workflow time (deterministic on replay). */
export function shanghaiToday(): string {
  return new Date(Date.now() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar day `days` after `date` (plain day arithmetic: no working-day calendar here). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written YYYY-MM-DD (2018-02-30 is not). */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && addDays(value, 0) === value;
}
