import { Target } from '../plan.types';

const UNITS = [
  '万平方米',
  '平方公里',
  '平方米',
  '万千瓦时',
  '万千瓦',
  '千瓦时',
  '万人次',
  '万户',
  '万人',
  '万元',
  '亿元',
  '万吨',
  '公里',
  '千米',
  '小时',
  '个百分点',
  '百分点',
  '公顷',
  '兆瓦',
  '人次',
  '个',
  '家',
  '户',
  '项',
  '批',
  '所',
  '座',
  '条',
  '套',
  '台',
  '辆',
  '人',
  '名',
  '场',
  '次',
  '亩',
  '吨',
  '%',
  '％',
  '倍',
  '元',
  '张',
  '处',
  '款',
  '种',
  '份',
  '位',
  '支',
  '栋',
  '万',
  '亿',
];
const AT_LEAST = ['至少', '不少于', '不低于', '超过', '突破', '超', '逾', '高于', '大于'];
const AT_MOST = ['不超过', '不高于', '低于', '少于', '控制在', '以内'];
const EXACT = ['达到', '达', '提高到', '提升到', '提高至', '提升至', '增至', '增长到', '保持在', '稳定在', '约'];
const LEAD_IN = [...AT_MOST, ...AT_LEAST, ...EXACT].sort((a, b) => b.length - a.length).join('|');
const SUFFIX = '及以上|以上|左右|以内|以下';

const NUMBER = '\\d+(?:\\.\\d+)?';
/** A quantity such as 至少50家, 2—3个, 16个以上, 98%, 100万户; never a year, 5G or 4K (no unit follows). */
const QUANTITY = new RegExp(
  `(?<![\\dA-Za-z.．第])(${LEAD_IN})?(${NUMBER})(?:\\s*[—–\\-~～至到]\\s*(${NUMBER}))?\\s*(余)?(${UNITS.join('|')})(${SUFFIX})?(?!工作日|月|天|内|周|日)`,
  'g',
);
/** A quantity that closes its clause: inside a number-first phrase it is the real target, the earlier one a qualifier. */
const CLOSING_QUANTITY = new RegExp(`${QUANTITY.source}$`);

const BOUNDARY_BEFORE = /[，,；;。、：:\n（(）)]/;
const CLAUSE_END = /[，,；;。：:！？\n）)]/;
/** Inside a number-first indicator, another quantity joined by 和/及/、 starts a new target. */
const NEXT_QUANTITY = new RegExp(`(?:[和及与、]|以及)(?:${LEAD_IN})?\\d`);
/** Where a clause ends or, inside a number-first indicator, the next quantity starts: whichever comes first. */
const RESPECTIVELY_END = /[，,；;。\n]/g;
const INDICATOR_END = new RegExp(`${CLAUSE_END.source}|${NEXT_QUANTITY.source}`, 'g');
const LEADING_WORDS =
  /^((到|至|力争到)?\d{4}年(底|末|前)?|全年|每年|全市|全区|全省|全县|本市|本区|我市|我区|广州市|其中|力争|争取|基本|累计|建成|培育|形成|引进|打造|实现|完成|创建|的)/;
/** Words that end an indicator before its figure (…分别达, …不低于), longest first as a regex alternation would take them. */
const TRAILING_WORDS = [...AT_MOST, ...AT_LEAST, ...EXACT, '为'].sort((a, b) => b.length - a.length);
const YEAR_PHRASE = /(?:到|至|截至|力争到|力争在)?(\d{4})年(?:底|末|前|内|以前|之前)?/g;

interface Quantity {
  start: number;
  end: number;
  leadIn: string | undefined;
  first: number;
  second: number | undefined;
  over: boolean;
  unit: string;
  suffix: string | undefined;
}

interface Located {
  at: number;
  target: Target;
}

interface Span {
  start: number;
  end: number;
}

