import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createSupervisionActivities } from '@duban/activities';
import { WorkingDayCalendar } from '@duban/calendar';
import {
  DEFAULT_POLICY,
  acknowledgeEscalationUpdate,
  escalationWorkflowId,
  submitReportUpdate,
  supervisionStateQuery,
  type EscalationResult,
  type ItemSupervisionInput,
} from '@duban/contracts';
import type { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ESCALATION_STEPS_PER_RUN } from '../../workflows/src/escalation.workflow';
import { historyToJson } from '../../workflows/src/replay/history-json';
import { InMemoryRecords, shanghai } from './support/in-memory-records';
import { GXW, PEOPLE, at } from './support/people';
import { shiftedTestServer } from './support/shifted-test-server';

/**
 * An item left overdue for almost three years: its escalation repeats the red notice every 5 working days from
 * April 2018 to January 2021, continuing as new every ESCALATION_STEPS_PER_RUN steps. Every notice goes out on its
 * day, once, in one unbroken numbered series; the leader's acknowledgement (made to a continued run) turns the
 * repeats into follow-up urges; the report's arrival reaches the last run; each run's history stays bounded.
 */

type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const PLAN = 'LONG';
const WORKFLOW_ID = `item:${PLAN}:L01`;
const ESCALATION_ID = escalationWorkflowId(WORKFLOW_ID, '2018Q1', 1);
/** Most events one escalation run may hold: about ten per step, and a margin. */
const MAX_EVENTS_PER_RUN = 12 * ESCALATION_STEPS_PER_RUN;

/**
 * Worked out by hand from the State Council's notices (2018Q1 due Monday 04-09, as in the seed-plan table):
 * blue on the first working day after, yellow +3, red +5, then red every 5 working days — 04-27, then across
 * Labour Day (04-28 worked, 04-29…05-01 off) 05-07; across Spring Festival 2019 (02-04…02-10 off, 02-02 and 02-03
 * worked); across National Day 2019 (10-01…10-07 off, 09-29 and 10-12 worked).
 */
const HAND_CHECKED = ['2018-04-10 blue', '2018-04-13 yellow', '2018-04-20 red', '2018-04-27 red', '2018-05-07 red', '2018-05-14 red'];

