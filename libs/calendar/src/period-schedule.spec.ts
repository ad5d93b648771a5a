import { DEFAULT_POLICY, KEY_ITEM_POLICY, PeriodSchedule, SupervisionPolicy } from '@duban/contracts';
import fixture from './__fixtures__/schedule-2018-2021.json';
import { computePeriodSchedule, resubmissionDueOn, schedulePeriods } from './period-schedule';
import { WorkingDayCalendar } from './working-day-calendar';

const calendar = new WorkingDayCalendar();
const handChecked = fixture.periods.map((period) => period.schedule as PeriodSchedule);

const policy = (overrides: Partial<SupervisionPolicy>): SupervisionPolicy => ({ ...DEFAULT_POLICY, ...overrides });

describe('computePeriodSchedule under DEFAULT_POLICY', () => {
  it('2018Q1 is due Mon 2018-04-09 (Qingming 5–7 April, make-up Sunday 8 April)', () => {
    const schedule = computePeriodSchedule('2018Q1', DEFAULT_POLICY, calendar);
    expect(schedule.opensOn).toBe('2018-03-30');
    expect(schedule.dueOn).toBe('2018-04-09');
  });

  it('2018Q3 is due Fri 2018-10-12 (National Day 1–7 October, make-up 29–30 September)', () => {
    const schedule = computePeriodSchedule('2018Q3', DEFAULT_POLICY, calendar);
    expect(schedule.opensOn).toBe('2018-09-30');
    expect(schedule.dueOn).toBe('2018-10-12');
  });

  it.each(handChecked.map((s) => [s.key, s] as const))('%s matches the hand-checked table', (key, expected) => {
    expect(computePeriodSchedule(key, DEFAULT_POLICY, calendar)).toEqual(expected);
  });

  it('lists every quarter of 2018–2021 via schedulePeriods', () => {
    expect(schedulePeriods('2018-01-01', '2021-12-31', DEFAULT_POLICY, calendar)).toEqual(handChecked);
  });
});

describe('computePeriodSchedule under other frequencies', () => {
  it('half-yearly 2018H1 falls due with 2018Q2', () => {
    const schedule = computePeriodSchedule('2018H1', policy({ frequency: 'half-yearly' }), calendar);
    expect(schedule).toMatchObject({
      start: '2018-01-01',
      end: '2018-06-30',
      opensOn: '2018-06-29',
      dueOn: '2018-07-06',
      coDueOn: '2018-07-04',
    });
  });

  it('yearly 2020 falls due after the 2021 New Year holiday', () => {
    const schedule = computePeriodSchedule('2020', policy({ frequency: 'yearly' }), calendar);
    expect(schedule).toMatchObject({
      start: '2020-01-01',
      end: '2020-12-31',
      opensOn: '2020-12-31',
      dueOn: '2021-01-08',
      coDueOn: '2021-01-06',
    });
  });

  it('monthly 2019-04 under DEFAULT offsets: Labour Day 1–4 May, make-up Sun 5 May', () => {
    // W1 = Sun 05-05 (make-up), W2 = 05-06 … W5 = Thu 05-09.
    const schedule = computePeriodSchedule('2019-04', policy({ frequency: 'monthly' }), calendar);
    expect(schedule).toMatchObject({ opensOn: '2019-04-30', dueOn: '2019-05-09', coDueOn: '2019-05-07' });
  });
});

describe('computePeriodSchedule under KEY_ITEM_POLICY (monthly, due in 3 working days)', () => {
  it('2018-03: the co-units’ pre-due reminder would precede the window, so it goes out at opening instead of the open reminder', () => {
    // End Sat 03-31, window Fri 03-30; W1 Mon 04-02, W3 Wed 04-04 = due; coDue = W1; co pre-due = 2 working days
    // before W1 = Thu 03-29, before the window → moved to 03-30, where it outranks the co 'open' reminder.
    expect(computePeriodSchedule('2018-03', KEY_ITEM_POLICY, calendar)).toEqual({
      key: '2018-03',
      start: '2018-03-01',
      end: '2018-03-31',
      opensOn: '2018-03-30',
      dueOn: '2018-04-04',
      coDueOn: '2018-04-02',
      reminders: [
        { kind: 'open', on: '2018-03-30', audience: 'lead' },
        { kind: 'pre-due', on: '2018-03-30', audience: 'co' },
        { kind: 'pre-due', on: '2018-04-02', audience: 'lead' },
        { kind: 'due', on: '2018-04-02', audience: 'co' },
        { kind: 'due', on: '2018-04-04', audience: 'lead' },
      ],
    });
  });

  it('2020-01: the month ends inside the extended Spring Festival (24 Jan – 2 Feb)', () => {
    const schedule = computePeriodSchedule('2020-01', KEY_ITEM_POLICY, calendar);
    expect(schedule).toMatchObject({ opensOn: '2020-01-23', dueOn: '2020-02-05', coDueOn: '2020-02-03' });
  });

  it('2019-04: due on Tue 7 May after Labour Day 1–4 May, co-units due on the make-up Sunday 5 May', () => {
    const schedule = computePeriodSchedule('2019-04', KEY_ITEM_POLICY, calendar);
    expect(schedule).toMatchObject({ opensOn: '2019-04-30', dueOn: '2019-05-07', coDueOn: '2019-05-05' });
  });

  it('lists 2018 as twelve monthly periods', () => {
    const keys = schedulePeriods('2018-01-15', '2018-12-01', KEY_ITEM_POLICY, calendar).map((s) => s.key);
    expect(keys).toEqual(['2018-01', '2018-02', '2018-03', '2018-04', '2018-05', '2018-06', '2018-07', '2018-08', '2018-09', '2018-10', '2018-11', '2018-12']);
  });
});

