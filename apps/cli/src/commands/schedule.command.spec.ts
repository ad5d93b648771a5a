import { Command } from 'commander';
import { WorkingDayCalendar } from '@duban/calendar';
import type { PeriodSchedule } from '@duban/contracts';
import { ScheduleCommandIo, registerScheduleCommand } from './schedule.command';

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

async function runDuban(args: string[], calendar = new WorkingDayCalendar()): Promise<RunResult> {
  const result: RunResult = { stdout: '', stderr: '', exitCode: 0 };
  const io: ScheduleCommandIo = {
    stdout: (chunk) => void (result.stdout += chunk),
    stderr: (chunk) => void (result.stderr += chunk),
    exit: (code) => {
      throw new Exit(code);
    },
    calendar: () => calendar,
  };
  const program = new Command('duban').exitOverride();
  registerScheduleCommand(program, io);
  try {
    await program.parseAsync(['node', 'duban', 'schedule', ...args]);
  } catch (err) {
    if (!(err instanceof Exit)) throw err;
    result.exitCode = err.code;
  }
  return result;
}

interface ScheduleJson {
  policy: string;
  frequency: string;
  calendarVersion: string;
  periods: PeriodSchedule[];
}

describe('duban schedule', () => {
  it('prints every quarter of 2018–2019 as JSON under the default policy', async () => {
    const { stdout, stderr, exitCode } = await runDuban(['--from', '2018-01-01', '--to', '2019-12-31', '--json']);
    expect(exitCode).toBe(0);
    expect(stderr).toBe('');
    const document = JSON.parse(stdout) as ScheduleJson;
    expect(document).toMatchObject({
      policy: 'default',
      frequency: 'quarterly',
      calendarVersion: expect.stringMatching(/^chinese-days@/),
    });
    expect(document.periods.map((p) => p.key)).toEqual(['2018Q1', '2018Q2', '2018Q3', '2018Q4', '2019Q1', '2019Q2', '2019Q3', '2019Q4']);
    expect(document.periods[0]).toMatchObject({
      start: '2018-01-01',
      end: '2018-03-31',
      opensOn: '2018-03-30',
      dueOn: '2018-04-09',
      coDueOn: '2018-04-04',
    });
    expect(document.periods[2].dueOn).toBe('2018-10-12');
    expect(document.periods[0].reminders).toContainEqual({ kind: 'due', on: '2018-04-09', audience: 'lead' });
  });

  it('uses KEY_ITEM_POLICY with --key, monthly unless --policy says otherwise', async () => {
    const monthly = JSON.parse((await runDuban(['--from', '2018-03-01', '--to', '2018-04-30', '--json', '--key'])).stdout) as ScheduleJson;
    expect(monthly).toMatchObject({ policy: 'key', frequency: 'monthly' });
    expect(monthly.periods.map((p) => [p.key, p.dueOn])).toEqual([
      ['2018-03', '2018-04-04'],
      ['2018-04', '2018-05-04'],
    ]);

    const quarterly = JSON.parse(
      (await runDuban(['--from', '2018-01-01', '--to', '2018-03-31', '--json', '--key', '--policy', 'quarterly'])).stdout,
    ) as ScheduleJson;
    expect(quarterly.periods.map((p) => [p.key, p.dueOn])).toEqual([['2018Q1', '2018-04-04']]);
  });

  it('overrides the frequency with --policy', async () => {
    const yearly = JSON.parse((await runDuban(['--from', '2018-06-01', '--to', '2019-01-01', '--json', '--policy', 'yearly'])).stdout) as ScheduleJson;
    expect(yearly.periods.map((p) => p.key)).toEqual(['2018', '2019']);
    const halves = JSON.parse((await runDuban(['--from', '2018-06-01', '--to', '2018-07-01', '--json', '--policy', 'half-yearly'])).stdout) as ScheduleJson;
    expect(halves.periods.map((p) => p.key)).toEqual(['2018H1', '2018H2']);
  });

  it('prints an aligned table with Chinese headers', async () => {
    const { stdout, exitCode } = await runDuban(['--from', '2018-01-01', '--to', '2018-12-31']);
    expect(exitCode).toBe(0);
    const [summary, header, ...rows] = stdout.trimEnd().split('\n');
    expect(summary).toContain('一般督办事项');
    expect(header).toMatch(/^报告期\s+开始\s+结束\s+窗口开启\s+截止日\s+配合单位截止\s+提醒$/);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^2018Q1\s+2018-01-01\s+2018-03-31\s+2018-03-30\s+2018-04-09\s+2018-04-04\s+2018-03-30 牵头开启提醒、配合开启提醒；/);
    // Aligned: the reminders column starts at the same terminal column on every line (CJK counts two).
    const wide = (s: string): number => [...s].reduce((w, c) => w + (/[\u4e00-\u9fff]/.test(c) ? 2 : 1), 0);
    const reminderColumn = (line: string, marker: RegExp): number => wide(line.slice(0, line.search(marker)));
    expect(reminderColumn(rows[0], /2018-03-30 牵头/)).toBe(reminderColumn(header, /提醒$/));
  });

  it('warns on stderr when the range reaches years without holiday data', async () => {
    const calendar = new WorkingDayCalendar({ version: 'test@1', years: [2018], holidays: [], makeUpWorkdays: [] });
    const { stdout, stderr, exitCode } = await runDuban(['--from', '2018-10-01', '--to', '2019-01-01', '--json'], calendar);
    expect(exitCode).toBe(0);
    expect(stderr).toMatch(/test@1 不含 2019 年/);
    expect(() => JSON.parse(stdout) as unknown).not.toThrow();
  });

  it.each([
    [['--to', '2018-12-31'], /缺少必填参数 --from/],
    [['--from', '2018-01-01'], /缺少必填参数 --to/],
    [['--from', '2018-02-30', '--to', '2018-12-31'], /--from 不是有效日期：2018-02-30/],
    [['--from', '2018-01-01', '--to', '2018/12/31'], /--to 不是有效日期：2018\/12\/31/],
    [['--from', '2019-01-01', '--to', '2018-12-31'], /--from 2019-01-01 晚于 --to 2018-12-31/],
    [['--from', '2018-01-01', '--to', '2018-12-31', '--policy', 'weekly'], /--policy 取值无效：weekly/],
    [['--from', '2018-01-01', '--to', '2018-12-31', '--bogus'], /unknown option '--bogus'/],
    [['--from'], /argument missing/],
    [['--from', '2018-01-01', '--to', '2018-12-31', 'extra'], /too many arguments/],
  ])('refuses %j on stderr with exit code 2', async (args, message) => {
    const { stdout, stderr, exitCode } = await runDuban(args);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });

  it('exits 0 after --help', async () => {
    const { stdout, exitCode } = await runDuban(['--help']);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('--policy <frequency>');
  });
});
