import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parsePlan } from '../parse-plan';
import { PlanParseError } from '../plan-parse.error';
import { parsePlanInChild, stopParserProcesses } from './parse-in-child';

const SEED = fs.readFileSync(path.join(__dirname, '../../../../seeds/guangzhou-miit-cooperation-plan-2017.txt'));

/** About 5 MB of plan: the seed's tasks repeated, a document that takes the parser seconds. */
function largePlan(bytes: number): Buffer {
  const text = SEED.toString('utf8');
  const tasks = text.slice(text.indexOf('二、主要任务'), text.indexOf('三、保障措施'));
  const copies = Math.floor((bytes - SEED.length) / Buffer.byteLength(tasks));
  return Buffer.from(text.replace('三、保障措施', `${tasks.repeat(copies)}三、保障措施`));
}

async function refusal(run: Promise<unknown>): Promise<PlanParseError> {
  try {
    await run;
  } catch (err) {
    if (err instanceof PlanParseError) return err;
    throw err;
  }
  throw new Error('expected a PlanParseError, but a plan was returned');
}

/** The parser processes this test process has started and that are still running. */
function parserChildren(): string[] {
  const processes = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return processes.split('\n').filter((line) => line.includes('parse-child'));
}

describe('parsePlanInChild: the parse runs in a process of its own, with a time limit', () => {
  afterAll(() => stopParserProcesses());

  it('returns the same plan as a parse in this process', async () => {
    expect(await parsePlanInChild({ content: SEED, fileName: 'seed.txt' })).toEqual(parsePlan(SEED, { fileName: 'seed.txt' }));
  }, 60_000);

  it("passes a refusal on as the parser's own error, code and message", async () => {
    const error = await refusal(parsePlanInChild({ content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), fileName: 'plan.txt' }));
    expect(error.code).toBe('binary');
    expect(error.message).toContain('PNG');
  }, 60_000);

  it('stops a parse over the time limit, says which stage it did not finish, and leaves no process behind', async () => {
    const error = await refusal(parsePlanInChild({ content: largePlan(5_000_000), fileName: 'large.txt', timeoutMs: 300 }));
    expect(error.code).toBe('timeout');
    expect(error.messageZh).toMatch(/0\.3 秒.*停在“(启动解析|解码文本|识别层级编号|读取责任分工|整理督办事项)”/);
    expect(error.messageEn).toMatch(/0\.3 s limit \(it stopped while (starting|decoding|reading|assembling)/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // What is left is the spare kept ready for the next document, not the parse that overran.
    expect(parserChildren()).toHaveLength(1);
  }, 60_000);

  it('keeps the event loop of the caller turning while a 5 MB document is parsed', async () => {
    const document = largePlan(5_000_000);
    let last = Date.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      longestGap = Math.max(longestGap, Date.now() - last);
      last = Date.now();
    }, 10);
    const started = Date.now();
    const plan = await parsePlanInChild({ content: document, fileName: 'large.txt', timeoutMs: 120_000 });
    const took = Date.now() - started;
    clearInterval(ticker);
    if (process.env.DUBAN_PRINT_TIMES) console.log(`5 MB parse in a child: ${took} ms; longest wait of this event loop: ${longestGap} ms`);
    expect(plan.items.length).toBeGreaterThan(1000);
    // The parse itself takes seconds; the loop here never waited more than a fraction of that.
    expect(took).toBeGreaterThan(1000);
    expect(longestGap).toBeLessThan(250);
  }, 180_000);
});