function toQuantity(match: RegExpMatchArray, offset = 0): Quantity {
  const start = (match.index ?? 0) + offset;
  return {
    start,
    end: start + match[0].length,
    leadIn: match[1],
    first: Number(match[2]),
    second: match[3] === undefined ? undefined : Number(match[3]),
    over: match[4] !== undefined,
    unit: match[5] === '％' ? '%' : match[5],
    suffix: match[6],
  };
}

/** value for an exact figure; min/max for a range or a bound (以上, 至少, 超过 → min; 以内, 不超过 → max). */
function bounds(q: Quantity): Pick<Target, 'value' | 'min' | 'max'> {
  if (q.second !== undefined) return { min: q.first, max: q.second };
  const atLeast = q.over || (q.suffix !== undefined && /以上/.test(q.suffix)) || (q.leadIn !== undefined && AT_LEAST.includes(q.leadIn));
  const atMost = (q.suffix !== undefined && /以内|以下/.test(q.suffix)) || (q.leadIn !== undefined && AT_MOST.includes(q.leadIn));
  if (atLeast) return { min: q.first };
  if (atMost) return { max: q.first };
  return { value: q.first };
}

/** Strips lead-in and closing words by moving two indexes, so a long run of them costs its length, not its square. */
function tidyIndicator(raw: string): string {
  let start = 0;
  let end = raw.length;
  for (let previous = -1; previous !== end - start; ) {
    previous = end - start;
    while (start < end && /\s/.test(raw[start])) start++;
    while (end > start && /\s/.test(raw[end - 1])) end--;
    const leading = LEADING_WORDS.exec(raw.slice(start, end));
    if (leading) start += leading[0].length;
    const trailing = TRAILING_WORDS.find((word) => raw.endsWith(word, end) && end - word.length >= start);
    if (trailing) end -= trailing.length;
    if (trailing && end - 2 >= start && raw.endsWith('分别', end)) end -= 2;
  }
  return raw.slice(start, end);
}

/**
 * What each position of a text needs to know about what lies before it — where its sentence and its paragraph
 * start, the 到2021年 phrases read so far — computed once, so reading a position costs a binary search.
 */
interface TextIndex {
  text: string;
  sentenceStart: Int32Array;
  paragraphStart: Int32Array;
  years: Array<{ start: number; end: number; year: number }>;
}

function indexText(text: string): TextIndex {
  const sentenceStart = new Int32Array(text.length + 1);
  const paragraphStart = new Int32Array(text.length + 1);
  for (let i = 1; i <= text.length; i++) {
    const previous = text[i - 1];
    paragraphStart[i] = previous === '\n' ? i : paragraphStart[i - 1];
    sentenceStart[i] = previous === '\n' || previous === '。' ? i : sentenceStart[i - 1];
  }
  const years = [...text.matchAll(YEAR_PHRASE)].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, year: Number(m[1]) }));
  return { text, sentenceStart, paragraphStart, years };
}

/** The year a target is due: the last 到2021年 / 2021年前 before it in its sentence, else the one opening its paragraph. */
function yearAt(index: TextIndex, position: number): number | null {
  const sentenceStart = index.sentenceStart[position];
  let low = 0;
  let high = index.years.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (index.years[middle].end <= position) low = middle + 1;
    else high = middle;
  }
  const last = index.years[low - 1];
  if (last && last.start >= sentenceStart) return last.year;
  const opening = /^(?:到|至|力争到)?(\d{4})年/.exec(index.text.slice(index.paragraphStart[position], position + 16));
  return opening ? Number(opening[1]) : null;
}

function lastBoundary(text: string, before: number, floor: number): number {
  for (let i = before - 1; i >= floor; i--) if (BOUNDARY_BEFORE.test(text[i])) return i + 1;
  return floor;
}

function clauseEnd(text: string, from: number): number {
  INDICATOR_END.lastIndex = from;
  const end = INDICATOR_END.exec(text);
  return end ? end.index : text.length;
}

