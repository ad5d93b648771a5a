import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Command } from 'commander';
import { toPlanYaml, parsePlan } from '@duban/plan-parser';
import { PlanCommandIo, registerPlanCommands } from './plan.command';

const SEED = path.join(__dirname, '../../../../seeds/guangzhou-miit-cooperation-plan-2017.txt');

async function run(...args: string[]): Promise<{ out: string; err: string; exitCode: number | null }> {
  const result = { out: '', err: '', exitCode: null as number | null };
  const io: PlanCommandIo = { out: (t) => (result.out += t), err: (t) => (result.err += t), exit: (code) => (result.exitCode = code) };
  const program = new Command('duban').exitOverride();
  registerPlanCommands(program, io);
  await program.parseAsync(['node', 'duban', 'plan', 'parse', ...args]);
  return result;
}

describe('duban plan parse', () => {
  it('prints the parsed plan as 2-space JSON', async () => {
    const { out, exitCode } = await run(SEED, '--json');
    expect(exitCode).toBeNull();
    const plan = JSON.parse(out);
    expect(plan.items).toHaveLength(17);
    expect(out).toContain('\n  "plan": {\n    "title": "广州市落实');
  });

  it('prints a summary without --json', async () => {
    const { out } = await run(SEED);
    expect(out).toContain('17 items: 13 tasks, 4 safeguard measures');
  });

  it('reads a .yaml plan with the YAML reader', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'duban-plan-')), 'plan.yaml');
    fs.writeFileSync(file, toPlanYaml(parsePlan(fs.readFileSync(SEED))));
    expect(JSON.parse((await run(file, '--json')).out).items).toHaveLength(17);
  });

  it('reports bad input on stderr as duban: <message> and exits with 2', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'duban-plan-')), 'gbk.txt');
    fs.writeFileSync(file, Buffer.from([0xb9, 0xe3, 0xd6, 0xdd]));
    const { out, err, exitCode } = await run(file, '--json');
    expect(out).toBe('');
    expect(err).toMatch(/^duban: .*GBK/);
    expect(exitCode).toBe(2);
  });
});
