import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createSupervisionActivities } from '@duban/activities';
import { computePeriodSchedule, nextPeriodKey, WorkingDayCalendar } from '@duban/calendar';
import {
  DEFAULT_POLICY,
  KEY_ITEM_POLICY,
  acknowledgeEscalationUpdate,
  approveClosureUpdate,
  approveExtensionUpdate,
  requestClosureUpdate,
  setKeyItemUpdate,
  escalationWorkflowId,
  requestExtensionUpdate,
  reviewReportUpdate,
  submitContributionUpdate,
  submitReportUpdate,
  type ItemSupervisionInput,
  type SupervisionPolicy,
} from '@duban/contracts';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { historyToJson } from '../../workflows/src/replay/history-json';
import { InMemoryRecords, shanghai } from './support/in-memory-records';
import { FGW, GXW, PEOPLE, at } from './support/people';
import { shiftedTestServer } from './support/shifted-test-server';

/**
 * The seed plan's supervision from 2018-01-01 to 2021-12-31 under time skipping: six items of the seed with
 * scripted units, every reminder, notice and follow-up checked against the hand-made table below.
 *
 * The table was worked out by hand from the State Council's holiday notices for 2018–2021, not from the code:
 *   2018: New Year 12-30…01-01 (Sat 12-29 worked) · Spring Festival 02-15…02-21 (Sun 02-11, Sat 02-24 worked) ·
 *         Qingming 04-05…04-07 (Sun 04-08 worked) · Labour Day 04-29…05-01 (Sat 04-28 worked) ·
 *         National Day 10-01…10-07 (Sat 09-29, Sun 09-30 worked)
 *   2019: Qingming 04-05…04-07 · National Day 10-01…10-07 (Sun 09-29, Sat 10-12 worked) · New Year 2020 01-01
 *   2020/2021: no quarter end falls on a holiday (checked: 06-30, 09-30, 12-31, 03-31 are all working days)
 */

// ---- the hand-checked table ----

/** Last working day of each quarter 2018Q1…2021Q4: the window opens (and the 'open' reminder goes out). */
const QUARTER_OPENS: Record<string, string> = {
  '2018Q1': '2018-03-30', // 03-31 is a Saturday
  '2018Q2': '2018-06-29', // 06-30 Saturday
  '2018Q3': '2018-09-30', // Sunday, worked before National Day
  '2018Q4': '2018-12-29', // 12-31 is New Year's holiday; Saturday 12-29 worked
  '2019Q1': '2019-03-29',
  '2019Q2': '2019-06-28',
  '2019Q3': '2019-09-30',
  '2019Q4': '2019-12-31',
  '2020Q1': '2020-03-31',
  '2020Q2': '2020-06-30',
  '2020Q3': '2020-09-30',
  '2020Q4': '2020-12-31',
  '2021Q1': '2021-03-31',
  '2021Q2': '2021-06-30',
  '2021Q3': '2021-09-30',
  '2021Q4': '2021-12-31',
};

/** Default policy: due 5 working days after the quarter; pre-due reminder 2 working days before. */
const QUARTER_DUE: Record<string, { preDue: string; due: string }> = {
  '2018Q1': { preDue: '2018-04-04', due: '2018-04-09' }, // Qingming 04-05…07, Sunday 04-08 worked
  '2018Q2': { preDue: '2018-07-04', due: '2018-07-06' },
  '2018Q3': { preDue: '2018-10-10', due: '2018-10-12' }, // after National Day
  '2018Q4': { preDue: '2019-01-04', due: '2019-01-08' }, // 01-01 off
  '2019Q1': { preDue: '2019-04-03', due: '2019-04-08' }, // Qingming 04-05…07
  '2019Q2': { preDue: '2019-07-03', due: '2019-07-05' },
  '2019Q3': { preDue: '2019-10-10', due: '2019-10-12' }, // Saturday 10-12 worked
  '2019Q4': { preDue: '2020-01-06', due: '2020-01-08' }, // 01-01 off
};

/** Key item (monthly) in 2018: last working day of each month. */
const MONTH_OPENS_2018: Record<string, string> = {
  '2018-01': '2018-01-31',
  '2018-03': '2018-03-30',
  '2018-04': '2018-04-28', // 04-30 is Labour Day holiday; Saturday 04-28 worked
  '2018-05': '2018-05-31',
  '2018-06': '2018-06-29',
  '2018-07': '2018-07-31',
  '2018-08': '2018-08-31',
  '2018-09': '2018-09-30', // Sunday worked
  '2018-10': '2018-10-31',
  '2018-11': '2018-11-30',
  '2018-12': '2018-12-29', // Saturday worked
};