function target(index: TextIndex, q: Quantity, indicator: string, span: Span): Target {
  return { year: yearAt(index, q.start), indicator, ...bounds(q), unit: q.unit, text: index.text.slice(span.start, span.end) };
}

/** 国家级、省级两化融合贯标试点企业分别达70家、240家 → one target per listed subject. */
function readRespectively(index: TextIndex, consumed: Span[]): Located[] {
  const { text } = index;
  const targets: Located[] = [];
  let clauseRead = -1;
  for (const match of text.matchAll(/分别/g)) {
    const at = match.index ?? 0;
    // One 分别 per clause is read: a second one would scan the same clause again (quadratic on 分别分别分别…).
    if (at < clauseRead) continue;
    RESPECTIVELY_END.lastIndex = at;
    const end = RESPECTIVELY_END.exec(text)?.index ?? text.length;
    clauseRead = end;
    const start = lastBoundaryExceptList(text, at);
    const subjects = text
      .slice(start, at)
      .split('、')
      .map((s) => s.trim());
    const quantities = [...text.slice(at, end).matchAll(QUANTITY)].map((m) => toQuantity(m, at));
    if (quantities.length < 2 || quantities.length !== subjects.length) continue;
    const names = subjectNames(subjects.map(tidyIndicator));
    quantities.forEach((q, i) => targets.push({ at: q.start, target: target(index, q, names[i], { start, end }) }));
    consumed.push({ start, end });
  }
  return targets;
}

function lastBoundaryExceptList(text: string, before: number): number {
  for (let i = before - 1; i >= 0; i--) if (/[，,；;。：:\n]/.test(text[i])) return i + 1;
  return 0;
}

/** 国家级、省级两化融合贯标试点企业: the shared noun follows the qualifier in the last subject (省级|两化…). */
function subjectNames(subjects: string[]): string[] {
  const last = subjects[subjects.length - 1];
  return subjects.map((subject, i) => {
    if (i === subjects.length - 1) return subject;
    const cut = last.indexOf(subject[subject.length - 1]);
    return cut >= 0 && cut < last.length - 1 ? subject + last.slice(cut + 1) : subject;
  });
}

/** Quantitative targets in a piece of plan text, in reading order. */
export function readTargets(text: string): Target[] {
  const index = indexText(text);
  // Both lists of spans are in text order, as are the quantities, so one pointer and one end answer "already read?".
  const respectively: Span[] = [];
  const targets = readRespectively(index, respectively);
  let next = 0;
  let readUpTo = 0;
  const alreadyRead = (at: number): boolean => {
    while (next < respectively.length && respectively[next].end <= at) next++;
    return at < readUpTo || (next < respectively.length && at >= respectively[next].start);
  };
  let floor = 0;
  for (const match of text.matchAll(QUANTITY)) {
    const q = toQuantity(match);
    if (alreadyRead(q.start)) continue;
    const numberFirst = /^[\u4e00-\u9fff“"A-Za-z0-9]/.test(text[q.end] ?? '');
    if (numberFirst) {
      const end = clauseEnd(text, q.end);
      // 超10亿元的数字经济企业5家以上: 10亿元 qualifies the companies; the target is 5家以上.
      if (CLOSING_QUANTITY.test(text.slice(q.end, end))) continue;
      const indicatorStart = q.end + (text[q.end] === '的' ? 1 : 0);
      const indicator = tidyIndicator(text.slice(indicatorStart, end));
      if (indicator) targets.push({ at: q.start, target: target(index, q, indicator, { start: q.start, end }) });
      readUpTo = end;
      floor = end;
    } else {
      const start = lastBoundary(text, q.start, floor);
      const indicator = tidyIndicator(text.slice(start, q.start));
      if (indicator) targets.push({ at: q.start, target: target(index, q, indicator, { start, end: q.end }) });
      floor = q.end;
    }
  }
  return targets.sort((a, b) => a.at - b.at).map((found) => found.target);
}