describe('an item overdue for years: the escalation continues as new', () => {
  let env: TestWorkflowEnvironment;
  const calendar = new WorkingDayCalendar();

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: shiftedTestServer(at('2017-12-31', '00:00')) } },
    });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('sends each repeat once on its day across runs, takes the acknowledgement and the report in a continued run, keeps each run bounded', async () => {
    const records = new InMemoryRecords(PEOPLE, new Map([['item-L01', '任务 L01']]), () => env.currentTimeMs());
    const taskQueue = `long-${randomBytes(4).toString('hex')}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('@duban/workflows'),
      activities: createSupervisionActivities({ ...records.asServices(), calendar }),
    });
    const client = env.client;
    const sleepUntil = async (ms: number) => {
      const now = await env.currentTimeMs();
      if (ms > now) await env.sleep(ms - now);
    };
    const runsOf = async (workflowId: string): Promise<Array<{ runId: string; events: number; continuedAsNew: boolean }>> => {
      const runs: Array<{ runId: string; events: number; continuedAsNew: boolean }> = [];
      for (let runId: string | undefined = (await client.workflow.getHandle(workflowId).describe()).runId; runId; ) {
        const history: History = await client.workflow.getHandle(workflowId, runId).fetchHistory();
        const events: HistoryEvent[] = history.events ?? [];
        runs.unshift({ runId, events: events.length, continuedAsNew: events.some((e) => e.workflowExecutionContinuedAsNewEventAttributes) });
        runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
      }
      return runs;
    };

    let result: EscalationResult | undefined;
    let acknowledgedInRun = 0;
    await worker.runUntil(async () => {
      const input: ItemSupervisionInput = {
        itemId: 'item-L01',
        planCode: PLAN,
        itemCode: 'L01',
        leadUnitIds: [GXW],
        coUnitIds: [],
        policy: DEFAULT_POLICY,
        startOn: '2018-01-01',
      };
      await client.workflow.start('itemSupervision', { taskQueue, workflowId: WORKFLOW_ID, args: [input] });

      // Mid-2019 the escalation is in its second run; the parent still knows the level reached in the first.
      await sleepUntil(at('2019-09-02'));
      const parent = client.workflow.getHandle(WORKFLOW_ID);
      expect(await parent.query(supervisionStateQuery)).toMatchObject({ periodKey: '2018Q1', escalationLevel: 2, waitingFor: 'report' });
      acknowledgedInRun = (await runsOf(ESCALATION_ID)).length;
      // The leader acknowledges the notices: the Update reaches the run in progress under the same workflow id.
      const ack = await client.workflow
        .getHandle(ESCALATION_ID)
        .executeUpdate(acknowledgeEscalationUpdate, { args: [{ personId: 'leader', role: 'leader', unitId: null, comment: '请抓紧报送' }] });
      expect(ack).toMatchObject({ level: 2, acknowledgedOn: '2019-09-02' });

      await sleepUntil(at('2021-01-04'));
      await parent.executeUpdate(submitReportUpdate, {
        args: [{ periodKey: '2018Q1', unitId: GXW, submittedBy: 'gxw-reporter', narrative: '补报 2018Q1 进展', indicatorValues: [] }],
      });
      // The parent waits for the child it started in 2018; the result comes from the last run.
      result = await client.workflow.getHandle<() => Promise<EscalationResult>>(ESCALATION_ID).result();
      await sleepUntil(at('2021-01-05'));
      expect(await parent.query(supervisionStateQuery)).toMatchObject({ periodKey: '2018Q1', escalationLevel: null, waitingFor: 'review' });
      const runs = await runsOf(ESCALATION_ID);
      if (process.env.RECORD_HISTORIES) await recordContinuedRun(env, runs[1].runId);
      await parent.terminate('simulation over');

      // ---- the runs ----
      process.stdout.write(`escalation runs: ${runs.map((r) => r.events).join(', ')} events\n`);
      expect(runs.length).toBeGreaterThanOrEqual(3);
      expect(acknowledgedInRun).toBeGreaterThanOrEqual(2);
      for (const run of runs) expect(run.events).toBeLessThanOrEqual(MAX_EVENTS_PER_RUN);
      expect(runs.map((r) => r.continuedAsNew)).toEqual([...runs.slice(1).map(() => true), false]);
    });

    // ---- what was sent ----
    const notices = records.notices.map((n) => ({ line: `${n.issuedOn} ${n.colour}`, number: n.number, step: n.step, at: shanghai(n.at) }));
    const followUps = records.notifications
      .filter((n) => n.kind === 'escalation.follow-up' && n.recipientId === 'gxw-reporter')
      .map((n) => ({ date: shanghai(n.at).date, time: shanghai(n.at).time }));
    expect(notices.slice(0, HAND_CHECKED.length).map((n) => n.line)).toEqual(HAND_CHECKED);
    // Each notice at 09:00 on its own day, numbered 0001, 0002, … within its year, steps 0, 1, 2, … without a gap.
    for (const n of notices) expect(n.at).toEqual({ date: n.line.slice(0, 10), time: '09:00' });
    expect(notices.map((n) => n.step)).toEqual(notices.map((_, i) => i));
    const byYear = new Map<string, number>();
    for (const n of notices) {
      const year = n.line.slice(0, 4);
      byYear.set(year, (byYear.get(year) ?? 0) + 1);
      expect(n.number).toBe(`督办〔${year}〕第${String(byYear.get(year)).padStart(4, '0')}号`);
    }
    // Red notices until the acknowledgement on 2019-09-02, follow-ups after it until the report on 2021-01-04.
    const days = [...notices.map((n) => n.line.slice(0, 10)), ...followUps.map((f) => f.date)];
    expect(notices.at(-1)!.line < '2019-09-02').toBe(true);
    expect(followUps[0].date > '2019-09-02').toBe(true);
    expect(followUps.every((f) => f.time === '09:00')).toBe(true);
    // Every repeat 5 working days after the one before, on a working day, the last before the report: none missed.
    const repeats = days.slice(2);
    for (let i = 1; i < repeats.length; i += 1) {
      expect(calendar.isWorkingDay(repeats[i])).toBe(true);
      expect(`${repeats[i - 1]} → ${repeats[i]}: ${calendar.workingDaysBetween(repeats[i - 1], repeats[i])}`).toBe(`${repeats[i - 1]} → ${repeats[i]}: 5`);
    }
    expect(calendar.workingDaysBetween(repeats.at(-1)!, '2021-01-04')).toBeLessThanOrEqual(5);
    expect(new Set(days).size).toBe(days.length);
    expect(records.duplicateAttempts).toEqual([]);
    expect(days.length).toBeGreaterThan(2 * ESCALATION_STEPS_PER_RUN);

    // One escalation row, acknowledged by the leader, ended by the report; the result counts every notice of every run.
    expect([...records.escalationRows.values()].map((e) => `${e.input.key} ${e.resolution} ${e.acknowledgedBy}`)).toEqual([
      `${ESCALATION_ID} report-arrived leader`,
    ]);
    expect(result).toMatchObject({ levelReached: 2, acknowledged: true, resolution: 'report-arrived', noticesIssued: notices.length });
    process.stdout.write(`long escalation: ${notices.length} notices and ${followUps.length} follow-ups, 2018-04-10 … ${days.at(-1)}\n`);
  });
});

/** RECORD_HISTORIES=1: keeps a continued run (acknowledged in it, continued as new again) for the replay test. */
async function recordContinuedRun(env: TestWorkflowEnvironment, runId: string): Promise<void> {
  const dir = resolve(__dirname, '../../workflows/src/__histories__');
  mkdirSync(dir, { recursive: true });
  const name = 'escalation-L01-2018Q1-continued.json';
  writeFileSync(join(dir, name), historyToJson(await env.client.workflow.getHandle(ESCALATION_ID, runId).fetchHistory()));
  const manifestPath = join(dir, 'index.json');
  const manifest = { ...(JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, string>), [name]: ESCALATION_ID };
  const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(manifestPath, `${JSON.stringify(sorted, null, 2)}\n`);
}
