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
