import { DEFAULT_POLICY, KEY_ITEM_POLICY, type DueDateBasis } from '@duban/contracts';
import { WorkingDayCalendar, chineseDaysCalendarData, mergeCalendarData } from '@duban/calendar';
import type { ReportQueries, SupervisionRecords } from '@duban/domain';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createSupervisionActivities } from './supervision.activities';

// Only the calendar is real here: these activities compute dates and touch no records.
const activities = createSupervisionActivities({ records: {} as SupervisionRecords, queries: {} as ReportQueries, calendar: new WorkingDayCalendar() });
const mock = new MockActivityEnvironment();
const env = { run: <A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R> => mock.run(fn, ...args) as Promise<R> };

describe('escalationSchedule', () => {
  it('dates the default ladder from the first working day after the due date, then repeats the top level (checked by hand)', async () => {
    // 2018Q1 due 2018-04-09; Labour Day 04-29…05-01 off, Saturday 04-28 worked.
    const steps = await env.run(activities.escalationSchedule, { dueOn: '2018-04-09', ladder: DEFAULT_POLICY.ladder, fromIndex: 0, count: 6 });
    expect(steps).toEqual([
      { index: 0, level: 0, on: '2018-04-10' },
      { index: 1, level: 1, on: '2018-04-13' },
      { index: 2, level: 2, on: '2018-04-20' },
      { index: 3, level: 2, on: '2018-04-27' },
      { index: 4, level: 2, on: '2018-05-07' },
      { index: 5, level: 2, on: '2018-05-14' },
    ]);
  });

  it('gives the same steps in batches as in one go', async () => {
    const whole = await env.run(activities.escalationSchedule, { dueOn: '2018-02-05', ladder: KEY_ITEM_POLICY.ladder, fromIndex: 0, count: 5 });
    const tail = await env.run(activities.escalationSchedule, { dueOn: '2018-02-05', ladder: KEY_ITEM_POLICY.ladder, fromIndex: 3, count: 2 });
    // Spring Festival 2018: 02-15…02-21 off, Sundays 02-11 and Saturday 02-24 worked.
    expect(whole.map((s) => s.on)).toEqual(['2018-02-06', '2018-02-07', '2018-02-09', '2018-02-22', '2018-02-28']);
    expect(tail).toEqual(whole.slice(3));
  });

  it('a missed due date on a worked Saturday escalates on the Monday', async () => {
    const [first] = await env.run(activities.escalationSchedule, { dueOn: '2019-10-12', ladder: DEFAULT_POLICY.ladder, fromIndex: 0, count: 1 });
    expect(first).toEqual({ index: 0, level: 0, on: '2019-10-14' });
  });
});

describe('dueReminders', () => {
  it('re-plans the lead unit’s reminders before a moved due date, none before today', async () => {
    expect(await env.run(activities.dueReminders, { dueOn: '2018-10-11', notBefore: '2018-10-08', policy: DEFAULT_POLICY })).toEqual([
      { kind: 'pre-due', on: '2018-10-09', audience: 'lead' },
      { kind: 'due', on: '2018-10-11', audience: 'lead' },
    ]);
    expect(await env.run(activities.dueReminders, { dueOn: '2018-10-11', notBefore: '2018-10-10', policy: DEFAULT_POLICY })).toEqual([
      { kind: 'due', on: '2018-10-11', audience: 'lead' },
    ]);
  });

  it('sends one reminder a day: due wins over pre-due', async () => {
    expect(
      await env.run(activities.dueReminders, {
        dueOn: '2018-10-11',
        notBefore: '2018-10-01',
        policy: { ...DEFAULT_POLICY, reminderWorkingDaysBeforeDue: [0, 0] },
      }),
    ).toEqual([{ kind: 'due', on: '2018-10-11', audience: 'lead' }]);
  });
});

describe('addWorkingDays', () => {
  it('counts across National Day 2018 (10-01…10-07 off)', async () => {
    expect(await env.run(activities.addWorkingDays, { date: '2018-09-30', workingDays: 5 })).toBe('2018-10-12');
  });
});

