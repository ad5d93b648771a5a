import { readDeadlines } from './deadlines/read-deadlines';
import { decodePlanInput } from './input/decode-input';
import { stripChrome, toLines } from './input/strip-chrome';
import { toSimplified } from './input/to-simplified';
import { planYearOf, readMetadata } from './metadata/read-metadata';
import type { ParseStage } from './isolate/child-messages';
import { PlanParseError } from './plan-parse.error';
import { ParsedPlan, PlanItem, PlanSection } from './plan.types';
import { Block, buildOutline, headingChains, Outline, subtreeLines } from './structure/outline';
import { headingTitle, sectionKindOf, sectionOf } from './structure/sections';
import { rewriteTabTables } from './structure/tab-tables';
import { rewriteTableRows } from './structure/table-rows';
import { readTargets } from './targets/read-targets';
import { everyItemUnits, FIRST_LISTED_LEADS, ItemText, readItemText } from './units/responsibility';

export interface ParsePlanOptions {
  fileName?: string;
  /** Refuse larger inputs; default 5 MB. */
  maxBytes?: number;
  /** Told as each stage starts, so a caller that stops a slow parse can say how far it got. */
  onStage?: (stage: ParseStage) => void;
}

const SENTENCE_END = /[。！？；;）)」”"…\]】〕]$/;

interface Candidate {
  block: Block;
  index: number;
  reading: ItemText;
  section: PlanSection;
}

function readBlock(outline: Outline, index: number, firstListedLeads: boolean): ItemText {
  return readItemText(subtreeLines(outline.blocks, index), firstListedLeads);
}

/** Items sit at the depth whose paragraphs carry responsibility most often; on a tie the deeper one. */
function itemDepth(outline: Outline, firstListedLeads: boolean): number {
  const depths = [...new Set(outline.blocks.map((block) => block.depth))].sort((a, b) => a - b);
  let best = { depth: depths[depths.length - 1] ?? 0, count: 0 };
  for (const depth of depths) {
    const count = outline.blocks.filter((block, i) => block.depth === depth && readBlock(outline, i, firstListedLeads).responsibility !== null).length;
    if (count >= best.count && count > 0) best = { depth, count };
  }
  return best.depth;
}

/**
 * Sections whose measures are numbered in another style than the tasks (工作要求 with （一）（二） under a plan
 * whose tasks are 1. 2.): their first-level paragraphs are items too.
 */
function sectionChildren(outline: Outline, depth: number): number[] {
  const { blocks } = outline;
  return blocks.flatMap((block, index) => {
    const kind = sectionKindOf(block);
    if (block.depth >= depth || (kind !== 'task' && kind !== 'safeguard')) return [];
    const subtree: number[] = [];
    for (let i = index + 1; i < blocks.length && blocks[i].depth > block.depth; i++) subtree.push(i);
    if (subtree.some((i) => blocks[i].depth === depth)) return [];
    const childDepth = Math.min(...subtree.map((i) => blocks[i].depth));
    return subtree.filter((i) => blocks[i].depth === childDepth);
  });
}

/**
 * Paragraphs above the items' depth that have no paragraphs under them and name their own units ((一) grouping the
 * tasks 1.–3. beside (二) and (三) that are tasks themselves, each with its 责任单位): items too.
 */
function leavesAbove(outline: Outline, depth: number, firstListedLeads: boolean): number[] {
  const { blocks } = outline;
  return blocks.flatMap((block, index) => {
    if (block.depth >= depth || sectionKindOf(block) !== null) return [];
    const next = blocks[index + 1];
    if (next && next.depth > block.depth) return [];
    return readBlock(outline, index, firstListedLeads).responsibility !== null ? [index] : [];
  });
}

function candidates(outline: Outline, depth: number, firstListedLeads: boolean): Candidate[] {
  const found: Candidate[] = [];
  const extra = new Set([...sectionChildren(outline, depth), ...leavesAbove(outline, depth, firstListedLeads)]);
  const headings = headingChains(outline.blocks);
  outline.blocks.forEach((block, index) => {
    if (block.depth !== depth && !extra.has(index)) return;
    const reading = readBlock(outline, index, firstListedLeads);
    const kind = sectionOf(headings[index]);
    // Items under 指导思想 / 工作目标 are statements, not assignments, unless the document assigns them.
    if ((kind === 'goals' || kind === 'preamble') && reading.responsibility === null) return;
    found.push({ block, index, reading, section: kind === 'safeguard' ? 'safeguard' : 'task' });
  });
  return found;
}

function splitTitle(text: string): { title: string; body: string } {
  const [first, ...rest] = text.split('\n');
  const stop = first.search(/[。；;]/);
  if (stop < 0) return { title: first.replace(/[：:]$/, '').trim(), body: rest.join('\n').trim() };
  return { title: first.slice(0, stop).trim(), body: [first.slice(stop + 1), ...rest].join('\n').trim() };
}