function expectedLines(): string[] {
  const lines: string[] = [];
  const quarters = Object.keys(QUARTER_OPENS);
  // T01: on time every quarter (reports when the window opens): the 'open' reminder only. Marked a key item
  // (重点督办) on 2021-08-02, it turns monthly from the next boundary: 2021-10 opens Friday 10-29 (10-30/31 weekend),
  // 2021-11 on 11-30, 2021-12 on 12-31.
  for (const q of quarters.filter((q) => q !== '2021Q4')) lines.push(`${QUARTER_OPENS[q]} T01 reminder.open lead`);
  lines.push('2021-10-29 T01 reminder.open lead', '2021-11-30 T01 reminder.open lead', '2021-12-31 T01 reminder.open lead');
  // T02: 2018Q1 late — all three reminders, then the ladder: blue on the first working day after the due date,
  // yellow +3, red +5; the leader acknowledges on 04-23, so the repeats turn into follow-up urges: 04-27, then
  // +5 working days across Labour Day (04-28 worked; 04-29…05-01 off) = 05-07. The report arrives 05-08.
  lines.push('2018-03-30 T02 reminder.open lead', '2018-04-04 T02 reminder.pre-due lead', '2018-04-09 T02 reminder.due lead');
  lines.push(
    '2018-04-10 T02 notice blue 督办〔2018〕第0006号',
    '2018-04-13 T02 notice yellow 督办〔2018〕第0007号',
    '2018-04-20 T02 notice red 督办〔2018〕第0008号',
  );
  lines.push('2018-04-27 T02 escalation.follow-up', '2018-05-07 T02 escalation.follow-up');
  for (const q of quarters.slice(1)) lines.push(`${QUARTER_OPENS[q]} T02 reminder.open lead`);
  // T03: reports on the due date in 2018–2019 (all three lead reminders), on opening from 2020; the cooperating
  // unit contributes on the opening day, so it only ever gets the 'open' reminder.
  for (const q of quarters) {
    lines.push(`${QUARTER_OPENS[q]} T03 reminder.open lead`, `${QUARTER_OPENS[q]} T03 reminder.open co`);
    if (QUARTER_DUE[q]) lines.push(`${QUARTER_DUE[q].preDue} T03 reminder.pre-due lead`, `${QUARTER_DUE[q].due} T03 reminder.due lead`);
  }
  // T04: 2018Q3 returned twice. Submitted 09-30; returned 10-08 → resubmission due 10-11 (3 working days), pre-due
  // 10-09; resubmitted 10-10; returned 10-12 → due 10-17, pre-due 10-15; not resubmitted in time → blue notice on
  // 10-18; resubmitted 10-19 and approved.
  for (const q of quarters) lines.push(`${QUARTER_OPENS[q]} T04 reminder.open lead`);
  lines.push('2018-10-08 T04 report.returned', '2018-10-09 T04 reminder.pre-due lead', '2018-10-12 T04 report.returned');
  lines.push('2018-10-15 T04 reminder.pre-due lead', '2018-10-17 T04 reminder.due lead', '2018-10-18 T04 notice blue 督办〔2018〕第0009号');
  // T05: 2019Q3 (due Saturday 10-12, a worked day) missed; blue notice Monday 10-14; extension to 10-25 asked on
  // 10-14, approved 10-15: the escalation ends, reminders re-planned (pre-due 10-23, due 10-25); report on 10-25.
  // Closure (办结) asked 2021-06-01, approved 06-02; the leader stays silent for 5 working days (06-03, 04, 07, 08, 09),
  // so the item closes at 00:00 on 06-10 and 2021Q2's window (06-30) never opens for it.
  for (const q of quarters.filter((q) => q < '2021Q2')) lines.push(`${QUARTER_OPENS[q]} T05 reminder.open lead`);
  lines.push('2021-06-02 T05 closure.approved');
  lines.push('2019-10-10 T05 reminder.pre-due lead', '2019-10-12 T05 reminder.due lead', '2019-10-14 T05 notice blue 督办〔2019〕第0001号');
  lines.push('2019-10-23 T05 reminder.pre-due lead', '2019-10-25 T05 reminder.due lead');
  // S04 (重点督办, monthly, due in 3 working days, ladder 0/+1/+2, repeat every 5): 2018-01 due 02-05 and missed:
  // blue 02-06, yellow 02-07, red 02-09, repeats +5 across Spring Festival (02-11 worked, 02-15…21 off) = 02-22,
  // +5 (02-24 worked) = 02-28; the report arrives 03-01. 2018-02 then opens late (its reminders' days have passed).
  lines.push('2018-01-31 S04 reminder.open lead', '2018-02-01 S04 reminder.pre-due lead', '2018-02-05 S04 reminder.due lead');
  lines.push(
    '2018-02-06 S04 notice blue 督办〔2018〕第0001号',
    '2018-02-07 S04 notice yellow 督办〔2018〕第0002号',
    '2018-02-09 S04 notice red 督办〔2018〕第0003号',
  );
  lines.push('2018-02-22 S04 notice red 督办〔2018〕第0004号', '2018-02-28 S04 notice red 督办〔2018〕第0005号');
  for (const [m, on] of Object.entries(MONTH_OPENS_2018)) if (m !== '2018-01') lines.push(`${on} S04 reminder.open lead`);
  return lines.sort();
}

