import { Command, CommanderError, Option } from 'commander';
import {
  DEFAULT_POLICY,
  KEY_ITEM_POLICY,
  REPORTING_FREQUENCIES,
  ReportingFrequency,
  PeriodSchedule,
  ScheduledReminder,
  SupervisionPolicy,
} from '@duban/contracts';
import { InvalidDateError, WorkingDayCalendar, assertIsoDate, compareDates, installedCalendarData, schedulePeriods } from '@duban/calendar';
import zhCN from '../locales/zh-CN.json';

const text = zhCN.schedule;

/** Where the command writes and how it ends; injectable so specs run it in-process. */
export interface ScheduleCommandIo {
  stdout(chunk: string): void;
  stderr(chunk: string): void;
  exit(code: number): never;
  calendar(): WorkingDayCalendar;
}

const processIo: ScheduleCommandIo = {
  stdout: (chunk) => void process.stdout.write(chunk),
  stderr: (chunk) => void process.stderr.write(chunk),
  exit: (code) => process.exit(code),
  // The calendar the workers compute on: the package, with the office's adjustments file when one is set.
  calendar: () => new WorkingDayCalendar(installedCalendarData(process.env.DUBAN_CALENDAR_ADJUSTMENTS || undefined)),
};

/** Usage errors exit 2 (as getopt tools do), keeping 1 for failures of the command itself. */
const USAGE_ERROR_EXIT_CODE = 2;

interface ScheduleOptions {
  from?: string;
  to?: string;
  json?: boolean;
  policy?: string;
  key?: boolean;
}

interface ScheduleRequest {
  from: string;
  to: string;
  policyName: keyof typeof text.policyNames;
  policy: SupervisionPolicy;
  json: boolean;
}

export function registerScheduleCommand(program: Command, io: ScheduleCommandIo = processIo): Command {
  return program
    .command('schedule')
    .description(text.description)
    .addOption(new Option('--from <date>', text.options.from))
    .addOption(new Option('--to <date>', text.options.to))
    .addOption(new Option('--json', text.options.json))
    .addOption(new Option('--policy <frequency>', text.options.policy))
    .addOption(new Option('--key', text.options.key))
    .allowExcessArguments(false)
    .showHelpAfterError(text.errors.usageHint)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride((err) => io.exit(exitCodeOf(err)))
    .action((options: ScheduleOptions, command: Command) => {
      const request = readRequest(options, (message) => command.error(message, { exitCode: USAGE_ERROR_EXIT_CODE }));
      runSchedule(request, io);
    });
}

function exitCodeOf(err: CommanderError): number {
  const helpOrVersion = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code);
  return helpOrVersion ? err.exitCode : USAGE_ERROR_EXIT_CODE;
}

/** Validates the flags into a request; every refusal goes through `refuse` (stderr, exit 2). */
function readRequest(options: ScheduleOptions, refuse: (message: string) => never): ScheduleRequest {
  const from = readDate('--from', options.from, refuse);
  const to = readDate('--to', options.to, refuse);
  if (compareDates(from, to) > 0) refuse(fill(text.errors.reversedRange, { from, to }));
  const base = options.key ? KEY_ITEM_POLICY : DEFAULT_POLICY;
  const frequency = options.policy === undefined ? base.frequency : readFrequency(options.policy, refuse);
  return {
    from,
    to,
    policyName: options.key ? 'key' : 'default',
    policy: { ...base, frequency },
    json: options.json === true,
  };
}

function readDate(option: string, value: string | undefined, refuse: (message: string) => never): string {
  if (value === undefined) return refuse(fill(text.errors.missingOption, { option }));
  try {
    return assertIsoDate(value);
  } catch (err) {
    if (err instanceof InvalidDateError) return refuse(fill(text.errors.invalidDate, { option, value }));
    throw err;
  }
}

function readFrequency(value: string, refuse: (message: string) => never): ReportingFrequency {
  const frequency = REPORTING_FREQUENCIES.find((candidate) => candidate === value);
  return frequency ?? refuse(fill(text.errors.invalidPolicy, { value, choices: REPORTING_FREQUENCIES.join(', ') }));
}

function runSchedule(request: ScheduleRequest, io: ScheduleCommandIo): void {
  const calendar = io.calendar();
  const periods = schedulePeriods(request.from, request.to, request.policy, calendar);
  warnAboutUncoveredYears(periods, calendar, io);
  io.stdout(request.json ? renderJson(request, periods, calendar) : renderTable(request, periods, calendar));
}

/** Dates in a year without holiday data are plain Monday–Friday guesses: say so, on stderr so JSON stays clean. */
function warnAboutUncoveredYears(periods: PeriodSchedule[], calendar: WorkingDayCalendar, io: ScheduleCommandIo): void {
  const years = new Set<number>();
  for (const period of periods) {
    for (const date of [period.start, period.end, period.dueOn]) years.add(Number(date.slice(0, 4)));
  }
  const uncovered = [...years].filter((year) => !calendar.covers(year)).sort((a, b) => a - b);
  if (uncovered.length > 0) {
    io.stderr(`${fill(text.warnings.uncoveredYears, { version: calendar.version, years: uncovered.join('、') })}\n`);
  }
}

function renderJson(request: ScheduleRequest, periods: PeriodSchedule[], calendar: WorkingDayCalendar): string {
  const document = {
    from: request.from,
    to: request.to,
    policy: request.policyName,
    frequency: request.policy.frequency,
    calendarVersion: calendar.version,
    periods,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function renderTable(request: ScheduleRequest, periods: PeriodSchedule[], calendar: WorkingDayCalendar): string {
  const { table } = text;
  const header = [table.key, table.start, table.end, table.opensOn, table.dueOn, table.coDueOn, table.reminders];
  const rows = periods.map((p) => [p.key, p.start, p.end, p.opensOn, p.dueOn, p.coDueOn, describeReminders(p.reminders)]);
  const summary = fill(table.summary, {
    policy: text.policyNames[request.policyName],
    frequency: text.frequencies[request.policy.frequency],
    dueWorkingDays: request.policy.dueWorkingDays,
    coUnitLeadWorkingDays: request.policy.coUnitLeadWorkingDays,
    version: calendar.version,
  });
  return `${summary}\n${alignColumns([header, ...rows])}`;
}

/** "2018-03-30 牵头开启提醒、配合开启提醒；2018-04-02 配合截止前提醒；…": one entry per date, in date order. */
function describeReminders(reminders: ScheduledReminder[]): string {
  const byDate = new Map<string, string[]>();
  for (const reminder of reminders) {
    const label = `${text.audiences[reminder.audience]}${text.reminderKinds[reminder.kind]}`;
    byDate.set(reminder.on, [...(byDate.get(reminder.on) ?? []), label]);
  }
  return [...byDate].map(([on, labels]) => `${on} ${labels.join('、')}`).join('；');
}

/** Pads every column but the last to its widest cell, counting CJK characters as two terminal columns. */
function alignColumns(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => displayWidth(row[column]))));
  const lines = rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : padEnd(cell, widths[column]))).join('  '));
  return `${lines.join('\n')}\n`;
}

function padEnd(cell: string, width: number): string {
  return cell + ' '.repeat(width - displayWidth(cell));
}

const WIDE_CHARACTER = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

function displayWidth(cell: string): number {
  let width = 0;
  for (const character of cell) width += WIDE_CHARACTER.test(character) ? 2 : 1;
  return width;
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in values ? String(values[name]) : placeholder));
}
