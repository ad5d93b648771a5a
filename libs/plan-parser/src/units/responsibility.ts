import { charsOf, trimEndChars, trimStartChars } from '../text/trim-chars';
import { looksLikeUnit, readUnitList, splitUnits } from './split-units';

/** 牵头单位 and 配合单位 of one item, as a supervisor lists them. */
export interface Responsibility {
  leadUnits: string[];
  coUnits: string[];
}

export interface ItemText {
  /** The item's text with its responsibility clause and time-limit fields taken out. */
  text: string;
  responsibility: Responsibility | null;
  /** Values of 完成时限 / 完成时间 fields, read as deadlines later. */
  timeLimits: string[];
  /** A responsibility clause that opens but never closes: the document was cut off. */
  unfinishedClause: string | null;
}

type FieldRole = 'lead' | 'co' | 'responsible' | 'timeLimit';

const FIELD_KEYS: ReadonlyArray<{ role: FieldRole; keys: string[] }> = [
  { role: 'lead', keys: ['牵头单位', '牵头部门', '主责单位', '主办单位', '牵头'] },
  { role: 'co', keys: ['配合单位', '配合部门', '参与单位', '协办单位', '协同单位', '配合'] },
  { role: 'responsible', keys: ['责任单位', '责任部门', '责任主体', '实施单位', '责任处室', '负责处室', '负责单位'] },
  { role: 'timeLimit', keys: ['完成时限', '完成时间', '时间节点', '时限要求', '时限'] },
];

const KEY_ALTERNATION = FIELD_KEYS.flatMap((field) => field.keys)
  .sort((a, b) => b.length - a.length)
  .join('|');
const FIELD_KEY = new RegExp(`(${KEY_ALTERNATION})\\s*[:：]`, 'g');
const FIELD_LINE = new RegExp(`^[【\\[]?(${KEY_ALTERNATION})[】\\]]?\\s*[:：]`);
const CLAUSE_OPEN = new RegExp(`[（(〔【\\[]\\s*(${KEY_ALTERNATION})\\s*[:：]`, 'g');
const OPENERS = '（(〔【[';
const FIELD_VALUE_END = charsOf('；;，,。', true);
const SENTENCE_LEAD = charsOf('，,', true);
const SENTENCE_TAIL = charsOf('。；;', true);
const CLOSERS = '）)〕】]';

interface Field {
  role: FieldRole;
  value: string;
}

function roleOf(key: string): FieldRole {
  const field = FIELD_KEYS.find((f) => f.keys.includes(key));
  return field ? field.role : 'responsible';
}

/** 牵头单位：A；配合单位：B → two fields; the key names the role, the text up to the next key is its value. */
function readFields(text: string): Field[] {
  const keys = [...text.matchAll(FIELD_KEY)];
  return keys.map((match, i) => {
    const start = (match.index ?? 0) + match[0].length;
    const end = i + 1 < keys.length ? (keys[i + 1].index ?? text.length) : text.length;
    const value = trimEndChars(text.slice(start, end), FIELD_VALUE_END).trim();
    return { role: roleOf(match[1]), value };
  });
}

/** Index of the bracket closing the one opened at `open`, allowing nested brackets (市委宣传部（市新闻出版局）). */
function closingIndex(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (OPENERS.includes(text[i])) depth++;
    else if (CLOSERS.includes(text[i]) && --depth === 0) return i;
  }
  return -1;
}

/** A 责任单位 list: a unit marked （牵头） leads; else the document's 列第一位的为牵头单位 rule; else every listed unit answers for the item. */
function readResponsibleList(value: string, firstListedLeads: boolean): Responsibility {
  const listed = readUnitList(value.replace(RULE_CLAUSE, ''));
  const leads = listed.some((unit) => unit.markedLead) ? listed.filter((unit) => unit.markedLead) : firstListedLeads ? listed.slice(0, 1) : listed;
  const leading = new Set(leads);
  return {
    leadUnits: leads.map((unit) => unit.name),
    coUnits: listed.filter((unit) => !leading.has(unit)).map((unit) => unit.name),
  };
}

function responsibilityFrom(fields: Field[], firstListedLeads: boolean): Responsibility | null {
  const leadUnits = fields.filter((f) => f.role === 'lead').flatMap((f) => splitUnits(f.value.replace(RULE_CLAUSE, '')));
  const coUnits = fields.filter((f) => f.role === 'co').flatMap((f) => splitUnits(f.value.replace(RULE_CLAUSE, '')));
  const named = leadUnits.length > 0;
  for (const field of fields.filter((f) => f.role === 'responsible')) {
    const listed = readResponsibleList(field.value, firstListedLeads);
    // Beside a named 牵头单位, the 责任单位 / 实施单位 do the work under it: cooperating units, not further leads.
    if (named) coUnits.push(...listed.leadUnits, ...listed.coUnits);
    else leadUnits.push(...listed.leadUnits);
    if (!named) coUnits.push(...listed.coUnits);
  }
  if (leadUnits.length === 0) return null;
  const leads = new Set(leadUnits);
  return { leadUnits: [...leads], coUnits: unique(coUnits).filter((unit) => !leads.has(unit)) };
}

