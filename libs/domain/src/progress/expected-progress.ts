import type { ItemTarget } from '../plan/item.entity';

/** One approved value of an indicator, dated by the end of the period it reports. */
export interface IndicatorReading {
  indicator: string;
  value: number;
  on: string;
}

export interface Shortfall {
  indicator: string;
  unit: string;
  actual: number;
  expected: number;
  target: number;
  year: number;
}

/**
 * Targets an item is behind on, judged time-proportionally: from the first approved reading of an indicator (its
 * baseline) to the target at the end of the target's year, progress is expected to be linear. An indicator with a
 * single reading, no year, or a target already due has no expectation to fall behind (overdue targets are a
 * supervisor's judgment, not a formula).
 */
export function behindExpectedProgress(targets: ItemTarget[], readings: IndicatorReading[], asOf: string): Shortfall[] {
  const shortfalls: Shortfall[] = [];
  for (const target of targets) {
    const goal = target.value ?? target.min ?? target.max;
    if (goal === undefined || target.year === null || target.year === undefined) continue;
    const series = readings.filter((r) => r.indicator === target.indicator).sort((a, b) => a.on.localeCompare(b.on));
    if (series.length < 2) continue;
    const [baseline, latest] = [series[0], series[series.length - 1]];
    const deadline = `${target.year}-12-31`;
    if (asOf >= deadline || baseline.on >= deadline) continue;
    const share = (Date.parse(asOf) - Date.parse(baseline.on)) / (Date.parse(deadline) - Date.parse(baseline.on));
    const expected = baseline.value + (goal - baseline.value) * Math.min(1, Math.max(0, share));
    const behind = goal >= baseline.value ? latest.value < expected : latest.value > expected;
    if (behind)
      shortfalls.push({ indicator: target.indicator, unit: target.unit, actual: latest.value, expected: round(expected), target: goal, year: target.year });
  }
  return shortfalls;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
