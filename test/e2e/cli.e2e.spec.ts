import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../support/apps';
import { testEnvironment } from '../support/env';

const run = promisify(execFile);
const duban = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(join(REPO_ROOT, 'node_modules/.bin/duban'), args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, maxBuffer: 10 * 1024 * 1024 });

/** The `duban` command as a supervisor's operator runs it, against the test environment's PostgreSQL. */
describe('duban command line', () => {
  it('parses the seed into 17 items and stores nothing', async () => {
    const { stdout } = await duban(['plan', 'parse', 'seeds/guangzhou-miit-cooperation-plan-2017.txt', '--json']);
    const parsed = JSON.parse(stdout);
    expect(parsed.plan.docNumber).toBe('穗府办函〔2017〕324号');
    expect(parsed.items).toHaveLength(17);
  });

  it('imports a document as a draft once; the second import stores nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duban-cli-'));
    const file = join(dir, 'plan.txt');
    writeFileSync(
      file,
      '某市2025年营商环境优化重点任务分工方案\n\n一、重点任务\n（一）推进企业开办“一网通办”。全面推行企业开办全程网上办理，2025年6月底前实现开办时间压缩至1个工作日。（牵头单位：市政务服务数据管理局；配合单位：市市场监管局、市税务局）\n（二）优化工程建设项目审批。2025年底前审批时限压缩至60个工作日以内。（牵头单位：市住房城乡建设局；配合单位：市规划和自然资源局、各区政府）\n',
    );
    const env = { DATABASE_URL: testEnvironment().databaseUrl };
    const first = JSON.parse((await duban(['plan', 'import', file], env)).stdout);
    expect(first).toMatchObject({ status: 'draft', created: true });
    const second = JSON.parse((await duban(['plan', 'import', file], env)).stdout);
    expect(second).toMatchObject({ planId: first.planId, created: false });
  });

  it('refuses a GBK file with exit code 2 and a message saying what could not be read', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'duban-cli-')), 'gbk.txt');
    writeFileSync(file, Buffer.from([0xb9, 0xe3, 0xd6, 0xdd, 0xca, 0xd0]));
    await expect(duban(['plan', 'import', file], { DATABASE_URL: testEnvironment().databaseUrl })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/GBK/),
    });
  });

  it('prints the reporting calendar: 2018Q1 due 2018-04-09 and 2018Q3 due 2018-10-12 under the default policy', async () => {
    const { stdout } = await duban(['schedule', '--from', '2018-01-01', '--to', '2019-12-31', '--json']);
    const periods = JSON.parse(stdout).periods as Array<{ key: string; dueOn: string }>;
    expect(periods.find((p) => p.key === '2018Q1')?.dueOn).toBe('2018-04-09');
    expect(periods.find((p) => p.key === '2018Q3')?.dueOn).toBe('2018-10-12');
    expect(periods).toHaveLength(8);
  });
});
