import { addCalendarDays, shanghaiDateOf, type WorkingDayCalendar } from '@duban/calendar';

export interface OfficeHours {
  /** Minutes after midnight, Asia/Shanghai. */
  start: number;
  end: number;
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000; // Asia/Shanghai has no daylight saving time.

/** Minutes after midnight in Asia/Shanghai at an instant. */
export function shanghaiMinuteOf(instant: Date): number {
  const ms = (instant.getTime() + SHANGHAI_OFFSET_MS) % 86_400_000;
  return Math.floor(ms / 60_000);
}

/** The instant of a Shanghai date and minute of day. */
export function shanghaiInstant(date: string, minute: number): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS + minute * 60_000);
}

/**
 * The first instant at or after `at` inside office hours on a working day (Asia/Shanghai, with the Chinese
 * holidays and make-up working days): email and webhooks wait for it unless critical.
 */
export function nextOfficeInstant(at: Date, hours: OfficeHours, calendar: WorkingDayCalendar): Date {
  const today = shanghaiDateOf(at);
  const minute = shanghaiMinuteOf(at);
  if (calendar.isWorkingDay(today) && minute >= hours.start && minute < hours.end) return at;
  let day = calendar.isWorkingDay(today) && minute < hours.start ? today : addCalendarDays(today, 1);
  // Bounded: the longest run of days off in China is well under a month.
  for (let i = 0; i < 60 && !calendar.isWorkingDay(day); i += 1) day = addCalendarDays(day, 1);
  return shanghaiInstant(day, hours.start);
}

/** Exponential backoff after `attempts` failed attempts, capped. */
export function backoffDelay(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

export interface FirstAttemptInput {
  now: Date;
  critical: boolean;
  /** Set when the message joins a unit's digest: its window, and when the digest already open today goes out. */
  digest?: { windowSeconds: number; openUntil?: Date };
  /** Set when quiet hours apply to the channel (email and webhooks; never the inbox). */
  quiet?: { hours: OfficeHours; calendar: WorkingDayCalendar };
}

/**
 * When a new delivery may first go out. Critical ones: now, whatever the digest or the hour. A digest message
 * joins today's open digest of its target, or opens one that closes after the unit's window. Then quiet hours.
 */
export function firstAttemptAt({ now, critical, digest, quiet }: FirstAttemptInput): Date {
  if (critical) return now;
  let at = now;
  if (digest) at = digest.openUntil ?? new Date(now.getTime() + digest.windowSeconds * 1000);
  return quiet ? nextOfficeInstant(at, quiet.hours, quiet.calendar) : at;
}
