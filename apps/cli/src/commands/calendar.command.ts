import type { Command } from 'commander';
import {
  WorkingDayCalendar,
  chineseDaysCalendarData,
  installedCalendarData,
  loadCalendarAdjustments,
  mergeCalendarData,
  type CalendarAdjustments,
} from '@duban/calendar';
import { CalendarVersions, Item, createDataSource } from '@duban/domain';
import zhCN from '../locales/zh-CN.json';

const text = zhCN.calendar;

/** A day the adjustments file changes: what the package says, and what is in force with the file. */
export interface CalendarChange {
  date: string;
  package: 'working' | 'off';
  adjusted: 'working' | 'off';
}

export interface CalendarStatus {
  /** The version a worker started with this environment computes on. */
  version: string;
  packageVersion: string;
  years: number[];
  adjustments: { path: string; label: string; source?: string; changes: CalendarChange[] } | null;
  /** From PostgreSQL when DATABASE_URL is set: the version the running supervision was last told of. */
  inForce?: { version: string; appliedAt: string; workflowsSignalled: number } | null;
  supervisedItems?: number;
}

/** The days an adjustments file turns from working to off or back, against the package's calendar. */
export function calendarChanges(adjustments: CalendarAdjustments, base = chineseDaysCalendarData()): CalendarChange[] {
  const before = new WorkingDayCalendar(base);
  const after = new WorkingDayCalendar(mergeCalendarData(base, adjustments));
  const days = [...new Set([...(adjustments.holidays ?? []), ...(adjustments.makeUpWorkdays ?? []), ...(adjustments.workdays ?? [])])].sort();
  const word = (working: boolean) => (working ? 'working' : 'off');
  return days
    .map((date) => ({ date, package: word(before.isWorkingDay(date)), adjusted: word(after.isWorkingDay(date)) }) as CalendarChange)
    .filter((c) => c.package !== c.adjusted);
}

export async function calendarStatus(env: NodeJS.ProcessEnv = process.env): Promise<CalendarStatus> {
  const path = env.DUBAN_CALENDAR_ADJUSTMENTS || undefined;
  const data = installedCalendarData(path);
  const adjustments = path ? loadCalendarAdjustments(path) : null;
  const status: CalendarStatus = {
    version: data.version,
    packageVersion: chineseDaysCalendarData().version,
    years: [...data.years],
    adjustments: adjustments && path ? { path, label: adjustments.label, source: adjustments.source, changes: calendarChanges(adjustments) } : null,
  };
  if (env.DATABASE_URL) {
    const db = await createDataSource(env.DATABASE_URL).initialize();
    try {
      const row = await new CalendarVersions(db).inForce();
      status.inForce = row ? { version: row.version, appliedAt: row.appliedAt.toISOString(), workflowsSignalled: row.workflowsSignalled } : null;
      status.supervisedItems = await db.getRepository(Item).count({ where: { state: 'supervised' } });
    } finally {
      await db.destroy();
    }
  }
  return status;
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in values ? String(values[name]) : placeholder));
}

export function renderStatus(status: CalendarStatus): string {
  const lines = [fill(text.version, { version: status.version }), fill(text.years, { from: status.years[0], to: status.years.at(-1) ?? '' })];
  if (status.adjustments) {
    const { path, label, source, changes } = status.adjustments;
    lines.push(fill(text.adjustments, { path, label, source: source ?? '-' }));
    for (const c of changes) lines.push(`  ${c.date}  ${text.day[c.package]} → ${text.day[c.adjusted]}`);
    if (changes.length === 0) lines.push(`  ${text.noChanges}`);
  } else {
    lines.push(text.noAdjustments);
  }
  if (status.inForce === undefined) lines.push(text.noDatabase);
  else if (status.inForce === null) lines.push(fill(text.neverApplied, { items: status.supervisedItems ?? 0 }));
  else if (status.inForce.version === status.version) lines.push(fill(text.inForce, { appliedAt: status.inForce.appliedAt }));
  else lines.push(fill(text.willApply, { current: status.inForce.version, items: status.supervisedItems ?? 0 }));
  return `${lines.join('\n')}\n`;
}

/**
 * `duban calendar status`: what a worker started with this environment will compute on, and whether its start will
 * tell the running supervision of a new calendar. Read-only: applying is the worker's job, because the dates are
 * recomputed in the worker's activities, on the worker's calendar.
 */
export function registerCalendarCommands(program: Command): void {
  const calendar = program.command('calendar').description(text.description);
  calendar
    .command('status')
    .description(text.statusDescription)
    .option('--json', text.json)
    .action(async (options: { json?: boolean }) => {
      const status = await calendarStatus();
      process.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : renderStatus(status));
    });
}
