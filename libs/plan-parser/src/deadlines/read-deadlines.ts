import { Deadline } from '../plan.types';

interface DeadlinePattern {
  pattern: RegExp;
  date: (match: RegExpExecArray, planYear: number | null) => string | null;
  confirm: boolean;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function monthEnd(year: number, month: number): string {
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(lastDay)}`;
}

function yearEnd(year: number): string {
  return `${year}-12-31`;
}

function validDay(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 ? `${year}-${pad(month)}-${pad(day)}` : null;
}

const QUARTER_END: Record<string, number> = { 一: 3, 二: 6, 三: 9, 四: 12, '1': 3, '2': 6, '3': 9, '4': 12 };
const BEFORE = '(?:前|之前|以前)';

const Y = (m: RegExpExecArray, i: number, planYear: number | null): number | null => (m[i] ? Number(m[i]) : planYear);

/**
 * Ordered most specific first; a later pattern never reads text an earlier one already read, so 到2019年底
 * is one deadline, not also 2019年底.
 */
const PATTERNS: DeadlinePattern[] = [
  {
    pattern: new RegExp(`(?:(\\d{4})年)?(\\d{1,2})月(\\d{1,2})日${BEFORE}?`, 'g'),
    date: (m, planYear) => {
      const year = Y(m, 1, planYear);
      return year ? validDay(year, Number(m[2]), Number(m[3])) : null;
    },
    confirm: false,
  },
  {
    pattern: new RegExp(`(?:到|至|截至|截止到?|于)?(?:(\\d{4})年)?(\\d{1,2})月(?:底|末|份)?${BEFORE}?`, 'g'),
    // A bare 2024年6月 in prose is usually when something starts, so require 底/前 outside a 完成时限 field.
    date: (m, planYear) => {
      const year = Y(m, 1, planYear);
      const month = Number(m[2]);
      return year && month >= 1 && month <= 12 ? monthEnd(year, month) : null;
    },
    confirm: false,
  },
  {
    pattern:
      /(?<![\d一二三四五六七八九十两几每])(?:到|至|截至|截止到?|力争到|力争)?(\d{4})?年?(上半年|下半年|年内|年底|年末|第([一二三四1-4])季度)(?:前|之前|以前|末)?/g,
    date: (m, planYear) => {
      const year = Y(m, 1, planYear);
      if (!year) return null;
      if (m[2] === '上半年') return monthEnd(year, 6);
      if (m[3]) return monthEnd(year, QUARTER_END[m[3]]);
      return yearEnd(year);
    },
    confirm: false,
  },
  {
    pattern: /(?:到|至|截至|截止到?|力争到|力争在|争取到)(\d{4})年/g,
    date: (m) => yearEnd(Number(m[1])),
    confirm: false,
  },
  {
    // 2015年完成试点任务, 2017年基本完成: the work is done within that year.
    pattern: /(?<!\d)(\d{4})年(?:基本|全面|全部)?完成/g,
    date: (m) => yearEnd(Number(m[1])),
    confirm: false,
  },
  {
    // 2021年前 reads as "before 2021" (by 2020-12-31) or as "by 2021" (by 2021-12-31); plans use it both
    // ways. Take the later date, so a unit is not flagged late on the stricter reading, and have a supervisor confirm.
    pattern: new RegExp(`(\\d{4})年${BEFORE}`, 'g'),
    date: (m) => yearEnd(Number(m[1])),
    confirm: true,
  },
];

/** In a 完成时限 field a bare year or month is the deadline itself. */
const FIELD_ONLY: DeadlinePattern[] = [{ pattern: /(\d{4})年(?!\d{1,2}月)/g, date: (m) => yearEnd(Number(m[1])), confirm: false }];

interface Found extends Deadline {
  start: number;
  end: number;
}

function isPolicyPeriod(text: string, start: number, end: number): boolean {
  if (/^(起|开始|以来|至|到|—|－|-|~|～)/.test(text.slice(end, end + 2))) return true;
  // The end of such a period: 至2020年12月31日 right after a date (the 至 may open the match itself).
  const date = start + (/^(至|到)/.test(text.slice(start, end)) ? 1 : 0);
  return /[日月](至|到|—|－|-|~|～)$/.test(text.slice(Math.max(0, date - 2), date));
}

function needsMarker(match: RegExpExecArray, index: number): boolean {
  // The month pattern (index 1) only counts with 底/末/前 or a leading 到/至, unless it is in a field.
  return index === 1 && !/(底|末|前|^到|^至|^截)/.test(match[0]);
}

function findAll(text: string, planYear: number | null, inField: boolean): Found[] {
  const found: Found[] = [];
  // Characters an earlier pattern already read: checking a match against this costs its length, not the number found.
  const read = new Uint8Array(text.length);
  const patterns = inField ? [...PATTERNS, ...FIELD_ONLY] : PATTERNS;
  patterns.forEach(({ pattern, date, confirm }, index) => {
    for (const match of text.matchAll(pattern)) {
      const start = match.index ?? 0;
      const end = start + match[0].length;
      if (read.subarray(start, end).includes(1)) continue;
      if (!inField && needsMarker(match as RegExpExecArray, index)) continue;
      // 2000年底前建成的小区 describes the estates, it sets no deadline.
      if (!inField && /^[\u4e00-\u9fff]{0,3}的/.test(text.slice(end, end + 4))) continue;
      // 从2019年1月1日起 and 2019年1月1日至2020年12月31日 say when a policy applies, not when a task is done.
      if (!inField && isPolicyPeriod(text, start, end)) continue;
      const iso = date(match as RegExpExecArray, planYear);
      if (!iso) continue;
      found.push({ date: iso, text: match[0], confirm, start, end });
      read.fill(1, start, end);
    }
  });
  return found.sort((a, b) => a.start - b.start);
}

/**
 * Deadlines of an item: phrases in its text plus its 完成时限 fields. `planYear` (from a title such as
 * 2024年工作要点) dates phrases that omit the year, like 6月底前.
 */
export function readDeadlines(text: string, timeLimits: string[], planYear: number | null): Deadline[] {
  // The 完成时限 field is the official one, so it comes first and names a date that the text repeats.
  const all = [...timeLimits.flatMap((limit) => findAll(limit, planYear, true)), ...findAll(text, planYear, false)];
  const byDate = new Map<string, Deadline>();
  for (const { date, text: phrase, confirm } of all) if (!byDate.has(date)) byDate.set(date, { date, text: phrase, confirm });
  return [...byDate.values()];
}