// ---- the script ----

interface ScriptedItem {
  code: string;
  policy: SupervisionPolicy;
  coUnitIds: string[];
  keyItem?: boolean;
}

const ITEMS: ScriptedItem[] = [
  { code: 'T01', policy: DEFAULT_POLICY, coUnitIds: [] },
  { code: 'T02', policy: DEFAULT_POLICY, coUnitIds: [] },
  { code: 'T03', policy: DEFAULT_POLICY, coUnitIds: [FGW] },
  { code: 'T04', policy: DEFAULT_POLICY, coUnitIds: [] },
  { code: 'T05', policy: DEFAULT_POLICY, coUnitIds: [] },
  { code: 'S04', policy: KEY_ITEM_POLICY, coUnitIds: [], keyItem: true },
];

type Step = {
  at: number;
  code: string;
  what:
    | 'submit'
    | 'approve'
    | 'return'
    | 'contribute'
    | 'acknowledge'
    | 'extend'
    | 'approve-extension'
    | 'mark-run'
    | 'set-key'
    | 'request-closure'
    | 'approve-closure';
  periodKey: string;
};

/** The periods each item goes through: T01 turns monthly after 2021Q3 (key item), T05 closes during 2021Q2. */
function periodsOf(item: ScriptedItem): string[] {
  const keys: string[] = [];
  for (let key = item.policy.frequency === 'monthly' ? '2018-01' : '2018Q1'; key.slice(0, 4) <= '2021'; key = nextPeriodKey(key)) keys.push(key);
  if (item.code === 'T01') return [...keys.filter((k) => k !== '2021Q4'), '2021-10', '2021-11', '2021-12'];
  if (item.code === 'T05') return keys.filter((k) => k <= '2021Q2');
  return keys;
}

const PLAN = 'SIM';
const END = at('2022-01-01', '00:00');