function merge(held: Responsibility | null, found: Responsibility): Responsibility {
  if (held === null) return found;
  const leadUnits = unique([...held.leadUnits, ...found.leadUnits]);
  const leads = new Set(leadUnits);
  return { leadUnits, coUnits: unique([...held.coUnits, ...found.coUnits]).filter((unit) => !leads.has(unit)) };
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

/**
 * 列第一位者为牵头单位 / 排在第一位的部门为牵头部门（，下同）: the document's own rule for reading unlabelled lists,
 * stated once (often inside the first item's parenthesis) and applied to every list after it.
 */
const RULE = '(?:列|排)(?:在|于)?(?:第一位|第一|首位)(?:的|者)?(?:单位|部门)?(?:为|是|系)牵头(?:单位|部门)';
export const FIRST_LISTED_LEADS = new RegExp(RULE);
/** 以下均需各片区配合落实，不再列出: units that take part in every item, named once instead of in each list. */
export const EVERY_ITEM_RULE = /以下均需(.{2,80}?)(?:配合)?落实[，,]?\s*不再列出/;
const RULE_CLAUSE = new RegExp(`[，,；;。]?\\s*(?:${RULE}(?:[，,]?下同)?|${EVERY_ITEM_RULE.source}[。]?)`, 'g');

/** The units of a 以下均需…落实 rule, if the document states one. */
export function everyItemUnits(text: string): string[] {
  const rule = EVERY_ITEM_RULE.exec(text);
  return rule ? splitUnits(rule[1]) : [];
}

const CO_ROLE = '(?:按职责分工负责|按职责负责|分工负责|按职责分工落实|配合|参与|协助|共同推进|共同负责)';
// 区资源生态局牵头负责;各片区负责配合落实: the cooperating units may say 负责配合落实.
const PROSE_LEAD = new RegExp(`^(?:由)?(.+?)牵头(?:负责|推进|落实)?(?:[，,、；;](.+?)(?:负责)?${CO_ROLE}(?:落实)?)?$`);
const PROSE_CO_ONLY = new RegExp(`^(.+?)${CO_ROLE}$`);
/** A负责 / A、B、C按职责分工负责 / A、B分别负责: every listed party answers (or the first leads, by the rule). */
const PROSE_SOLE = /^(?:由)?(.+?)(?:按照职责分工|按职责分工|按职责|分工|分别|共同)?负责$/;
/** A responsibility sentence names a few units; a longer one is prose, and not reading it keeps the cost linear. */
const LONGEST_RESPONSIBILITY = 400;

function allUnits(text: string): string[] | null {
  const units = splitUnits(text);
  return units.length > 0 && units.every(looksLikeUnit) ? units : null;
}

/** 市教育局牵头，市人社局、各区政府按职责分工负责 — only when every named party reads as a unit. */
function readProse(sentence: string, firstListedLeads: boolean): Responsibility | null {
  if (sentence.length > LONGEST_RESPONSIBILITY) return null;
  const lead = PROSE_LEAD.exec(sentence);
  if (lead) {
    const leadUnits = allUnits(lead[1]);
    const coUnits = lead[2] ? allUnits(lead[2]) : [];
    return leadUnits && coUnits ? { leadUnits, coUnits } : null;
  }
  const sole = PROSE_SOLE.exec(sentence);
  const listed = sole ? allUnits(sole[1]) : null;
  if (!listed) return null;
  return firstListedLeads ? { leadUnits: listed.slice(0, 1), coUnits: listed.slice(1) } : { leadUnits: listed, coUnits: [] };
}

function bareUnits(sentence: string, firstListedLeads: boolean): Responsibility | null {
  if (sentence.length > LONGEST_RESPONSIBILITY) return null;
  const listed = allUnits(sentence);
  if (!listed) return null;
  return firstListedLeads ? { leadUnits: listed.slice(0, 1), coUnits: listed.slice(1) } : { leadUnits: listed, coUnits: [] };
}

function readProseCo(sentence: string): string[] | null {
  if (sentence.length > LONGEST_RESPONSIBILITY) return null;
  const co = PROSE_CO_ONLY.exec(sentence);
  return co ? allUnits(co[1]) : null;
}

interface Span {
  start: number;
  end: number;
}

function cutSpans(text: string, spans: Span[]): string {
  let result = '';
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    result += text.slice(at, span.start);
    at = Math.max(at, span.end);
  }
  return result + text.slice(at);
}