function toItem(candidate: Candidate, code: string, planYear: number | null): PlanItem {
  const { title, body } = splitTitle(candidate.reading.text);
  const fullText = `${title}。${body}`;
  const targets = readTargets(fullText);
  return {
    code,
    section: candidate.section,
    number: candidate.block.numbering.label,
    title,
    body,
    leadUnits: candidate.reading.responsibility?.leadUnits ?? [],
    coUnits: candidate.reading.responsibility?.coUnits ?? [],
    deadlines: readDeadlines(fullText, candidate.reading.timeLimits, planYear),
    // In a one-year plan (2024年工作要点) a target without its own year is due within that year.
    targets: targets.map((target) => ({ ...target, year: target.year ?? planYear })),
  };
}

function codeItems(found: Candidate[], planYear: number | null): PlanItem[] {
  const counters: Record<PlanSection, number> = { task: 0, safeguard: 0 };
  return found.map((candidate) => {
    const n = ++counters[candidate.section];
    const code = `${candidate.section === 'task' ? 'T' : 'S'}${String(n).padStart(2, '0')}`;
    return toItem(candidate, code, planYear);
  });
}

/** Units the document names once for every item (以下均需…落实，不再列出) cooperate on each item that does not list them. */
function withEveryItemUnits(item: PlanItem, units: string[]): PlanItem {
  if (units.length === 0 || item.leadUnits.length === 0) return item;
  const listed = new Set([...item.leadUnits, ...item.coUnits]);
  return { ...item, coUnits: [...item.coUnits, ...units.filter((unit) => !listed.has(unit))] };
}

function emptySection(outline: Outline, depth: number): Block | undefined {
  return outline.blocks.find((block, index) => {
    const kind = sectionKindOf(block);
    if (block.depth >= depth || (kind !== 'task' && kind !== 'safeguard')) return false;
    const next = outline.blocks[index + 1];
    return block.lines.length === 1 && headingTitle(block) === block.lines[0].trim() && (!next || next.depth <= block.depth);
  });
}

/** Refuses a document that stops mid-way, rather than returning the part before the cut as if it were the plan. */
function checkComplete(outline: Outline, depth: number, found: Candidate[]): void {
  const last = found[found.length - 1];
  if (last?.reading.unfinishedClause) {
    throw new PlanParseError('truncated', 'truncated.clause', { number: last.block.numbering.label, clause: last.reading.unfinishedClause });
  }
  const empty = emptySection(outline, depth);
  if (empty) throw new PlanParseError('truncated', 'truncated.section', { section: headingTitle(empty) });
  if (!last || last.reading.responsibility !== null) return;
  // A last item that ends its sentence but names no unit is kept, for the supervisor to assign at review: what the
  // parser cannot place never rejects the document. Only text that stops mid-sentence is a document cut off.
  const lastLine = subtreeLines(outline.blocks, last.index).slice(-1)[0] ?? '';
  if (!SENTENCE_END.test(lastLine))
    throw new PlanParseError('truncated', 'truncated.item', { number: last.block.numbering.label, title: headingTitle(last.block) });
}

function planTargets(outline: Outline): ParsedPlan['targets'] {
  const headings = headingChains(outline.blocks);
  const goals = outline.blocks.flatMap((block, index) => {
    const nested = headings[index].some((heading) => sectionKindOf(heading) === 'goals');
    return sectionKindOf(block) === 'goals' && !nested ? [subtreeLines(outline.blocks, index).join('\n')] : [];
  });
  return goals.flatMap((text) => readTargets(text));
}

/**
 * Reads a Chinese government implementation plan (实施方案, 工作要点, 任务分工方案, 行动方案 …) into the items a
 * supervision office puts under supervision. Throws PlanParseError instead of returning a partial plan.
 */
export function parsePlan(input: Buffer | string, options: ParsePlanOptions = {}): ParsedPlan {
  const stage = options.onStage ?? (() => undefined);
  stage('decode');
  const text = toSimplified(decodePlanInput(input, options.maxBytes));
  stage('outline');
  const lines = rewriteTableRows(stripChrome(toLines(rewriteTabTables(text))));
  const outline = buildOutline(lines);
  const firstListedLeads = FIRST_LISTED_LEADS.test(text);
  stage('responsibility');
  const depth = itemDepth(outline, firstListedLeads);
  const found = candidates(outline, depth, firstListedLeads);
  stage('items');
  const assigned = found.filter((c) => c.reading.responsibility !== null);
  if (assigned.length === 0) {
    checkComplete(outline, depth, found);
    throw new PlanParseError('not-a-plan', 'not-a-plan');
  }
  checkComplete(outline, depth, found);
  const plan = readMetadata(outline.preamble, lines, options.fileName);
  const everyItem = everyItemUnits(text);
  const items = codeItems(found, planYearOf(plan.title)).map((item) => withEveryItemUnits(item, everyItem));
  return { plan, targets: planTargets(outline), items };
}
