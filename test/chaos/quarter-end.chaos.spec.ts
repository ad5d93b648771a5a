import { randomBytes } from 'node:crypto';
import { periodKeyFor } from '@duban/calendar';
import { escalationStateQuery, escalationWorkflowId, supervisionStateQuery } from '@duban/contracts';
import type { Client as TemporalClient } from '@temporalio/client';
import { Pool } from 'pg';
import { activateSyntheticPlan, connectTemporal, previousQuarterStart, recordsPerItem, shanghaiToday, type ActivatedPlan } from '../faults/support/fan-out';
import { Stack } from '../faults/support/stack';
import { freePort } from '@duban/infra/src/ports';
import { TestSmtpServer } from '../support/notification-receivers';
import type { ApiResponse } from '../support/http';

/**
 * Quarter end under chaos: ~1,000 items activated from the previous quarter, so every one is overdue and escalates
 * at once, while reporters submit and a supervisor approves (each request with an Idempotency-Key, retried as a real
 * client retries: on a reset connection, a 5xx, a 429, "still in progress" or "starting"), and a script kills with SIGKILL, at
 * times drawn from a seed it prints, the worker, the API, the Temporal dev server and PostgreSQL, restarting each.
 * At the end every report, review, notice, reminder and delivery exists once per its key, each item's workflow and
 * PostgreSQL agree on its period, and nothing is stuck. CHAOS_SEED=<n> replays a run's kill times and choices.
 */
const SEED = Number(process.env.CHAOS_SEED ?? randomBytes(4).readUInt32BE(0));
const ITEMS = Number(process.env.CHAOS_ITEMS ?? 1000);
/** The share of items whose reporter submits during the run (the rest stay overdue and escalate). */
const SUBMITTING = 0.2;
const CLIENTS = 6;

