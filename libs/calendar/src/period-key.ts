import type { ReportingFrequency } from '@duban/contracts';
import { assertIsoDate, MAX_YEAR, MIN_YEAR } from './iso-date';

/**
 * Reporting periods (报告期) are named by keys: 2018-03 (monthly), 2018Q1, 2018H1, 2018 (yearly).
 * A period is a run of whole months, so every frequency reduces to (year, index, months per period).
 */
export interface ReportingPeriod {
  key: string;
  frequency: ReportingFrequency;
  year: number;
  /** 1-based: month 1–12, quarter 1–4, half 1–2, always 1 for a year. */
  index: number;
}

export interface PeriodBounds {
  start: string;
  end: string;
}

export class InvalidPeriodKeyError extends Error {
  constructor(key: unknown, reason: string) {
    super(`invalid period key ${JSON.stringify(key)}: ${reason} (expected 2018-03, 2018Q1, 2018H1 or 2018)`);
    this.name = 'InvalidPeriodKeyError';
  }
}

const MONTHS_PER_PERIOD: Record<ReportingFrequency, number> = {
  monthly: 1,
  quarterly: 3,
  'half-yearly': 6,
  yearly: 12,
};

const KEY_PATTERNS: { frequency: ReportingFrequency; pattern: RegExp }[] = [
  { frequency: 'monthly', pattern: /^(\d{4})-(\d{2})$/ },
  { frequency: 'quarterly', pattern: /^(\d{4})Q(\d)$/ },
  { frequency: 'half-yearly', pattern: /^(\d{4})H(\d)$/ },
  { frequency: 'yearly', pattern: /^(\d{4})$/ },
];

export function parsePeriodKey(key: string): ReportingPeriod {
  if (typeof key !== 'string') throw new InvalidPeriodKeyError(key, 'not a string');
  for (const { frequency, pattern } of KEY_PATTERNS) {
    const match = pattern.exec(key);
    if (!match) continue;
    const year = Number(match[1]);
    if (year < MIN_YEAR) throw new InvalidPeriodKeyError(key, `year before ${MIN_YEAR}`);
    const index = match[2] === undefined ? 1 : Number(match[2]);
    const count = periodsPerYear(frequency);
    if (index < 1 || index > count) {
      throw new InvalidPeriodKeyError(key, `a year has ${count} ${frequency} periods, numbered 1–${count}`);
    }
    return { key, frequency, year, index };
  }
  throw new InvalidPeriodKeyError(key, 'unrecognised form');
}

export function formatPeriodKey(frequency: ReportingFrequency, year: number, index: number): string {
  const yyyy = String(year);
  switch (frequency) {
    case 'monthly':
      return `${yyyy}-${String(index).padStart(2, '0')}`;
    case 'quarterly':
      return `${yyyy}Q${index}`;
    case 'half-yearly':
      return `${yyyy}H${index}`;
    case 'yearly':
      return yyyy;
  }
}

/** The period of `frequency` that contains `date`. */
export function periodKeyFor(date: string, frequency: ReportingFrequency): string {
  assertIsoDate(date);
  assertFrequency(frequency);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const index = Math.floor((month - 1) / MONTHS_PER_PERIOD[frequency]) + 1;
  return formatPeriodKey(frequency, year, index);
}

export function periodBounds(key: string): PeriodBounds {
  const { frequency, year, index } = parsePeriodKey(key);
  const months = MONTHS_PER_PERIOD[frequency];
  const firstMonth = (index - 1) * months + 1;
  const lastMonth = firstMonth + months - 1;
  return { start: dayOfMonth(year, firstMonth, 1), end: dayOfMonth(year, lastMonth, daysInMonth(year, lastMonth)) };
}

export function nextPeriodKey(key: string): string {
  const { frequency, year, index } = parsePeriodKey(key);
  if (year === MAX_YEAR && index === periodsPerYear(frequency)) {
    throw new InvalidPeriodKeyError(key, `it is the last period a four-digit year can name`);
  }
  return index < periodsPerYear(frequency) ? formatPeriodKey(frequency, year, index + 1) : formatPeriodKey(frequency, year + 1, 1);
}

export function assertFrequency(frequency: string): asserts frequency is ReportingFrequency {
  if (!Object.prototype.hasOwnProperty.call(MONTHS_PER_PERIOD, frequency)) {
    throw new Error(`unknown reporting frequency ${JSON.stringify(frequency)} (expected one of ${Object.keys(MONTHS_PER_PERIOD).join(', ')})`);
  }
}

function periodsPerYear(frequency: ReportingFrequency): number {
  return 12 / MONTHS_PER_PERIOD[frequency];
}

function dayOfMonth(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the following month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
