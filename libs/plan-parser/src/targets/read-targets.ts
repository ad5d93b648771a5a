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
const LEADING_WORDS =
  /^((到|至|力争到)?\d{4}年(底|末|前)?|全年|每年|全市|全区|全省|全县|本市|本区|我市|我区|广州市|其中|力争|争取|基本|累计|建成|培育|形成|引进|打造|实现|完成|创建|的)/;
const TRAILING_WORDS = new RegExp(`(分别)?(${LEAD_IN}|为)$`);
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

function tidyIndicator(raw: string): string {
  let indicator = raw.trim();
  for (let previous = ''; previous !== indicator; ) {
    previous = indicator;
    indicator = indicator.replace(LEADING_WORDS, '').replace(TRAILING_WORDS, '').trim();
  }
  return indicator;
}

/** The year a target is due: the last 到2021年 / 2021年前 before it in its sentence, else the one opening its paragraph. */
function yearAt(text: string, position: number): number | null {
  const sentenceStart = Math.max(text.lastIndexOf('。', position - 1), text.lastIndexOf('\n', position - 1)) + 1;
  const inSentence = [...text.slice(sentenceStart, position).matchAll(YEAR_PHRASE)];
  if (inSentence.length > 0) return Number(inSentence[inSentence.length - 1][1]);
  const paragraph = text.slice(text.lastIndexOf('\n', position - 1) + 1);
  const opening = /^(?:到|至|力争到)?(\d{4})年/.exec(paragraph);
  return opening ? Number(opening[1]) : null;
}

function lastBoundary(text: string, before: number, floor: number): number {
  for (let i = before - 1; i >= floor; i--) if (BOUNDARY_BEFORE.test(text[i])) return i + 1;
  return floor;
}

function clauseEnd(text: string, from: number): number {
  const clause = text.slice(from);
  const end = clause.search(CLAUSE_END);
  const scoped = end < 0 ? clause : clause.slice(0, end);
  const next = scoped.search(NEXT_QUANTITY);
  return from + (next < 0 ? scoped.length : next);
}

function target(text: string, q: Quantity, indicator: string, span: Span): Target {
  return { year: yearAt(text, q.start), indicator, ...bounds(q), unit: q.unit, text: text.slice(span.start, span.end) };
}

/** 国家级、省级两化融合贯标试点企业分别达70家、240家 → one target per listed subject. */
function readRespectively(text: string, consumed: Span[]): Located[] {
  const targets: Located[] = [];
  for (const match of text.matchAll(/分别/g)) {
    const at = match.index ?? 0;
    const start = lastBoundaryExceptList(text, at);
    const end = at + text.slice(at).search(/[，,；;。\n]|$/);
    const subjects = text
      .slice(start, at)
      .split('、')
      .map((s) => s.trim());
    const quantities = [...text.slice(at, end).matchAll(QUANTITY)].map((m) => toQuantity(m, at));
    if (quantities.length < 2 || quantities.length !== subjects.length) continue;
    const names = subjectNames(subjects.map(tidyIndicator));
    quantities.forEach((q, i) => targets.push({ at: q.start, target: target(text, q, names[i], { start, end }) }));
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
  const consumed: Span[] = [];
  const targets = readRespectively(text, consumed);
  let floor = 0;
  for (const match of text.matchAll(QUANTITY)) {
    const q = toQuantity(match);
    if (consumed.some((span) => q.start >= span.start && q.start < span.end)) continue;
    const numberFirst = /^[\u4e00-\u9fff“"A-Za-z0-9]/.test(text.slice(q.end));
    if (numberFirst) {
      const end = clauseEnd(text, q.end);
      // 超10亿元的数字经济企业5家以上: 10亿元 qualifies the companies; the target is 5家以上.
      if (CLOSING_QUANTITY.test(text.slice(q.end, end))) continue;
      const indicatorStart = q.end + (text[q.end] === '的' ? 1 : 0);
      const indicator = tidyIndicator(text.slice(indicatorStart, end));
      if (indicator) targets.push({ at: q.start, target: target(text, q, indicator, { start: q.start, end }) });
      consumed.push({ start: q.start, end });
      floor = end;
    } else {
      const start = lastBoundary(text, q.start, floor);
      const indicator = tidyIndicator(text.slice(start, q.start));
      if (indicator) targets.push({ at: q.start, target: target(text, q, indicator, { start, end: q.end }) });
      floor = q.end;
    }
  }
  return targets.sort((a, b) => a.at - b.at).map((found) => found.target);
}