/** mulberry32: a small seeded generator, so the seed alone replays the run's choices. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Target = 'worker' | 'api' | 'temporal' | 'postgres';
interface Kill {
  target: Target;
  atMs: number;
}

/** Each process once, in an order and at times (8–100 s into the run, at least 12 s apart) the seed decides. */
function killPlan(random: () => number): Kill[] {
  const targets: Target[] = ['worker', 'api', 'temporal', 'postgres'];
  for (let i = targets.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [targets[i], targets[j]] = [targets[j], targets[i]];
  }
  let at = 8_000;
  return targets.map((target) => {
    at += 12_000 + Math.floor(random() * 12_000);
    return { target, atMs: at };
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`quarter end under chaos (CHAOS_SEED=${SEED})`, () => {
  const stack = new Stack('chaos');
  const smtp = new TestSmtpServer();
  let db: Pool;
  let temporal: { client: TemporalClient; close: () => Promise<void> };

  beforeAll(async () => {
    const smtpPort = await freePort();
    await smtp.start(smtpPort);
    await stack.start({
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SMTP_FROM: 'Duban <duban@example.test>',
      DELIVERY_POLL_MS: '200',
      DELIVERY_BATCH: '100',
      DELIVERY_BACKOFF_MS: '200',
      DELIVERY_BACKOFF_MAX_MS: '2000',
      DELIVERY_LEASE_MS: '5000',
      DELIVERY_TIMEOUT_MS: '5000',
      DELIVERY_MAX_ATTEMPTS: '100',
      DELIVERY_QUIET_HOURS: 'false',
    });
    // A pool: its connections die with PostgreSQL and are made again after the restart.
    db = new Pool({ connectionString: stack.databaseUrl, max: 4 });
    db.on('error', () => undefined);
    temporal = await connectTemporal(stack.temporalAddress);
  }, 300_000);

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    await temporal?.close();
    await stack.stop();
    await smtp.stop();
  }, 180_000);

  it('loses nothing and does nothing twice while every process is killed', async () => {
    const random = seeded(SEED);
    const kills = killPlan(random);
    process.stdout.write(`chaos: CHAOS_SEED=${SEED}, ${ITEMS} items; kills: ${kills.map((k) => `${k.target}@${k.atMs / 1000}s`).join(', ')}\n`);

    const supervisor = await stack.signIn('supervisor');
    const reporter = await stack.signIn('gxw-reporter');
    // The leader in charge reads escalations by email (a late item escalates at once to the top, the leader's red notice): a delivery per notice to check once each.
    await db.query(`INSERT INTO notification_channel (person_id, type, kinds) SELECT id, 'email', '["escalation.*"]' FROM person WHERE username = 'leader'`);
    await db.query(`UPDATE person SET email = 'leader@example.test' WHERE username = 'leader'`);
    const plan = await activateSyntheticPlan(stack, supervisor, ITEMS, `穗混〔2026〕${SEED % 100000}号`, previousQuarterStart());
    const submitting = plan.items.filter(() => random() < SUBMITTING);
    process.stdout.write(`chaos: ${ITEMS} items activated; ${submitting.length} will report\n`);

    // ---- chaos: the kills run beside the clients ----
    const started = Date.now();
    const log: string[] = [];
    const chaos = (async () => {
      for (const kill of kills) {
        await sleep(Math.max(0, started + kill.atMs - Date.now()));
        const t0 = Date.now();
        if (kill.target === 'worker') {
          await stack.killWorker();
          stack.startWorker();
        } else if (kill.target === 'api') {
          await stack.killApi();
          await stack.startApi();
        } else {
          await stack.command(kill.target === 'postgres' ? 'kill-postgres' : 'kill-temporal');
        }
        log.push(`${kill.target} killed at ${((t0 - started) / 1000).toFixed(1)} s, back after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        process.stdout.write(`chaos: ${log[log.length - 1]}\n`);
      }
    })();

    // ---- clients: each submits, then approves, retrying as a real client does ----
    const counts = { requests: 0, retries: 0, replayed409: 0 };
    let halted = false; // a failure anywhere stops the clients, so the run ends instead of retrying on
    const call = async (method: string, path: string, token: string, body: unknown, key: string): Promise<ApiResponse<any>> => {
      const deadline = Date.now() + 600_000;
      for (let attempt = 0; ; attempt += 1) {
        if (halted) throw new Error('the run failed elsewhere');
        counts.requests += 1;
        let res: ApiResponse<any> | null = null;
        try {
          res = await stack.api(method, path, { token, body, headers: { 'Idempotency-Key': key }, timeoutMs: 60_000 });
        } catch {
          // reset or refused: the API is down or was killed mid-request
        }
        const retry = !res || res.status >= 500 || res.status === 429 || (res.status === 409 && ['in-progress', 'starting'].includes(res.body?.currentState));
        if (!retry) return res as ApiResponse<any>;
        if (Date.now() > deadline) throw new Error(`${method} ${path} still failing after 10 minutes: ${JSON.stringify(res)}`);
        counts.retries += 1;
        await sleep(Math.min(5_000, 250 * 2 ** Math.min(attempt, 4)) * (0.5 + Math.random())); // jitter: not from the seed
      }
    };
    const outcomes: Array<{ code: string; reportId: string }> = [];
    const queue = [...submitting];
    const client = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const submitted = await call(
          'POST',
          `/items/${item.id}/reports`,
          reporter,
          { periodKey: plan.periodKey, narrative: `${item.code} 季度进展。`, indicatorValues: [] },
          `chaos-${SEED}-submit-${item.code}`,
        );
        expect(submitted).toMatchObject({ status: 201, body: { reportId: expect.any(String) } });
        const reportId = submitted.body.reportId as string;
        const reviewed = await call('POST', `/reports/${reportId}/review`, supervisor, { decision: 'approve' }, `chaos-${SEED}-review-${item.code}`);
        if (reviewed.status === 409) {
          // A retry whose first attempt was approved but whose answer was lost: the report says so.
          counts.replayed409 += 1;
          const report = await call('GET', `/reports/${reportId}`, supervisor, undefined, `chaos-${SEED}-read-${item.code}`);
          expect(report.body.status).toBe('approved');
        } else {
          expect(reviewed).toMatchObject({ status: 200, body: { reportId, decision: 'approve' } });
        }
        outcomes.push({ code: item.code, reportId });
        await sleep(Math.random() * 1_500); // people do not submit back to back
      }
    };
    await Promise.all([chaos, ...Array.from({ length: CLIENTS }, client)]).catch((err: unknown) => {
      halted = true;
      throw err;
    });
    const clientsDone = (Date.now() - started) / 1000;
    process.stdout.write(`chaos: clients done at ${clientsDone.toFixed(0)} s (${outcomes.length} reports submitted and approved)\n`);

    // ---- nothing stuck: every item reaches where it should, within a bound ----
    const submittedCodes = new Set(submitting.map((i) => i.code));
    const nextQuarter = periodKeyFor(shanghaiToday(), 'quarterly');
    const settled = await settle(temporal.client, plan, submittedCodes, nextQuarter, 420_000);
    const settledAt = (Date.now() - started) / 1000;
    await waitForDeliveries(db, plan.planId, 180_000);
    const deliveredAt = (Date.now() - started) / 1000;

    // ---- exactly once per key ----
    const perItem = await db.query(
      `SELECT i.code,
              (SELECT count(*) FROM reporting_period p WHERE p.item_id = i.id AND p.key = $2)::int AS periods,
              (SELECT count(*) FROM report r WHERE r.item_id = i.id)::int AS reports,
              (SELECT count(*) FROM review v JOIN report r ON r.id = v.report_id WHERE r.item_id = i.id)::int AS reviews,
              (SELECT count(*) FROM escalation e WHERE e.item_id = i.id)::int AS escalations,
              (SELECT count(*) FROM audit_event a WHERE a.item_id = i.id AND a.action = 'report.submitted')::int AS submitted_audits,
              (SELECT count(*) FROM audit_event a WHERE a.item_id = i.id AND a.action = 'report.approved')::int AS approved_audits,
              (SELECT state FROM reporting_period p WHERE p.item_id = i.id AND p.key = $2) AS state
         FROM item i WHERE i.plan_id = $1 ORDER BY i.code`,
      [plan.planId, plan.periodKey],
    );
    expect(perItem.rows).toHaveLength(ITEMS);
    for (const row of perItem.rows) {
      const once = submittedCodes.has(row.code) ? 1 : 0;
      // A report that arrives before the period's escalation has started means none is started.
      expect(row.escalations).toBeLessThanOrEqual(1);
      expect(row).toEqual({
        code: row.code,
        periods: 1,
        reports: once,
        reviews: once,
        escalations: once ? row.escalations : 1,
        submitted_audits: once,
        approved_audits: once,
        state: once ? 'approved' : 'open',
      });
    }
    const outcomeIds = new Map(outcomes.map((o) => [o.code, o.reportId]));
    const stored = await db.query(`SELECT i.code, r.id FROM report r JOIN item i ON i.id = r.item_id WHERE i.plan_id = $1`, [plan.planId]);
    expect(new Map(stored.rows.map((r) => [r.code, r.id]))).toEqual(outcomeIds);

    // Notices and messages: every item left overdue has the same ones (its escalation dated from the same due date),
    // notice numbers are never reused, and no message went twice to anyone.
    const overdue = (await recordsPerItem(db as never, plan.planId)).filter((r) => !submittedCodes.has(r.code));
    expect(overdue[0].notices).toBeGreaterThan(0);
    for (const row of overdue) expect(row).toEqual({ ...overdue[0], code: row.code });
    expect((await db.query('SELECT year, seq FROM notice GROUP BY 1, 2 HAVING count(*) > 1')).rows).toEqual([]);
    const messageRepeats = await db.query(
      `SELECT n.item_id, n.kind, n.recipient_id, n.subject FROM notification n JOIN item i ON i.id = n.item_id WHERE i.plan_id = $1
        GROUP BY 1, 2, 3, 4 HAVING count(*) > 1`,
      [plan.planId],
    );
    expect(messageRepeats.rows).toEqual([]);
    // Deliveries: one row per notification and channel, each delivered; the receiver saw each Message-ID (some twice
    // when a send was cut by a kill, never two Message-IDs for one delivery).
    const deliveries = await db.query(
      `SELECT d.status, count(*)::int AS n, count(DISTINCT (d.notification_id, d.channel_id))::int AS keys FROM notification_delivery d
         JOIN notification n ON n.id = d.notification_id JOIN item i ON i.id = n.item_id WHERE i.plan_id = $1 GROUP BY 1`,
      [plan.planId],
    );
    expect(deliveries.rows.map((r) => r.status)).toEqual(['delivered']);
    const [delivered] = deliveries.rows;
    expect(delivered.keys).toBe(delivered.n);
    const mails = smtp.mails.filter((m) => m.to.includes('leader@example.test'));
    const distinctKeys = new Set(mails.map((m) => m.idempotencyKey));
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(distinctKeys.size);
    expect(distinctKeys.size).toBe(delivered.n);

    // ---- the workflow's state and PostgreSQL agree, item by item ----
    const disagreements: string[] = [];
    const items = [...plan.items];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let item = items.shift(); item; item = items.shift()) {
          const state = await temporal.client.workflow.getHandle(`item:${plan.code}:${item.code}`).query(supervisionStateQuery);
          const row = await db.query('SELECT state FROM reporting_period p WHERE p.item_id = $1 AND p.key = $2', [item.id, state.periodKey]);
          if (row.rows[0]?.state !== state.periodState)
            disagreements.push(`${item.code}: workflow ${state.periodKey} ${state.periodState}, PostgreSQL ${row.rows[0]?.state}`);
        }
      }),
    );
    expect(disagreements).toEqual([]);

    const totals = await db.query(
      `SELECT (SELECT count(*) FROM notice n JOIN item i ON i.id = n.item_id WHERE i.plan_id = $1)::int AS notices,
              (SELECT count(*) FROM notification n JOIN item i ON i.id = n.item_id WHERE i.plan_id = $1)::int AS notifications,
              (SELECT count(*) FROM notification n JOIN item i ON i.id = n.item_id WHERE i.plan_id = $1 AND n.kind LIKE 'reminder.%')::int AS reminders`,
      [plan.planId],
    );
    process.stdout.write(
      [
        `chaos: CHAOS_SEED=${SEED}: ${log.join('; ')}`,
        `chaos: ${ITEMS} items, ${outcomes.length} reports submitted and approved, ${settled} item states checked; notices ${totals.rows[0].notices}, ` +
          `messages ${totals.rows[0].notifications} (reminders ${totals.rows[0].reminders}), email deliveries ${delivered.n} (${mails.length} received, ` +
          `${mails.length - distinctKeys.size} repeats of a Message-ID)`,
        `chaos: ${counts.requests} requests, ${counts.retries} retried, ${counts.replayed409} approvals answered 409 on a retry; clients done at ${clientsDone.toFixed(0)} s, ` +
          `settled at ${settledAt.toFixed(0)} s, delivered at ${deliveredAt.toFixed(0)} s`,
      ].join('\n') + '\n',
    );
  }, 900_000);
});

/**
 * Waits until every submitted item's workflow has moved on to the next quarter and every other item's escalation has
 * issued its notices up to today and waits for a later date. Returns the number of items checked.
 */
async function settle(temporal: TemporalClient, plan: ActivatedPlan, submitted: Set<string>, nextQuarter: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const today = shanghaiToday();
  const pending = new Set(plan.items.map((i) => i.code));
  while (pending.size > 0) {
    for (const code of [...pending]) {
      const workflowId = `item:${plan.code}:${code}`;
      try {
        if (submitted.has(code)) {
          const state = await temporal.workflow.getHandle(workflowId).query(supervisionStateQuery);
          if (state.periodKey === nextQuarter) pending.delete(code);
        } else {
          const state = await temporal.workflow.getHandle(escalationWorkflowId(workflowId, plan.periodKey, 1)).query(escalationStateQuery);
          if (state.nextStepOn && state.nextStepOn > today && state.level >= 0) pending.delete(code);
        }
      } catch {
        // not started yet, or the worker is restarting
      }
    }
    if (pending.size === 0) break;
    if (Date.now() > deadline) throw new Error(`stuck: ${pending.size} items never settled, e.g. ${[...pending].slice(0, 5).join(', ')}`);
    await sleep(2_000);
  }
  return plan.items.length;
}

async function waitForDeliveries(db: Pool, planId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query(
      `SELECT count(*) FILTER (WHERE d.status <> 'delivered')::int AS open FROM notification_delivery d
         JOIN notification n ON n.id = d.notification_id JOIN item i ON i.id = n.item_id WHERE i.plan_id = $1`,
      [planId],
    );
    if (rows[0].open === 0) return;
    if (Date.now() > deadline) throw new Error(`stuck: ${rows[0].open} deliveries never delivered`);
    await sleep(1_000);
  }
}