function script(calendar: WorkingDayCalendar): Step[] {
  const steps: Step[] = [];
  const add = (code: string, periodKey: string, date: string, time: string, what: Step['what']) => steps.push({ at: at(date, time), code, what, periodKey });
  for (const item of ITEMS) {
    for (const key of periodsOf(item)) {
      const schedule = computePeriodSchedule(key, key.includes('-') ? KEY_ITEM_POLICY : DEFAULT_POLICY, calendar);
      const year = Number(key.slice(0, 4));
      const special = `${item.code}:${key}`;
      if (special === 'T02:2018Q1') {
        add('T02', key, '2018-04-23', '10:00', 'acknowledge');
        add('T02', key, '2018-05-08', '10:00', 'submit');
        add('T02', key, '2018-05-09', '10:00', 'approve');
      } else if (special === 'T04:2018Q3') {
        add('T04', key, '2018-09-30', '10:00', 'submit');
        add('T04', key, '2018-10-08', '10:00', 'return');
        add('T04', key, '2018-10-10', '10:00', 'submit');
        add('T04', key, '2018-10-12', '10:00', 'return');
        add('T04', key, '2018-10-19', '10:00', 'submit');
        add('T04', key, '2018-10-22', '09:59', 'mark-run');
        add('T04', key, '2018-10-22', '10:00', 'approve');
      } else if (special === 'T05:2019Q3') {
        add('T05', key, '2019-10-14', '10:00', 'extend');
        add('T05', key, '2019-10-15', '10:00', 'approve-extension');
        add('T05', key, '2019-10-25', '16:00', 'submit');
        add('T05', key, '2019-10-28', '09:59', 'mark-run');
        add('T05', key, '2019-10-28', '10:00', 'approve');
      } else if (special === 'T05:2021Q2') {
        add('T05', key, '2021-06-01', '10:00', 'request-closure');
        add('T05', key, '2021-06-02', '10:00', 'approve-closure');
        add('T05', key, '2021-06-02', '11:00', 'mark-run');
      } else if (special === 'S04:2018-01') {
        add('S04', key, '2018-03-01', '10:00', 'submit');
        add('S04', key, '2018-03-02', '09:59', 'mark-run');
        add('S04', key, '2018-03-02', '10:00', 'approve');
      } else if (special === 'S04:2018-02') {
        add('S04', key, '2018-03-02', '11:00', 'submit');
        add('S04', key, '2018-03-02', '12:00', 'approve');
      } else if (item.code === 'T03' && year <= 2019) {
        add('T03', key, schedule.opensOn, '12:00', 'contribute');
        add('T03', key, schedule.dueOn, '15:00', 'submit');
        add('T03', key, schedule.dueOn, '16:00', 'approve');
      } else {
        if (special === 'T01:2021Q3') {
          add('T01', key, '2021-08-02', '10:00', 'set-key');
          add('T01', key, schedule.opensOn, '10:30', 'mark-run');
        }
        if (item.code === 'T03') add('T03', key, schedule.opensOn, '09:30', 'contribute');
        add(item.code, key, schedule.opensOn, '10:00', 'submit');
        add(item.code, key, schedule.opensOn, '11:00', 'approve');
      }
    }
  }
  // Stable order: by time, then by item.
  return steps.filter((s) => s.at < END).sort((a, b) => a.at - b.at || a.code.localeCompare(b.code));
}