describe('reminder rules', () => {
  it('keeps one reminder per day and audience, the most specific kind winning', () => {
    // Window Fri 06-29, due Mon 07-02. Lead: pre-due (1 before due) lands on 06-29 and replaces 'open'.
    // Co-units: due 06-29 = the window's day, so 'open', the clamped pre-due and 'due' collapse into 'due'.
    const schedule = computePeriodSchedule('2018Q2', policy({ dueWorkingDays: 1, reminderWorkingDaysBeforeDue: [1, 0], coUnitLeadWorkingDays: 1 }), calendar);
    expect(schedule.reminders).toEqual([
      { kind: 'pre-due', on: '2018-06-29', audience: 'lead' },
      { kind: 'due', on: '2018-06-29', audience: 'co' },
      { kind: 'due', on: '2018-07-02', audience: 'lead' },
    ]);
  });

  it('never sets the co-units’ due date before the window opens', () => {
    const schedule = computePeriodSchedule('2018Q2', policy({ dueWorkingDays: 1, coUnitLeadWorkingDays: 4 }), calendar);
    expect(schedule.coDueOn).toBe(schedule.opensOn);
  });

  it('sends no reminders before due when the policy lists none', () => {
    const schedule = computePeriodSchedule('2018Q1', policy({ reminderWorkingDaysBeforeDue: [] }), calendar);
    expect(schedule.reminders).toEqual([
      { kind: 'open', on: '2018-03-30', audience: 'lead' },
      { kind: 'open', on: '2018-03-30', audience: 'co' },
    ]);
  });

  it('rejects a policy with negative or fractional working-day counts', () => {
    expect(() => computePeriodSchedule('2018Q1', policy({ dueWorkingDays: -1 }), calendar)).toThrow(/dueWorkingDays/);
    expect(() => computePeriodSchedule('2018Q1', policy({ reminderWorkingDaysBeforeDue: [1.5] }), calendar)).toThrow(/reminderWorkingDaysBeforeDue/);
    expect(() => computePeriodSchedule('2018Q1', policy({ coUnitLeadWorkingDays: Number.NaN }), calendar)).toThrow(/coUnitLeadWorkingDays/);
  });

  it('rejects a malformed period key', () => {
    expect(() => computePeriodSchedule('2018Q5', DEFAULT_POLICY, calendar)).toThrow(/invalid period key "2018Q5"/);
  });
});

describe('resubmissionDueOn', () => {
  it('is 3 working days after the return under DEFAULT_POLICY', () => {
    expect(resubmissionDueOn('2018-04-02', DEFAULT_POLICY, calendar)).toBe('2018-04-08');
    expect(resubmissionDueOn('2018-09-28', DEFAULT_POLICY, calendar)).toBe('2018-10-08');
  });

  it('follows the policy’s own count', () => {
    expect(resubmissionDueOn('2020-01-22', policy({ resubmitWorkingDays: 2 }), calendar)).toBe('2020-02-03');
  });

  it('rejects a malformed return date', () => {
    expect(() => resubmissionDueOn('2018/04/02', DEFAULT_POLICY, calendar)).toThrow(/invalid date/);
  });
});

describe('schedulePeriods', () => {
  it('includes the periods that only partly overlap the range', () => {
    const keys = schedulePeriods('2018-03-31', '2018-04-01', DEFAULT_POLICY, calendar).map((s) => s.key);
    expect(keys).toEqual(['2018Q1', '2018Q2']);
  });

  it('rejects a reversed range', () => {
    expect(() => schedulePeriods('2019-01-01', '2018-01-01', DEFAULT_POLICY, calendar)).toThrow(/starts after it ends/);
  });
});