/** 牵头单位：… / 责任单位：… / 完成时限：… written on lines of their own. */
function takeFieldLines(lines: string[]): { rest: string[]; fields: Field[] } {
  const rest: string[] = [];
  const fields: Field[] = [];
  for (const line of lines) {
    if (FIELD_LINE.test(line)) fields.push(...readFields(line.replace(/^[【[]|[】\]](?=\s*[:：])/g, '')));
    else rest.push(line);
  }
  return { rest, fields };
}

/** （牵头单位：…；配合单位：…）, （责任单位：…）, 〔责任单位：…〕 inside the text. */
function takeBracketClauses(text: string): { rest: string; fields: Field[]; unfinished: string | null } {
  const fields: Field[] = [];
  const spans: Span[] = [];
  for (const open of text.matchAll(CLAUSE_OPEN)) {
    const start = open.index ?? 0;
    // Clauses are found in order, so only the last one taken can still cover this opening.
    if (spans.length > 0 && start < spans[spans.length - 1].end) continue;
    const end = closingIndex(text, start);
    if (end < 0) return { rest: cutSpans(text, spans), fields, unfinished: text.slice(start) };
    fields.push(...readFields(text.slice(start + 1, end)));
    spans.push({ start, end: end + 1 });
  }
  return { rest: cutSpans(text, spans), fields, unfinished: null };
}

/** Prose in a sentence of its own or in brackets: （市发展改革委牵头，市财政局配合）. */
function takeProse(text: string, firstListedLeads: boolean): { rest: string; responsibility: Responsibility | null } {
  const spans: Span[] = [];
  let responsibility: Responsibility | null = null;
  // 区农业农村中心（区供销社）等按职责分工负责: a unit's other name in brackets inside the clause is no clause of its own.
  text = text.replace(/(?<=[\u4e00-\u9fff])[（(][\u4e00-\u9fff]{2,12}[）)](?=等|、|，|,|按职责)/g, '');
  for (const piece of text.matchAll(/[（(]([^（()）\n]+)[）)]|[^。；;（(\n]+(?:[。；;]|$)?/gm)) {
    const start = piece.index ?? 0;
    // A run that stops at an opening bracket is not a sentence of its own (the pattern used to fail on it, from
    // every one of its characters in turn: quadratic in the run's length).
    if (piece[1] === undefined && /[（(]/.test(text[start + piece[0].length] ?? '')) continue;
    const sentence = trimEndChars(trimStartChars((piece[1] ?? piece[0]).replace(RULE_CLAUSE, ''), SENTENCE_LEAD), SENTENCE_TAIL);
    // Every assignment counts: an item whose parts each end in their own （…负责） is answered for by all of them.
    // A closing bracket that holds nothing but units — …严厉查处违法犯罪活动。（区公安局） — names them too.
    const closing = piece[1] !== undefined && /^[\s。；;]*$/.test(text.slice(start + piece[0].length));
    const found = readProse(sentence, firstListedLeads) ?? (closing ? bareUnits(sentence, firstListedLeads) : null);
    const co = found === null && responsibility !== null ? readProseCo(sentence) : null;
    if (found) responsibility = merge(responsibility, found);
    else if (co && responsibility) responsibility.coUnits = unique([...responsibility.coUnits, ...co]);
    else continue;
    spans.push({ start, end: start + piece[0].length });
  }
  return { rest: cutSpans(text, spans), responsibility };
}

/**
 * Separates an item's responsibility (and time limit) from its text. Structured fields win over prose: a
 * sentence like 发挥龙头企业牵头作用 must never be taken for an assignment.
 */
export function readItemText(lines: string[], firstListedLeads: boolean): ItemText {
  const lineFields = takeFieldLines(lines);
  const brackets = takeBracketClauses(lineFields.rest.join('\n'));
  const fields = [...lineFields.fields, ...brackets.fields];
  const timeLimits = fields.filter((f) => f.role === 'timeLimit').map((f) => f.value);
  const structured = responsibilityFrom(fields, firstListedLeads);
  if (structured || brackets.unfinished) {
    return { text: brackets.rest.trim(), responsibility: structured, timeLimits, unfinishedClause: brackets.unfinished };
  }
  const prose = takeProse(brackets.rest, firstListedLeads);
  return { text: prose.rest.trim(), responsibility: prose.responsibility, timeLimits, unfinishedClause: null };
}
