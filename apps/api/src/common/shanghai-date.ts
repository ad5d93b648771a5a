/** Today's calendar date in Asia/Shanghai (fixed +08:00, no daylight saving). */
export function shanghaiToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
