import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import {
  ParsedPlan,
  PlanParseError,
  belowBar,
  loadUnitDirectory,
  parsePlanDocument,
  percent,
  readGoldenFolder,
  scorePlan,
  type DocumentScore,
} from '@duban/plan-parser';
import { PlanService, createDataSource } from '@duban/domain';

const UNIT_DIRECTORY = path.join(__dirname, '../../../../seeds/units.yaml');
/** The corpus of real plans sits beside the repository (../shared/corpus); tests read it in place. */
export const DEFAULT_CORPUS_DIR = path.join(__dirname, '../../../../../shared/corpus');

/** Where the command writes and how it ends; tests pass their own to capture output without exiting. */
export interface PlanCommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  exit: (code: number) => void;
}

const processIo: PlanCommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  exit: (code) => process.exit(code),
};

/** Bad input is the user's to fix, not a crash: exit code 2 with the parser's message. */
const EXIT_BAD_INPUT = 2;

function readFileBytes(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new PlanParseError('unreadable', 'unreadable', { fileName: file, reason: err instanceof Error ? err.message : String(err) });
  }
}

/** A .yaml/.yml file is a plan written by hand; anything else is a document to parse. */
export function readPlanFile(file: string): ParsedPlan {
  return parsePlanDocument(readFileBytes(file), path.basename(file));
}

function summary(plan: ParsedPlan): string {
  const tasks = plan.items.filter((item) => item.section === 'task').length;
  const lines = [
    `${plan.plan.title}${plan.plan.docNumber ? `（${plan.plan.docNumber}）` : ''}`,
    `${plan.items.length} items: ${tasks} tasks, ${plan.items.length - tasks} safeguard measures; ${plan.targets.length} plan targets`,
    ...plan.items.map((item) => {
      const due = item.deadlines.map((d) => `${d.date}${d.confirm ? '?' : ''}`).join(' ');
      return `${item.code} ${item.title} — 牵头: ${item.leadUnits.join('、') || '—'}; 配合: ${item.coUnits.join('、') || '—'}${due ? `; 时限: ${due}` : ''}`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}

function runParse(file: string, options: { json?: boolean }, io: PlanCommandIo): void {
  try {
    const plan = readPlanFile(file);
    io.out(options.json ? `${JSON.stringify(plan, null, 2)}\n` : summary(plan));
  } catch (err) {
    if (!(err instanceof PlanParseError)) throw err;
    io.err(`duban: ${err.message}\n`);
    io.exit(EXIT_BAD_INPUT);
  }
}

async function runImport(file: string, options: { replaceDraft?: boolean }, io: PlanCommandIo): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    io.err("duban: DATABASE_URL is not set; point it at Duban's PostgreSQL (make up prints it)\n");
    return io.exit(EXIT_BAD_INPUT);
  }
  let parsed: ParsedPlan;
  let text: string;
  try {
    parsed = readPlanFile(file);
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (!(err instanceof PlanParseError)) throw err;
    io.err(`duban: ${err.message}\n`);
    return io.exit(EXIT_BAD_INPUT);
  }
  const db = await createDataSource(databaseUrl).initialize();
  try {
    const directory = loadUnitDirectory(UNIT_DIRECTORY).byName;
    const result = await new PlanService(db).importDraft(parsed, text, directory, 'cli', { replaceDraft: options.replaceDraft });
    io.out(
      `${JSON.stringify({ planId: result.plan.id, code: result.plan.code, status: result.plan.status, created: result.created, revision: result.revision }, null, 2)}\n`,
    );
  } finally {
    await db.destroy();
  }
}

interface ScoreOptions {
  corpus: string;
  minTotal: string;
  minEach: string;
  verbose?: boolean;
}

function scoreDocument(name: string, document: string, golden: Parameters<typeof scorePlan>[1]): DocumentScore {
  let parsed: ParsedPlan | Error;
  try {
    parsed = parsePlanDocument(readFileBytes(document), path.basename(document));
  } catch (err) {
    if (!(err instanceof PlanParseError)) throw err;
    parsed = err;
  }
  return scorePlan(name, golden, parsed);
}

/** Each golden file's document parsed and scored field by field; exit 1 below the bar. */
function runScore(folder: string, options: ScoreOptions, io: PlanCommandIo): void {
  const goldens = readGoldenFolder(folder, options.corpus);
  const scores = goldens.map(({ name, golden, document }) => scoreDocument(name, document, golden));
  for (const score of scores) {
    io.out(
      `${score.name.padEnd(48)} ${String(score.right).padStart(4)}/${String(score.total).padEnd(4)} ${percent(score.right, score.total).toFixed(1).padStart(5)}%\n`,
    );
    if (options.verbose) score.misses.forEach((miss) => io.out(`    ${miss}\n`));
  }
  const right = scores.reduce((sum, s) => sum + s.right, 0);
  const total = scores.reduce((sum, s) => sum + s.total, 0);
  io.out(
    `${'total'.padEnd(48)} ${String(right).padStart(4)}/${String(total).padEnd(4)} ${percent(right, total).toFixed(1).padStart(5)}% over ${scores.length} documents\n`,
  );
  // The total speaks for the scored documents only: say which documents of the corpus no golden file covers yet.
  const covered = new Set(goldens.flatMap(({ golden }) => (golden.corpus ? [golden.corpus] : [])));
  const uncovered = fs.existsSync(options.corpus)
    ? fs.readdirSync(options.corpus).filter((file) => !/^(SOURCES|README)/i.test(file) && !covered.has(file))
    : [];
  if (uncovered.length > 0) io.out(`not scored (no golden file yet): ${uncovered.length} corpus documents: ${uncovered.join(', ')}\n`);
  const problems = belowBar(scores, { total: Number(options.minTotal), each: Number(options.minEach) });
  if (problems.length === 0) return;
  io.err(`duban: below the bar:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
  io.exit(1);
}

/** `duban plan …`: subcommands that read plans. `plan parse` stores nothing; `plan import` goes beside it. */
export function registerPlanCommands(program: Command, io: PlanCommandIo = processIo): Command {
  const plan = program.command('plan').description('Read implementation plans (实施方案) for supervision');
  plan
    .command('parse <file>')
    .description('Parse a plan document (.txt) or a hand-written plan (.yaml) and print what was read; stores nothing')
    .option('--json', 'print the parsed plan as JSON')
    .action((file: string, options: { json?: boolean }) => runParse(file, options, io));
  plan
    .command('import <file>')
    .description('Store a plan document as a draft for review (DATABASE_URL); the same document again stores nothing, a revision prints its diff')
    .option('--replace-draft', 'replace a draft plan of the same document number by this revision')
    .action((file: string, options: { replaceDraft?: boolean }) => runImport(file, options, io));
  plan
    .command('score <folder>')
    .description("Parse the document of each golden file (*.golden.yaml) in the folder and print each one's fields right and the total")
    .option('--corpus <dir>', 'folder of the corpus documents that golden files name with corpus:', DEFAULT_CORPUS_DIR)
    .option('--min-total <percent>', 'fail below this share of all fields right', '95')
    .option('--min-each <percent>', 'fail when a document scores below this', '90')
    .option('--verbose', 'list every field the parser got wrong')
    .action((folder: string, options: ScoreOptions) => runScore(folder, options, io));
  return plan;
}
