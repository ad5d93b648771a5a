import { CalendarData, chineseDaysCalendarData } from './calendar-data';
import { InvalidDateError, shanghaiDateOf } from './iso-date';
import { WorkingDayCalendar } from './working-day-calendar';

const calendar = new WorkingDayCalendar();

/** A tiny hand-made calendar: 2030 only, with a holiday on Mon 2030-04-01 and a make-up Sat 2030-04-06. */
function handMadeData(overrides: Partial<CalendarData> = {}): CalendarData {
  return { version: 'test@1', years: [2030], holidays: ['2030-04-01'], makeUpWorkdays: ['2030-04-06'], ...overrides };
}

describe('WorkingDayCalendar (chinese-days data)', () => {
  it('identifies the installed data and the years it covers', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed package's own version
    expect(calendar.version).toBe(`chinese-days@${require('chinese-days/package.json').version}`);
    expect(calendar.dataYears()).toEqual(expect.arrayContaining([2018, 2019, 2020, 2021]));
    expect(calendar.covers(2018)).toBe(true);
    expect(calendar.covers(1999)).toBe(false);
  });

  it.each([
    ['2018-04-05', false, 'Qingming holiday (Thursday)'],
    ['2018-04-08', true, 'make-up working day (Sunday)'],
    ['2018-09-29', true, 'make-up working day (Saturday)'],
    ['2018-12-31', false, 'New Year holiday (Monday)'],
    ['2020-01-31', false, 'Spring Festival extension (Friday)'],
    ['2020-02-03', true, 'first working day after the extension'],
    ['2019-10-12', true, 'make-up working day (Saturday)'],
    ['2021-06-14', false, 'Dragon Boat (Monday)'],
    ['2021-03-15', true, 'ordinary Monday'],
    ['2021-03-13', false, 'ordinary Saturday'],
  ])('%s working=%s (%s)', (date, working) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
  });

  it('adds working days forward across holidays and make-up days', () => {
    expect(calendar.addWorkingDays('2018-03-31', 5)).toBe('2018-04-09');
    expect(calendar.addWorkingDays('2018-09-30', 1)).toBe('2018-10-08');
    expect(calendar.addWorkingDays('2020-01-23', 1)).toBe('2020-02-03');
  });

  it('counts backwards for negative n, skipping holidays and landing on make-up days', () => {
    expect(calendar.addWorkingDays('2018-04-09', -1)).toBe('2018-04-08');
    expect(calendar.addWorkingDays('2018-04-09', -2)).toBe('2018-04-04');
    expect(calendar.addWorkingDays('2018-10-08', -1)).toBe('2018-09-30');
    expect(calendar.addWorkingDays('2020-02-03', -1)).toBe('2020-01-23');
  });

  it('treats n = 0 as "this day if working, else the next working day"', () => {
    expect(calendar.addWorkingDays('2018-04-04', 0)).toBe('2018-04-04');
    expect(calendar.addWorkingDays('2018-04-05', 0)).toBe('2018-04-08');
    expect(calendar.addWorkingDays('2018-03-31', 0)).toBe('2018-04-02');
  });

  it('finds the last working day on or before a date', () => {
    expect(calendar.lastWorkingDayOnOrBefore('2018-03-30')).toBe('2018-03-30');
    expect(calendar.lastWorkingDayOnOrBefore('2018-03-31')).toBe('2018-03-30');
    expect(calendar.lastWorkingDayOnOrBefore('2018-12-31')).toBe('2018-12-29');
    expect(calendar.lastWorkingDayOnOrBefore('2020-02-02')).toBe('2020-01-23');
  });

  it('counts working days in (a, b], negative when b precedes a, inverse of addWorkingDays', () => {
    expect(calendar.workingDaysBetween('2018-03-31', '2018-04-09')).toBe(5);
    expect(calendar.workingDaysBetween('2018-04-09', '2018-03-31')).toBe(-5);
    expect(calendar.workingDaysBetween('2018-04-09', '2018-04-09')).toBe(0);
    expect(calendar.workingDaysBetween('2018-09-28', '2018-10-12')).toBe(7);
    for (const [from, n] of [
      ['2019-09-27', 9],
      ['2020-01-20', 4],
      ['2021-02-05', -6],
    ] as const) {
      expect(calendar.workingDaysBetween(from, calendar.addWorkingDays(from, n))).toBe(n);
    }
  });

  it('rejects malformed dates with a clear error', () => {
    for (const bad of ['2018-02-30', '2018-13-01', '2018-4-9', '20180409', '2018-04-09T00:00:00Z', '', '0018-04-09']) {
      expect(() => calendar.isWorkingDay(bad)).toThrow(InvalidDateError);
    }
    expect(() => calendar.addWorkingDays('2018-02-29', 1)).toThrow(/invalid date "2018-02-29": no such day/);
    expect(() => calendar.isWorkingDay(undefined as unknown as string)).toThrow(/not a string/);
  });

  it('rejects non-integer offsets', () => {
    expect(() => calendar.addWorkingDays('2018-04-09', 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2018-04-09', Number.NaN)).toThrow(RangeError);
  });

  it('accepts leap days', () => {
    expect(calendar.isWorkingDay('2020-02-29')).toBe(false);
    expect(calendar.addWorkingDays('2020-02-28', 1)).toBe('2020-03-02');
  });
});

describe('WorkingDayCalendar (injected data)', () => {
  it('falls back to Monday–Friday outside the data years and says so', () => {
    const cal = new WorkingDayCalendar(handMadeData());
    expect(cal.covers(2031)).toBe(false);
    expect(cal.isWorkingDay('2031-04-01')).toBe(true);
    expect(cal.isWorkingDay('2031-04-05')).toBe(false);
    expect(cal.dataYears()).toEqual([2030]);
  });

  it('uses holidays and make-up days inside the data years', () => {
    const cal = new WorkingDayCalendar(handMadeData());
    expect(cal.isWorkingDay('2030-04-01')).toBe(false);
    expect(cal.isWorkingDay('2030-04-06')).toBe(true);
    expect(cal.addWorkingDays('2030-03-29', 1)).toBe('2030-04-02');
  });

  it('lets the engine see that a newer calendar moved a due date', () => {
    const older = new WorkingDayCalendar(handMadeData());
    const newer = new WorkingDayCalendar(handMadeData({ version: 'test@2', holidays: ['2030-04-01', '2030-04-02'] }));
    expect(older.addWorkingDays('2030-03-29', 2)).toBe('2030-04-03');
    expect(newer.addWorkingDays('2030-03-29', 2)).toBe('2030-04-04');
    expect(newer.version).not.toBe(older.version);
  });

  it('refuses inconsistent data', () => {
    expect(() => new WorkingDayCalendar(handMadeData({ makeUpWorkdays: ['2030-04-01'] }))).toThrow(/both a holiday and a make-up working day/);
    expect(() => new WorkingDayCalendar(handMadeData({ holidays: ['2030-4-1'] }))).toThrow(InvalidDateError);
    expect(() => new WorkingDayCalendar(handMadeData({ version: '' }))).toThrow(/version/);
  });

  it('shares one parsed copy of the chinese-days data', () => {
    expect(chineseDaysCalendarData()).toBe(chineseDaysCalendarData());
  });
});

describe('shanghaiDateOf', () => {
  it('gives the Asia/Shanghai calendar date of an instant (UTC+8)', () => {
    expect(shanghaiDateOf(new Date('2018-03-31T15:59:59Z'))).toBe('2018-03-31');
    expect(shanghaiDateOf(new Date('2018-03-31T16:00:00Z'))).toBe('2018-04-01');
  });
});