describe('the seed plan 2018–2021 under time skipping', () => {
  let env: TestWorkflowEnvironment;
  const calendar = new WorkingDayCalendar();
  const titles = new Map(ITEMS.map((i) => [`item-${i.code}`, `任务 ${i.code}`]));
  const records = new InMemoryRecords(PEOPLE, titles, () => env.currentTimeMs());
  /** Runs whose histories are kept for the replay test: workflowId → runId. */
  const runs: Array<{ name: string; workflowId: string; runId: string }> = [];

  beforeAll(async () => {
    const server = shiftedTestServer(at('2017-12-31', '00:00'));
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: server } } });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('sends every reminder, notice and follow-up on the hand-checked day at 09:00, once', async () => {
    const started = Date.now();
    const taskQueue = `sim-${randomBytes(4).toString('hex')}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('@duban/workflows'),
      activities: createSupervisionActivities({ ...records.asServices(), calendar }),
    });
    const client = env.client;
    const workflowId = (code: string) => `item:${PLAN}:${code}`;
    const pendingReport = new Map<string, string>();
    const pendingExtension = new Map<string, string>();
    const pendingClosure = new Map<string, string>();

    await worker.runUntil(async () => {
      for (const item of ITEMS) {
        const input: ItemSupervisionInput = {
          itemId: `item-${item.code}`,
          planCode: PLAN,
          itemCode: item.code,
          leadUnitIds: [GXW],
          coUnitIds: item.coUnitIds,
          policy: item.policy,
          keyItem: item.keyItem,
          startOn: '2018-01-01',
        };
        await client.workflow.start('itemSupervision', { taskQueue, workflowId: workflowId(item.code), args: [input] });
      }

      for (const step of script(calendar)) {
        const now = await env.currentTimeMs();
        if (step.at > now) await env.sleep(step.at - now);
        const handle = client.workflow.getHandle(workflowId(step.code));
        const period = step.periodKey;
        switch (step.what) {
          case 'submit': {
            const res = await handle.executeUpdate(submitReportUpdate, {
              args: [
                {
                  periodKey: period,
                  unitId: GXW,
                  submittedBy: 'gxw-reporter',
                  narrative: `${step.code} ${period} 进展`,
                  indicatorValues: [{ indicator: '完成率', value: 50 }],
                },
              ],
            });
            pendingReport.set(step.code, res.reportId);
            break;
          }
          case 'approve':
          case 'return':
            await handle.executeUpdate(reviewReportUpdate, {
              args: [
                {
                  reportId: pendingReport.get(step.code)!,
                  decision: step.what === 'approve' ? 'approve' : 'return',
                  comment: step.what === 'return' ? '请补充指标完成情况' : undefined,
                  reviewerId: 'supervisor',
                },
              ],
            });
            break;
          case 'contribute':
            await handle.executeUpdate(submitContributionUpdate, {
              args: [{ periodKey: period, unitId: FGW, submittedBy: 'fgw-reporter', narrative: '配合单位进展', indicatorValues: [] }],
            });
            break;
          case 'acknowledge': {
            const child = client.workflow.getHandle(escalationWorkflowId(workflowId(step.code), period, 1));
            await child.executeUpdate(acknowledgeEscalationUpdate, {
              args: [{ personId: 'leader', role: 'leader', unitId: null, comment: '已阅，请抓紧报送' }],
            });
            break;
          }
          case 'extend': {
            const res = await handle.executeUpdate(requestExtensionUpdate, {
              args: [{ periodKey: period, unitId: GXW, requestedBy: 'gxw-reporter', reason: '统计数据待国庆后汇总', requestedDueOn: '2019-10-25' }],
            });
            pendingExtension.set(step.code, res.requestId);
            break;
          }
          case 'approve-extension':
            await handle.executeUpdate(approveExtensionUpdate, { args: [{ requestId: pendingExtension.get(step.code)!, supervisorId: 'supervisor' }] });
            break;
          case 'set-key': {
            const res = await handle.executeUpdate(setKeyItemUpdate, { args: [{ keyItem: true, policy: KEY_ITEM_POLICY, by: 'supervisor' }] });
            expect(res).toEqual({ appliesFrom: '2021-10-01' });
            break;
          }
          case 'request-closure': {
            const res = await handle.executeUpdate(requestClosureUpdate, { args: [{ unitId: GXW, requestedBy: 'gxw-head', reason: '任务已完成' }] });
            pendingClosure.set(step.code, res.requestId);
            break;
          }
          case 'approve-closure': {
            const res = await handle.executeUpdate(approveClosureUpdate, { args: [{ requestId: pendingClosure.get(step.code)!, supervisorId: 'supervisor' }] });
            expect(res.signOffBy).toBe('2021-06-09');
            break;
          }
          case 'mark-run': {
            const { runId } = await handle.describe();
            runs.push({ name: `item-${step.code}-${period}`, workflowId: workflowId(step.code), runId });
            break;
          }
        }
      }
      const now = await env.currentTimeMs();
      await env.sleep(END - now);
      // T05 ended by itself when it closed (办结); the others run on into 2022.
      const t05 = await client.workflow.getHandle(workflowId('T05')).describe();
      expect(t05.status.name).toBe('COMPLETED');
      for (const item of ITEMS.filter((i) => i.code !== 'T05')) await client.workflow.getHandle(workflowId(item.code)).terminate('simulation over');
    });

    // Reminders, notices and follow-ups, one line each (a reminder to a unit's reporter is one line).
    const lines: string[] = [];
    const code = (itemId: string | null) => (itemId ?? '').replace('item-', '');
    for (const n of records.notifications) {
      const { date, time } = shanghai(n.at);
      if (n.kind.startsWith('reminder.')) {
        expect(time).toBe('09:00');
        const audience = /:reminder\.[a-z-]+:(lead|co)/.exec(n.key)?.[1];
        lines.push(`${date} ${code(n.itemId)} ${n.kind} ${audience}`);
      } else if (n.kind === 'closure.approved') {
        lines.push(`${date} ${code(n.itemId)} ${n.kind}`);
      } else if (n.kind === 'escalation.follow-up' || n.kind === 'report.returned') {
        if (n.kind === 'escalation.follow-up') expect(time).toBe('09:00');
        // one line per message, not per addressee
        if (n.recipientId === 'gxw-reporter') lines.push(`${date} ${code(n.itemId)} ${n.kind}`);
      }
    }
    for (const notice of records.notices) {
      const { date, time } = shanghai(notice.at);
      expect({ date, time }).toEqual({ date: notice.issuedOn, time: '09:00' });
      lines.push(`${notice.issuedOn} ${code(notice.itemId)} notice ${notice.colour} ${notice.number}`);
    }

    // Besides the table, S04's monthly openings 2019–2021 (36 of them): counted, and each on the calendar's last working day.
    const laterS04 = lines.filter((l) => l.includes(' S04 reminder.open') && l >= '2019');
    expect(laterS04).toHaveLength(36);
    const rest = lines.filter((l) => !laterS04.includes(l)).sort();
    expect(rest).toEqual(expectedLines());
    for (const l of laterS04) expect(calendar.lastWorkingDayOnOrBefore(l.slice(0, 10))).toBe(l.slice(0, 10));

    // The notices went to whom the ladder names; nothing was written or sent twice.
    expect(records.notices.map((n) => [n.colour, n.recipientIds])).toEqual(
      expect.arrayContaining([
        ['blue', ['gxw-reporter', 'gxw-head']],
        ['yellow', ['supervisor']],
        ['red', ['leader']],
      ]),
    );
    expect(records.duplicateAttempts).toEqual([]);
    expect(new Set(records.notifications.map((n) => n.key)).size).toBe(records.notifications.length);

    // Escalations ended as the script says.
    const escalations = [...records.escalationRows.values()].map((e) => `${e.input.key} ${e.resolution} ${e.acknowledgedBy ?? '-'}`).sort();
    expect(escalations).toEqual([
      `item:${PLAN}:S04:escalation:2018-01:1 report-arrived -`,
      `item:${PLAN}:T02:escalation:2018Q1:1 report-arrived leader`,
      `item:${PLAN}:T04:escalation:2018Q3:1 report-arrived -`,
      `item:${PLAN}:T05:escalation:2019Q3:1 extended -`,
    ]);

    // Status colours: red while escalated, yellow after the extension, green once approved.
    const t05 = records.statuses.filter((s) => s.itemId === 'item-T05' && shanghai(s.at).date >= '2019-10-10' && shanghai(s.at).date <= '2019-10-28');
    expect(t05.map((s) => `${shanghai(s.at).date} ${s.colour}`)).toEqual([
      '2019-10-10 yellow', // pre-due
      '2019-10-12 yellow', // due today
      '2019-10-13 red', // overdue at 00:00 the day after
      '2019-10-14 red', // escalated: level 1 (blue notice)
      '2019-10-15 yellow', // extension approved
      '2019-10-23 yellow',
      '2019-10-25 yellow',
      '2019-10-28 green', // approved
    ]);

    // The closure took effect at 00:00 after the leader's 5 working days.
    const closed = records.statuses.find((s) => s.itemId === 'item-T05' && s.reason === '已办结');
    expect(closed && shanghai(closed.at)).toEqual({ date: '2021-06-10', time: '00:00' });

    if (process.env.RECORD_HISTORIES) await recordHistories(env, runs);
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`simulation: ${lines.length} dated messages over 2018–2021 in ${seconds.toFixed(1)} s\n`);
  });
});

/** RECORD_HISTORIES=1: keeps the runs marked above (and their escalations) for the replay test. */
async function recordHistories(env: TestWorkflowEnvironment, runs: Array<{ name: string; workflowId: string; runId: string }>): Promise<void> {
  const dir = resolve(__dirname, '../../workflows/src/__histories__');
  mkdirSync(dir, { recursive: true });
  const manifest: Record<string, string> = {};
  for (const run of runs) {
    const history = await env.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    writeFileSync(join(dir, `${run.name}.json`), historyToJson(history));
    manifest[`${run.name}.json`] = run.workflowId;
  }
  for (const [name, id] of [
    ['escalation-T02-2018Q1-acknowledged', `item:${PLAN}:T02:escalation:2018Q1:1`],
    ['escalation-S04-2018-01-repeats', `item:${PLAN}:S04:escalation:2018-01:1`],
  ]) {
    const history = await env.client.workflow.getHandle(id).fetchHistory();
    writeFileSync(join(dir, `${name}.json`), historyToJson(history));
    manifest[`${name}.json`] = id;
  }
  const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(join(dir, 'index.json'), `${JSON.stringify(sorted, null, 2)}\n`);
}