describe('setItemStatus', () => {
  const fibre = { year: 2019, indicator: '光纤入户率', value: 98, unit: '%', text: '到2019年底，全市光纤入户率达98%' };
  const statusOf = async (readings: Array<{ indicator: string; value: number; on: string }>) => {
    const written: Array<[string, string, string]> = [];
    const records = {
      period: async () => ({ endsOn: '2018-06-30' }),
      setItemStatus: async (itemId: string, colour: string, reason: string) => void written.push([itemId, colour, reason]),
    } as unknown as SupervisionRecords;
    const queries = { item: async () => ({ targets: [fibre] }), approvedReadings: async () => readings } as unknown as ReportQueries;
    const acts = createSupervisionActivities({ records, queries, calendar: new WorkingDayCalendar() });
    await env.run(acts.setItemStatus, { itemId: 'i1', colour: 'green', reason: 'approved', periodKey: '2018Q2', dueOn: '2018-07-06' });
    return written[0];
  };

  it('keeps an approved item green when it is on the line to its targets', async () => {
    const [, colour, reason] = await statusOf([
      { indicator: '光纤入户率', value: 80, on: '2018-03-31' },
      { indicator: '光纤入户率', value: 84, on: '2018-06-30' },
    ]);
    expect(colour).toBe('green');
    expect(reason).toContain('2018Q2');
  });

  it('turns an approved item yellow when it is behind the expected progress, and says by how much', async () => {
    // 80% on 2018-03-31 → 98% on 2019-12-31: by 2018-06-30 the line stands at 80 + 18 × 91/640 = 82.56%.
    const [, colour, reason] = await statusOf([
      { indicator: '光纤入户率', value: 80, on: '2018-03-31' },
      { indicator: '光纤入户率', value: 81, on: '2018-06-30' },
    ]);
    expect(colour).toBe('yellow');
    expect(reason).toBe('2018Q2 进展报告已通过，但进度滞后：光纤入户率为81%，按进度应达82.56%（2019年目标98%）');
  });
});

describe('recomputeDueDate (a newer holiday calendar)', () => {
  // The package's calendar with the 2027 New Year holiday the package does not carry yet, and a made-up day off.
  const newer = new WorkingDayCalendar(
    mergeCalendarData(chineseDaysCalendarData(), { label: '2027-notice', years: [2027], holidays: ['2027-01-01', '2027-01-12'] }),
  );
  const acts = createSupervisionActivities({ records: {} as SupervisionRecords, queries: {} as ReportQueries, calendar: newer });
  const recompute = (dueOn: string, basis: DueDateBasis) =>
    env.run(acts.recomputeDueDate, { itemId: 'i', periodKey: '2026Q4', policy: DEFAULT_POLICY, dueOn, basis });

  it('recomputes the schedule: 2026Q4 due 2027-01-07 on the Monday–Friday fallback, 2027-01-08 with New Year’s Day off', async () => {
    const result = await recompute('2027-01-07', { kind: 'schedule' });
    expect(result).toMatchObject({
      calendarVersion: newer.version,
      dueOn: '2027-01-08',
      schedule: { opensOn: '2026-12-31', dueOn: '2027-01-08', coDueOn: '2027-01-06' },
    });
  });

  it('recounts a resubmission window from the day of the return', async () => {
    // Returned Wednesday 2026-12-30: 3 working days were 12-31, 01-01, 01-04; now 12-31, 01-04, 01-05.
    expect((await recompute('2027-01-04', { kind: 'resubmission', returnedOn: '2026-12-30' })).dueOn).toBe('2027-01-05');
  });

  it('never moves a due date earlier to a day already past: nobody falls overdue retroactively', async () => {
    // With 01-01, 01-04 and 01-05 off (made up), 2026Q4 is due Tuesday 01-12; a make-up Saturday 01-09 brings it to Monday 01-11.
    const makeUp = new WorkingDayCalendar(
      mergeCalendarData(chineseDaysCalendarData(), {
        label: 'x',
        years: [2027],
        holidays: ['2027-01-01', '2027-01-04', '2027-01-05'],
        makeUpWorkdays: ['2027-01-09'],
      }),
    );
    const withMakeUp = createSupervisionActivities({ records: {} as SupervisionRecords, queries: {} as ReportQueries, calendar: makeUp });
    const input = { itemId: 'i', periodKey: '2026Q4', policy: DEFAULT_POLICY, dueOn: '2027-01-12', basis: { kind: 'schedule' } as DueDateBasis };
    expect((await env.run(withMakeUp.recomputeDueDate, { ...input, today: '2027-01-08' })).dueOn).toBe('2027-01-11');
    expect((await env.run(withMakeUp.recomputeDueDate, { ...input, today: '2027-01-11' })).dueOn).toBe('2027-01-11');
    expect((await env.run(withMakeUp.recomputeDueDate, { ...input, today: '2027-01-12' })).dueOn).toBe('2027-01-12');
  });

  it('keeps a granted extension, unless its day became a day off: then the next working day', async () => {
    expect((await recompute('2027-01-11', { kind: 'extension' })).dueOn).toBe('2027-01-11');
    expect((await recompute('2027-01-12', { kind: 'extension' })).dueOn).toBe('2027-01-13');
  });
});

