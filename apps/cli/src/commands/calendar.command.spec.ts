import { chineseDaysCalendarData } from '@duban/calendar';
import { calendarChanges, calendarStatus, renderStatus, type CalendarStatus } from './calendar.command';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('duban calendar status', () => {
  it('lists only the days the adjustments file really changes', () => {
    const changes = calendarChanges({
      label: '2027-notice',
      years: [2027],
      // 2027-01-01 is a Friday the package does not know as a holiday; 2018-04-05 is Qingming already.
      holidays: ['2027-01-01', '2018-04-05'],
      makeUpWorkdays: ['2027-01-09'],
    });
    expect(changes).toEqual([
      { date: '2027-01-01', package: 'working', adjusted: 'off' },
      { date: '2027-01-09', package: 'off', adjusted: 'working' },
    ]);
  });

  it('says what a worker started with this environment will compute on, without a database', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'duban-cli-cal-')), 'adjustments.json');
    writeFileSync(file, JSON.stringify({ label: '2027-notice', years: [2027], holidays: ['2027-01-01'], source: '国务院办公厅通知' }));
    const status = await calendarStatus({ DUBAN_CALENDAR_ADJUSTMENTS: file });
    expect(status).toMatchObject({
      version: `${chineseDaysCalendarData().version}+2027-notice`,
      adjustments: { path: file, label: '2027-notice', changes: [{ date: '2027-01-01', package: 'working', adjusted: 'off' }] },
    });
    expect(status.years.at(-1)).toBe(2027);
    const text = renderStatus(status);
    expect(text).toContain('2027-01-01  工作日 → 休息日');
    expect(text).toContain('未设置 DATABASE_URL');
  });

  it('tells whether a worker start will apply it', () => {
    const base: CalendarStatus = { version: 'v2', packageVersion: 'v1', years: [2026], adjustments: null, supervisedItems: 17 };
    expect(renderStatus({ ...base, inForce: { version: 'v1', appliedAt: '2026-11-27T00:00:00.000Z', workflowsSignalled: 17 } })).toContain(
      '正在执行的版本为 v1：按此环境启动 worker 后，将通知 17 个督办事项',
    );
    expect(renderStatus({ ...base, inForce: { version: 'v2', appliedAt: '2026-11-27T00:00:00.000Z', workflowsSignalled: 17 } })).toContain('该版本正在执行');
  });
});
