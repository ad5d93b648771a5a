import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CalendarAdjustmentsError,
  chineseDaysCalendarData,
  computePeriodSchedule,
  installedCalendarData,
  loadCalendarAdjustments,
  mergeCalendarData,
  parseCalendarAdjustments,
  WorkingDayCalendar,
  type CalendarData,
  type SchedulePolicy,
} from './index';

const base: CalendarData = {
  version: 'test@1',
  years: [2030],
  holidays: ['2030-04-01', '2030-04-02'],
  makeUpWorkdays: ['2030-04-06'],
};

const QUARTERLY: SchedulePolicy = { frequency: 'quarterly', dueWorkingDays: 5, reminderWorkingDaysBeforeDue: [2, 0], coUnitLeadWorkingDays: 2 };

function writeJson(value: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'duban-cal-')), 'adjustments.json');
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

describe('calendar adjustments merged over the package', () => {
  it('adds holidays and make-up days, takes corrected days back out, and names the version after both', () => {
    const merged = mergeCalendarData(base, {
      label: 'office-1',
      holidays: ['2030-04-03', '2030-04-06'],
      makeUpWorkdays: ['2030-04-07'],
      workdays: ['2030-04-02'],
    });
    expect(merged.version).toBe('test@1+office-1');
    expect(merged.holidays).toEqual(['2030-04-01', '2030-04-03', '2030-04-06']);
    expect(merged.makeUpWorkdays).toEqual(['2030-04-07']);
    const cal = new WorkingDayCalendar(merged);
    expect(cal.isWorkingDay('2030-04-02')).toBe(true); // a Tuesday the file gave back
    expect(cal.isWorkingDay('2030-04-06')).toBe(false); // the package's make-up Saturday, now a holiday
    expect(cal.isWorkingDay('2030-04-07')).toBe(true); // Sunday worked
    // From Friday 03-29, the 4th working day: Saturday 04-06 in the package, Sunday 04-07 with the file.
    expect(new WorkingDayCalendar(base).addWorkingDays('2030-03-29', 4)).toBe('2030-04-06');
    expect(cal.addWorkingDays('2030-03-29', 4)).toBe('2030-04-07');
  });

  it('completes a year the package does not carry yet: next year’s notice published before the package', () => {
    const installed = chineseDaysCalendarData();
    expect(installed.years).not.toContain(2027);
    // Without 2027 the Monday–Friday fallback counts Friday 2027-01-01 (New Year's Day) as a working day.
    const before = new WorkingDayCalendar(installed);
    expect(computePeriodSchedule('2026Q4', QUARTERLY, before).dueOn).toBe('2027-01-07');
    const merged = mergeCalendarData(installed, { label: '2027-notice', years: [2027], holidays: ['2027-01-01'] });
    const after = new WorkingDayCalendar(merged);
    expect(after.covers(2027)).toBe(true);
    expect(computePeriodSchedule('2026Q4', QUARTERLY, after).dueOn).toBe('2027-01-08');
    // Everything else is the package's: 2018Q1 still due on the hand-checked 2018-04-09.
    expect(computePeriodSchedule('2018Q1', QUARTERLY, after).dueOn).toBe('2018-04-09');
    expect(after.version).toBe(`${installed.version}+2027-notice`);
  });

  it('refuses a date in a year nobody covers (it would silently fall back to Monday–Friday)', () => {
    expect(() => mergeCalendarData(base, { label: 'x', holidays: ['2031-01-01'] })).toThrow(/2031.*add 2031 to "years"/);
    expect(mergeCalendarData(base, { label: 'x', years: [2031], holidays: ['2031-01-01'] }).years).toEqual([2030, 2031]);
  });

  it('says which field of a malformed file is wrong', () => {
    expect(() => parseCalendarAdjustments([])).toThrow(/expected a JSON object/);
    expect(() => parseCalendarAdjustments({ holidays: [] })).toThrow(/label/);
    expect(() => parseCalendarAdjustments({ label: 'a b' })).toThrow(/label/);
    expect(() => parseCalendarAdjustments({ label: 'a', holidays: ['2030-4-1'] })).toThrow(/holidays\[0\]/);
    expect(() => parseCalendarAdjustments({ label: 'a', holidays: '2030-04-01' })).toThrow(/holidays: expected a list/);
    expect(() => parseCalendarAdjustments({ label: 'a', years: ['2030'] })).toThrow(/years/);
    expect(() => parseCalendarAdjustments({ label: 'a', holiday: [] })).toThrow(/unknown field holiday/);
    expect(() => parseCalendarAdjustments({ label: 'a', holidays: ['2030-04-08'], makeUpWorkdays: ['2030-04-08'] })).toThrow(
      /2030-04-08 is listed both in holidays and in makeUpWorkdays/,
    );
  });

  it('reads the file, naming it in every error', () => {
    const good = writeJson({ label: '2027-notice', years: [2027], holidays: ['2027-01-01'], source: '国务院办公厅通知' });
    expect(loadCalendarAdjustments(good)).toMatchObject({ label: '2027-notice', holidays: ['2027-01-01'], source: '国务院办公厅通知' });
    expect(installedCalendarData(good).version).toMatch(/^chinese-days@.+\+2027-notice$/);
    expect(installedCalendarData().version).toBe(chineseDaysCalendarData().version);
    const bad = writeJson('{ "label": ');
    expect(() => loadCalendarAdjustments(bad)).toThrow(new RegExp(`${bad}: not JSON`));
    expect(() => loadCalendarAdjustments('/nonexistent/adjustments.json')).toThrow(CalendarAdjustmentsError);
    expect(() => loadCalendarAdjustments('/nonexistent/adjustments.json')).toThrow(/ENOENT/);
  });
});
