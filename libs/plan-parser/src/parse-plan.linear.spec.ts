import { parsePlan } from './parse-plan';

/**
 * Issue 12 item 7: parsing is linear in the document's size. Each crafted input repeats one of the shapes that made
 * a regex or a loop quadratic (a long run of spaces inside a line took 91 s at 300 KB). Times are compared as
 * ratios between sizes, never as absolute figures: on a shared machine only the growth means something.
 */
const HEAD = '实施方案\n一、主要任务\n（一）推进工作。（牵头单位：市财政局）\n（二）加快建设';
const END = '。（牵头单位：市财政局）\n';

const WORST_CASES: Record<string, (size: number) => string> = {
  'a run of spaces inside a line': (size) => `${HEAD}${' '.repeat(size)}x${END}`,
  'a run of full-width spaces and tabs': (size) => `${HEAD}${'\u3000\t'.repeat(size / 2)}x${END}`,
  'opening brackets that never close': (size) => `${HEAD}${'（'.repeat(size)}x${END}`,
  'responsibility clauses opened inside each other': (size) => `${HEAD}${'（牵头单位：'.repeat(size / 6)}x）\n`,
  'a run of unit separators': (size) => `${HEAD}。（牵头单位：市财政局${'、'.repeat(size)}x）\n`,
  'a run of commas and full stops in a field': (size) => `${HEAD}。（牵头单位：市财政局${'，。'.repeat(size / 2)}x）\n`,
  'a run of digits': (size) => `${HEAD}${'1'.repeat(size)}个${END}`,
  'quantities one after another': (size) => `${HEAD}${'1个、'.repeat(size / 3)}${END}`,
  'deadlines one after another': (size) => `${HEAD}${'6月底前'.repeat(size / 4)}${END}`,
  'a run of 分别': (size) => `${HEAD}${'分别'.repeat(size / 2)}1个${END}`,
  'a sentence of 牵头 after 牵头': (size) => `${HEAD}。${'市财政局牵头，'.repeat(size / 7)}市教育局配合${END}`,
  'numbered items under one heading': (size) => `实施方案\n一、主要任务\n${'1.推进工作。（牵头单位：市财政局）\n'.repeat(size / 40)}`,
};

const BASE = 100_000;

/**
 * CPU time of this process, not wall time: with seven suites on two cores a parse waits for the CPU more than it
 * runs, and the waiting says nothing about the parser.
 */
function timeOnce(document: string): number {
  const start = process.cpuUsage();
  try {
    parsePlan(document, { maxBytes: 1e9 });
  } catch {
    // A refusal is an answer too: what is measured is the time to give it.
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** The best of five rounds, the sizes taking turns within a round, so a busy moment of the machine slows all sizes alike. */
function bestTimes(documents: string[]): number[] {
  const best = documents.map(() => Infinity);
  for (let round = 0; round < 5; round++) documents.forEach((document, i) => (best[i] = Math.min(best[i], timeOnce(document))));
  return best;
}

describe('parsePlan takes time in proportion to the size of the document', () => {
  beforeAll(() => timeOnce(`${HEAD}${END}`));

  it.each(Object.entries(WORST_CASES))('%s: 2× and 4× the size take about 2× and 4× the time', (_name, make) => {
    const [once, twice, four] = bestTimes([1, 2, 4].map((times) => make(BASE * times)));
    // Linear growth gives 2 and 4, quadratic 4 and 16; the margin absorbs the noise of a shared machine (and a floor
    // of 2 ms keeps a case that is all start-up from dividing by nearly nothing).
    const unit = Math.max(once, 2);
    if (process.env.DUBAN_PRINT_TIMES) console.log(`${_name}: ${once.toFixed(0)} / ${twice.toFixed(0)} / ${four.toFixed(0)} ms`);
    expect(twice / unit).toBeLessThan(3.5);
    expect(four / unit).toBeLessThan(7);
  });
});
