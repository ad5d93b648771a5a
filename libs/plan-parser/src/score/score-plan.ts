import * as fs from 'fs';
import * as yaml from 'js-yaml';
import * as path from 'path';
import type { ParsedPlan, PlanItem } from '../plan.types';

/**
 * A golden file: a plan document's items as a supervisor reads them (decided by reading the document, never taken
 * from the parser's output), to score the parser against (`duban plan score`).
 */
export interface GoldenPlan {
  /** A document in the corpus folder (../shared/corpus), read in place. */
  corpus?: string;
  /** Or a document beside the golden files, relative to the golden file. */
  file?: string;
  /** Every field must be right (the seed). */
  exact?: boolean;
  items: GoldenItem[];
}

export interface GoldenItem {
  number: string;
  title: string;
  lead: string[];
  co?: string[];
  /** YYYY-MM-DD */
  deadlines?: string[];
}

export type FieldName = 'item' | 'lead' | 'co' | 'deadlines';

export interface DocumentScore {
  name: string;
  right: number;
  total: number;
  exact: boolean;
  /** Why the parser gave no plan, when it refused the document. */
  refused?: string;
  misses: string[];
}

const FIELDS: FieldName[] = ['item', 'lead', 'co', 'deadlines'];

function normalized(title: string): string {
  return title.replace(/[\s\p{P}]/gu, '');
}

/** A parsed item is the golden one when their titles open alike (a title may stop at the first comma or run on). */
function sameItem(golden: GoldenItem, item: PlanItem): boolean {
  const a = normalized(golden.title);
  const b = normalized(item.title);
  const n = Math.min(6, a.length, b.length);
  return n > 0 && a.slice(0, n) === b.slice(0, n);
}

function sameSet(expected: string[], actual: string[]): boolean {
  const want = new Set(expected);
  const got = new Set(actual);
  return want.size === got.size && [...want].every((value) => got.has(value));
}

/**
 * Fields right of one document: for each golden item, that it was found as an item, its lead units, its
 * cooperating units and its deadlines (each a set compared whole); each item the parser made up counts one field
 * wrong. Items are matched in reading order by the opening of their titles.
 */
export function scorePlan(name: string, golden: GoldenPlan, parsed: ParsedPlan | Error): DocumentScore {
  const fieldsOfGolden = golden.items.length * FIELDS.length;
  if (parsed instanceof Error) {
    return { name, right: 0, total: fieldsOfGolden, exact: golden.exact ?? false, refused: parsed.message, misses: [`refused: ${parsed.message}`] };
  }
  const misses: string[] = [];
  let right = 0;
  let from = 0;
  const matched = new Set<number>();
  for (const item of golden.items) {
    const at = parsed.items.findIndex((candidate, index) => index >= from && !matched.has(index) && sameItem(item, candidate));
    if (at < 0) {
      misses.push(`${item.number} ${item.title}: not found`);
      continue;
    }
    matched.add(at);
    from = at + 1;
    const found = parsed.items[at];
    right++;
    const checks: Array<[FieldName, string[], string[]]> = [
      ['lead', item.lead, found.leadUnits],
      ['co', item.co ?? [], found.coUnits],
      ['deadlines', item.deadlines ?? [], found.deadlines.map((deadline) => deadline.date)],
    ];
    for (const [field, expected, actual] of checks) {
      if (sameSet(expected, actual)) right++;
      else misses.push(`${item.number} ${item.title}: ${field} ${JSON.stringify(expected)} ≠ ${JSON.stringify(actual)}`);
    }
  }
  const extra = parsed.items.filter((_, index) => !matched.has(index));
  extra.forEach((item) => misses.push(`${item.number} ${item.title}: not an item of the plan`));
  return { name, right, total: fieldsOfGolden + extra.length, exact: golden.exact ?? false, misses };
}

export interface GoldenFile {
  name: string;
  golden: GoldenPlan;
  /** Where the document is. */
  document: string;
}

/** The golden files of a folder (*.golden.yaml) with the documents they name. */
export function readGoldenFolder(folder: string, corpusDir: string): GoldenFile[] {
  return fs
    .readdirSync(folder)
    .filter((file) => file.endsWith('.golden.yaml'))
    .sort()
    .map((file) => {
      // The core schema keeps 2021-12-31 a string, as the parser gives it.
      const golden = yaml.load(fs.readFileSync(path.join(folder, file), 'utf8'), { schema: yaml.CORE_SCHEMA }) as GoldenPlan;
      const document = golden.corpus ? path.join(corpusDir, golden.corpus) : path.resolve(folder, golden.file ?? '');
      return { name: file.replace(/\.golden\.yaml$/, ''), golden, document };
    });
}

export interface ScoreBar {
  /** Percent of all fields right. */
  total: number;
  /** Percent right on every document. */
  each: number;
}

export function percent(right: number, total: number): number {
  return total === 0 ? 100 : (100 * right) / total;
}

/** What keeps the scores below the bar: empty when they meet it. */
export function belowBar(scores: DocumentScore[], bar: ScoreBar): string[] {
  const right = scores.reduce((sum, s) => sum + s.right, 0);
  const total = scores.reduce((sum, s) => sum + s.total, 0);
  const problems = scores.flatMap((s) => {
    if (s.exact && s.right !== s.total) return [`${s.name}: must be exact, ${s.right}/${s.total}`];
    return percent(s.right, s.total) < bar.each ? [`${s.name}: ${percent(s.right, s.total).toFixed(1)}% < ${bar.each}%`] : [];
  });
  if (percent(right, total) < bar.total) problems.push(`total: ${percent(right, total).toFixed(1)}% < ${bar.total}%`);
  return problems;
}