describe('reschedulePeriod', () => {
  const run = async (moved: { dueOn: string; coDueOn: string; opensOn: string }) => {
    const notified: Array<{ stepKey: string; recipientIds: string[]; kind: string; subject: string; body: string }> = [];
    const rescheduled: unknown[] = [];
    const people = [
      { id: 'gxw-reporter', unitId: 'gxw', role: 'reporter' },
      { id: 'gxw-head', unitId: 'gxw', role: 'unit-head' },
      { id: 'fgw-reporter', unitId: 'fgw', role: 'reporter' },
    ];
    const records = {
      reschedulePeriod: async (input: unknown) => void rescheduled.push(input),
      peopleOf: async (unitIds: string[], roles: string[]) => people.filter((p) => unitIds.includes(p.unitId) && roles.includes(p.role)),
      notify: async (input: (typeof notified)[number]) => {
        notified.push(input);
        return input.recipientIds.length;
      },
    } as unknown as SupervisionRecords;
    const queries = {
      item: async () => ({
        title: '推进4K电视网络建设',
        units: [
          { unitId: 'gxw', unit: { name: '市工业和信息化委' } },
          { unitId: 'fgw', unit: { name: '市发展改革委' } },
        ],
      }),
    } as unknown as ReportQueries;
    const acts = createSupervisionActivities({ records, queries, calendar: new WorkingDayCalendar() });
    const sent = await env.run(acts.reschedulePeriod, {
      workflowId: 'item:GZ:T01',
      itemId: 'i1',
      periodKey: '2026Q4',
      calendarVersion: 'chinese-days@1.5.7+2027-notice',
      move: 1,
      previousDueOn: '2027-01-07',
      previousCoDueOn: '2027-01-05',
      leadUnitIds: ['gxw'],
      coUnitIds: ['fgw'],
      ...moved,
    });
    return { sent, notified, rescheduled };
  };

  it('records the new dates and tells the lead unit’s reporter and head, and the cooperating unit, each of its own date', async () => {
    const { sent, notified, rescheduled } = await run({ dueOn: '2027-01-08', coDueOn: '2027-01-06', opensOn: '2026-12-31' });
    expect(rescheduled).toEqual([expect.objectContaining({ key: 'item:GZ:T01:2026Q4:calendar:1', dueOn: '2027-01-08', coDueOn: '2027-01-06' })]);
    expect(sent).toBe(3);
    expect(notified.map((n) => [n.stepKey, n.recipientIds, n.kind])).toEqual([
      ['item:GZ:T01:2026Q4:calendar:1:lead', ['gxw-reporter', 'gxw-head'], 'period.rescheduled'],
      ['item:GZ:T01:2026Q4:calendar:1:co', ['fgw-reporter'], 'period.rescheduled'],
    ]);
    expect(notified[0].body).toBe(
      '市工业和信息化委：因节假日安排调整（日历 chinese-days@1.5.7+2027-notice），“推进4K电视网络建设”2026Q4 进展报告的报送期限由 2027-01-07 调整为 2027-01-08。',
    );
    expect(notified[1].body).toContain('配合单位材料的报送期限由 2027-01-05 调整为 2027-01-06，牵头单位报告于 2027-01-08 到期');
  });

  it('tells nobody whose date stayed', async () => {
    const { sent, notified, rescheduled } = await run({ dueOn: '2027-01-07', coDueOn: '2027-01-05', opensOn: '2026-12-30' });
    expect(rescheduled).toHaveLength(1);
    expect(sent).toBe(0);
    expect(notified).toEqual([]);
  });
});
