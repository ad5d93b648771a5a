import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createSupervisionActivities } from '@duban/activities';
import { WorkingDayCalendar, chineseDaysCalendarData, mergeCalendarData } from '@duban/calendar';
import {
  DEFAULT_POLICY,
  KEY_ITEM_POLICY,
  approveExtensionUpdate,
  calendarChangedSignal,
  requestExtensionUpdate,
  reviewReportUpdate,
  submitReportUpdate,
  supervisionStateQuery,
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
 * A newer holiday calendar installed while periods are open. On Monday 2019-04-01 at 12:00 the worker restarts on
 * chinese-days with an adjustments file that makes 03-29, 04-02 and 04-10 days off (made up for the test),
 * and every item workflow is told (calendarChanged). Each recomputes its open period's due date as its basis says:
 *
 *   day    03-27 03-28 03-29 | 04-01 04-02 04-03 04-04 04-05 04-08 04-09 04-10 04-11
 *   before   W     W     W   |   W     W     W     W     H     W     W     W     W      (Qingming 04-05…07)
 *   after    W     W     H   |   W     H     W     W     H     W     W     H     W
 *
 * - C01, the schedule (2019Q1, 5 working days after 03-31): due 04-08 → 04-09; the window's day 03-29 → 03-28; the
 *   cooperating unit's date (2 working days earlier) 04-03 → 04-04. Both units are told; the reminders still to come
 *   follow the new dates (lead pre-due 04-03 → 04-04, co due 04-03 → 04-04, lead due 04-08 → 04-09).
 * - C02, a return's resubmission window (returned Thursday 03-28, 3 working days): 04-02 → 04-04.
 * - C03, an approved extension to 04-10, which becomes a day off: the next working day, 04-11 (pre-due stays 04-08).
 * - C04, a key item with a 21-working-day due offset, overdue since 03-30 (due 03-29, blue notice 04-01 09:00):
 *   due now 04-01, so no longer overdue — its escalation ends ('rescheduled'), the numbered notice stays.
 * - C05, approved before the change with an extension request nobody decided: the request lapsed; the next
 *   period's dates do not move, so nobody is told anything.
 * - C06, submitted on 03-28 and still waiting for review when the calendar changes: a period whose report is in keeps
 *   its dates (due 04-08 although C01's moved to 04-09), and nobody is told; it is approved afterwards.
 */

const PLAN = 'CAL';
const workflowId = (code: string): string => `item:${PLAN}:${code}`;
const LATE_KEY_POLICY: SupervisionPolicy = { ...KEY_ITEM_POLICY, dueWorkingDays: 21 };
const ADJUSTMENTS = { label: 'sim-2019', holidays: ['2019-03-29', '2019-04-02', '2019-04-10'] };

const EXPECTED = [
  '2019-03-29 C01 reminder.open lead',
  '2019-03-29 C01 reminder.open co',
  '2019-04-01 C01 reminder.pre-due co',
  '2019-04-01 C01 period.rescheduled lead',
  '2019-04-01 C01 period.rescheduled co',
  '2019-04-04 C01 reminder.pre-due lead',
  '2019-04-04 C01 reminder.due co',
  '2019-04-09 C01 reminder.due lead',
  '2019-03-28 C02 report.returned',
  '2019-03-29 C02 reminder.pre-due lead',
  '2019-04-01 C02 period.rescheduled lead',
  '2019-04-04 C02 reminder.due lead',
  '2019-04-01 C03 period.rescheduled lead',
  '2019-04-08 C03 reminder.pre-due lead',
  '2019-04-11 C03 reminder.due lead',
  '2019-02-28 C04 reminder.open lead',
  '2019-03-27 C04 reminder.pre-due lead',
  '2019-03-29 C04 reminder.due lead',
  '2019-04-01 C04 notice blue 督办〔2019〕第0001号',
  '2019-04-01 C04 period.rescheduled lead',
].sort();

describe('a newer holiday calendar moves the due dates of open periods', () => {
  let env: TestWorkflowEnvironment;
  const before = new WorkingDayCalendar();
  const after = new WorkingDayCalendar(mergeCalendarData(chineseDaysCalendarData(), ADJUSTMENTS));

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: shiftedTestServer(at('2019-01-01', '00:00')) } },
    });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('recomputes each as its basis says, tells the units once, re-plans the reminders, ends an escalation no longer due', async () => {
    const titles = new Map(['C01', 'C02', 'C03', 'C04', 'C05', 'C06'].map((c) => [`item-${c}`, `任务 ${c}`]));
    const records = new InMemoryRecords(PEOPLE, titles, () => env.currentTimeMs());
    const taskQueue = `cal-${randomBytes(4).toString('hex')}`;
    const client = env.client;
    const handle = (code: string) => client.workflow.getHandle(workflowId(code));
    const sleepUntil = async (ms: number) => {
      const now = await env.currentTimeMs();
      if (ms > now) await env.sleep(ms - now);
    };
    const submit = async (code: string, periodKey: string) =>
      (
        await handle(code).executeUpdate(submitReportUpdate, {
          args: [{ periodKey, unitId: GXW, submittedBy: 'gxw-reporter', narrative: `${code} ${periodKey} 进展`, indicatorValues: [] }],
        })
      ).reportId;
    const review = (code: string, reportId: string, decision: 'approve' | 'return') =>
      handle(code).executeUpdate(reviewReportUpdate, {
        args: [{ reportId, decision, comment: decision === 'return' ? '请补充指标完成情况' : undefined, reviewerId: 'supervisor' }],
      });
    const runs: Record<string, string> = {};
    let lapsedRequest = '';

    // The calendar the worker's activities compute on: the package's until 2019-04-01 12:00, then the newer one.
    // (One worker whose calendar is swapped: the test server does not hand sticky workflow tasks of a stopped
    // worker to a new one while time is skipped, so a real restart cannot be played here; the e2e suite does.)
    let installed = before;
    const calendar = new Proxy(before, {
      get: (_target, name) => {
        const value: unknown = Reflect.get(installed, name);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(installed) : value;
      },
    });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('@duban/workflows'),
      activities: createSupervisionActivities({ ...records.asServices(), calendar }),
    });
    await worker.runUntil(async () => {
      for (const [code, coUnitIds, policy, startOn] of [
        ['C01', [FGW], DEFAULT_POLICY, '2019-01-01'],
        ['C02', [], DEFAULT_POLICY, '2019-01-01'],
        ['C03', [], DEFAULT_POLICY, '2019-01-01'],
        ['C04', [], LATE_KEY_POLICY, '2019-02-01'],
        ['C05', [], DEFAULT_POLICY, '2019-01-01'],
        ['C06', [FGW], DEFAULT_POLICY, '2019-01-01'],
      ] as const) {
        const input: ItemSupervisionInput = {
          itemId: `item-${code}`,
          planCode: PLAN,
          itemCode: code,
          leadUnitIds: [GXW],
          coUnitIds: [...coUnitIds],
          policy,
          startOn,
        };
        await client.workflow.start('itemSupervision', { taskQueue, workflowId: workflowId(code), args: [input] });
      }
      await sleepUntil(at('2019-03-27', '10:00'));
      const c03 = await handle('C03').executeUpdate(requestExtensionUpdate, {
        args: [{ periodKey: '2019Q1', unitId: GXW, requestedBy: 'gxw-reporter', reason: '数据待核实', requestedDueOn: '2019-04-10' }],
      });
      const c05 = await handle('C05').executeUpdate(requestExtensionUpdate, {
        args: [{ periodKey: '2019Q1', unitId: GXW, requestedBy: 'gxw-reporter', reason: '数据待核实', requestedDueOn: '2019-04-12' }],
      });
      lapsedRequest = c05.requestId;
      await sleepUntil(at('2019-03-27', '11:00'));
      expect(await handle('C03').executeUpdate(approveExtensionUpdate, { args: [{ requestId: c03.requestId, supervisorId: 'supervisor' }] })).toMatchObject({
        dueOn: '2019-04-10',
      });
      await sleepUntil(at('2019-03-28', '10:00'));
      const c02 = await submit('C02', '2019Q1');
      runs.C05 = (await handle('C05').describe()).runId;
      await review('C05', await submit('C05', '2019Q1'), 'approve');
      const c06 = await submit('C06', '2019Q1');
      await sleepUntil(at('2019-03-28', '15:00'));
      expect(await review('C02', c02, 'return')).toMatchObject({ resubmitDueOn: '2019-04-02' });
      await sleepUntil(at('2019-04-01', '12:00'));
      expect(await handle('C04').query(supervisionStateQuery)).toMatchObject({ periodKey: '2019-02', dueOn: '2019-03-29', escalationLevel: 0 });

      // ---- the newer calendar is installed, and every item's workflow is told ----
      installed = after;
      for (const code of ['C01', 'C02', 'C03', 'C04', 'C05', 'C06']) {
        if (code === 'C01') runs.C01 = (await handle(code).describe()).runId;
        await handle(code).signal(calendarChangedSignal, { version: after.version });
      }
      // A second signal of the same version (a second worker starting) finds nothing to move.
      await handle('C01').signal(calendarChangedSignal, { version: after.version });
      await sleepUntil(at('2019-04-01', '13:00'));
      const states = Object.fromEntries(
        await Promise.all(['C01', 'C02', 'C03', 'C04', 'C05', 'C06'].map(async (c) => [c, await handle(c).query(supervisionStateQuery)] as const)),
      );
      expect(states.C01).toMatchObject({ dueOn: '2019-04-09', schedule: { opensOn: '2019-03-28', dueOn: '2019-04-09', coDueOn: '2019-04-04' } });
      expect(states.C02).toMatchObject({ dueOn: '2019-04-04', periodState: 'returned' });
      expect(states.C03).toMatchObject({ dueOn: '2019-04-11' });
      expect(states.C04).toMatchObject({ dueOn: '2019-04-01', escalationLevel: null, waitingFor: 'report' });
      expect(states.C05).toMatchObject({ periodKey: '2019Q2', pendingExtension: null });
      // Waiting for review: its dates stay as they were under the old calendar.
      expect(states.C06).toMatchObject({
        periodKey: '2019Q1',
        periodState: 'submitted',
        dueOn: '2019-04-08',
        schedule: { opensOn: '2019-03-29', dueOn: '2019-04-08', coDueOn: '2019-04-03' },
      });
      await review('C06', c06, 'approve');

      // The lapsed request cannot be decided any more.
      await expect(
        handle('C05').executeUpdate(approveExtensionUpdate, { args: [{ requestId: lapsedRequest, supervisorId: 'supervisor' }] }),
      ).rejects.toMatchObject({ cause: { type: 'NotAllowedNow', message: expect.stringMatching(/no extension request of 2019Q2 is waiting/) } });

      await sleepUntil(at('2019-04-01', '14:00'));
      await review('C04', await submit('C04', '2019-02'), 'approve');
      await sleepUntil(at('2019-04-04', '14:00'));
      await review('C02', await submit('C02', '2019Q1'), 'approve');
      await sleepUntil(at('2019-04-09', '10:00'));
      await review('C01', await submit('C01', '2019Q1'), 'approve');
      await sleepUntil(at('2019-04-11', '10:00'));
      await review('C03', await submit('C03', '2019Q1'), 'approve');
      await sleepUntil(at('2019-04-13', '00:00'));
      if (process.env.RECORD_HISTORIES) await recordRuns(env, runs);
      for (const code of ['C01', 'C02', 'C03', 'C04', 'C05', 'C06']) await handle(code).terminate('simulation over');
    });

    const lines: string[] = [];
    for (const n of records.notifications) {
      const { date, time } = shanghai(n.at);
      const code = (n.itemId ?? '').replace('item-', '');
      if (n.kind.startsWith('reminder.')) {
        expect(`${date} ${code} ${n.kind} ${time}`).toBe(`${date} ${code} ${n.kind} 09:00`);
        lines.push(`${date} ${code} ${n.kind} ${/:reminder\.[a-z-]+:(lead|co)/.exec(n.key)?.[1]}`);
      } else if (n.kind === 'period.rescheduled') {
        if (n.recipientId === 'gxw-reporter') lines.push(`${date} ${code} ${n.kind} lead`);
        if (n.recipientId === 'fgw-reporter') lines.push(`${date} ${code} ${n.kind} co`);
      } else if (n.recipientId === 'gxw-reporter' && !n.kind.startsWith('escalation.')) {
        lines.push(`${date} ${code} ${n.kind}`);
      }
    }
    for (const notice of records.notices) lines.push(`${notice.issuedOn} ${notice.itemId.replace('item-', '')} notice ${notice.colour} ${notice.number}`);
    expect(lines.sort()).toEqual(EXPECTED);

    // Told once each: the lead unit's reporter and head, the cooperating unit's reporter (its own date moved).
    const told = records.notifications.filter((n) => n.kind === 'period.rescheduled');
    expect(told.map((n) => `${n.itemId} ${n.recipientId}`).sort()).toEqual(
      [
        'item-C01 fgw-reporter',
        'item-C01 gxw-head',
        'item-C01 gxw-reporter',
        'item-C02 gxw-head',
        'item-C02 gxw-reporter',
        'item-C03 gxw-head',
        'item-C03 gxw-reporter',
        'item-C04 gxw-head',
        'item-C04 gxw-reporter',
      ].sort(),
    );
    const c01Lead = told.find((n) => n.itemId === 'item-C01' && n.recipientId === 'gxw-reporter')!;
    expect(c01Lead.body).toContain('由 2019-04-08 调整为 2019-04-09');
    expect(c01Lead.body).toContain(after.version);
    const c01Co = told.find((n) => n.itemId === 'item-C01' && n.recipientId === 'fgw-reporter')!;
    expect(c01Co.body).toContain('由 2019-04-03 调整为 2019-04-04');
    expect(records.reschedules.map((r) => `${r.itemId} ${r.periodKey} ${r.dueOn} ${r.opensOn ?? '-'} ${r.coDueOn ?? '-'}`).sort()).toEqual([
      'item-C01 2019Q1 2019-04-09 2019-03-28 2019-04-04',
      'item-C02 2019Q1 2019-04-04 - -',
      'item-C03 2019Q1 2019-04-11 - -',
      'item-C04 2019-02 2019-04-01 2019-02-28 2019-03-27', // no cooperating unit; its date (2 working days before) stays 03-27
    ]);

    // C04's escalation ended because the period is no longer overdue; C05's undecided request lapsed.
    expect([...records.escalationRows.values()].map((e) => `${e.input.key} ${e.resolution}`)).toEqual([
      `${workflowId('C04')}:escalation:2019-02:1 rescheduled`,
    ]);
    expect(records.extensionRequests.get(lapsedRequest)).toMatchObject({ itemId: 'item-C05', periodKey: '2019Q1', status: 'lapsed' });
    expect([...records.extensionRequests.values()].map((r) => r.status).sort()).toEqual(['approved', 'lapsed']);
    // Red while escalated; yellow once the new calendar made the period due today, not overdue; green when approved.
    expect(
      records.statuses
        .filter((s) => s.itemId === 'item-C04' && shanghai(s.at).date === '2019-04-01')
        .map((s) => `${shanghai(s.at).time} ${s.colour} ${s.reason}`),
    ).toEqual([
      '09:00 red 2019-02 进展报告应于 2019-03-29 报送，已逾期并升级至第 1 级督办',
      '12:00 yellow 2019-02 报送期限因节假日安排调整改为 2019-04-01',
      '14:00 green 2019-02 进展报告已审核通过',
    ]);
    // C06, in review when the calendar changed: nothing recorded or sent about it after the change but its approval.
    expect(records.reschedules.filter((r) => r.itemId === 'item-C06')).toEqual([]);
    expect(
      records.notifications.filter((n) => n.itemId === 'item-C06' && n.at >= at('2019-04-01', '12:00') && n.at < at('2019-04-02', '00:00')).map((n) => n.kind),
    ).toEqual([]);
    expect(records.duplicateAttempts).toEqual([]);
  });
});

/** RECORD_HISTORIES=1: keeps C01's 2019Q1 run (the calendar change) and C05's (the lapsed request) for the replay test. */
async function recordRuns(env: TestWorkflowEnvironment, runs: Record<string, string>): Promise<void> {
  const dir = resolve(__dirname, '../../workflows/src/__histories__');
  mkdirSync(dir, { recursive: true });
  const manifestPath = join(dir, 'index.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, string>;
  for (const [name, code] of [
    ['item-C01-2019Q1-calendar-changed.json', 'C01'],
    ['item-C05-2019Q1-extension-lapsed.json', 'C05'],
  ]) {
    writeFileSync(join(dir, name), historyToJson(await env.client.workflow.getHandle(workflowId(code), runs[code]).fetchHistory()));
    manifest[name] = workflowId(code);
  }
  const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(manifestPath, `${JSON.stringify(sorted, null, 2)}\n`);
}
