import type { Client as PgClient } from 'pg';
import { eventually } from '../support/http';
import { activateSyntheticPlan, connectDb, connectTemporal, escalationsSettled, previousQuarterStart, recordsPerItem } from './support/fan-out';
import { Stack } from './support/stack';

const ITEMS = 12;
const OVERDUE_ITEMS = 20;
const OUTAGE_MS = 30_000;

/**
 * PostgreSQL stopped for 30 s while reports are being submitted and a plan's fan-out is running. The API answers
 * 503 with a message that says a backing service is unavailable (never a 500); the workflows' activities fail and
 * retry until the database is back; afterwards nothing is lost and nothing is stored twice.
 */
describe('PostgreSQL stopped for 30 s during submissions', () => {
  const stack = new Stack('postgres-outage');
  let db: PgClient;

  beforeAll(async () => {
    await stack.start();
    db = await connectDb(stack.databaseUrl);
  }, 240_000);

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    await stack.stop();
  }, 120_000);

  it('answers 503 while the database is down, and afterwards holds exactly one report per submission', async () => {
    const [supervisor, reporter] = [await stack.signIn('supervisor'), await stack.signIn('gxw-reporter')];
    const plan = await activateSyntheticPlan(stack, supervisor, ITEMS, '穗测〔2026〕301号');
    await eventually(`all ${ITEMS} periods to open`, async () => {
      const { rows } = await db.query(
        "SELECT count(*)::int AS n FROM reporting_period p JOIN item i ON i.id = p.item_id WHERE i.plan_id = $1 AND p.state = 'open'",
        [plan.planId],
      );
      return rows[0].n === ITEMS;
    });
    await db.end();
    // A fan-out in flight when the database goes: 20 overdue items, each recording its period, escalation and notice.
    const overdue = await activateSyntheticPlan(stack, supervisor, OVERDUE_ITEMS, '穗测〔2026〕302号', previousQuarterStart());
    const body = (n: number) => ({ periodKey: plan.periodKey, narrative: `第${n}项工作按计划推进。`, indicatorValues: [] });
    // Each attempt bounded: one request stuck behind the recovery is retried with its key, not waited on for minutes.
    const submit = (index: number) =>
      stack.api('POST', `/items/${plan.items[index].id}/reports`, {
        token: reporter,
        body: body(index + 1),
        headers: { 'Idempotency-Key': `outage-${index}` },
        timeoutMs: 60_000,
      });

    const first = await submit(0);
    expect(first.status).toBe(201);

    await stack.command('stop-postgres');
    const down = Date.now();
    const answers: Array<{ what: string; status: number; message: string }> = [];
    const note = (what: string, res: { status: number; body: any }) =>
      answers.push({ what, status: res.status, message: String(res.body?.message ?? res.body) });
    // Items 7…9 without an Idempotency-Key: nothing in the API needs the database before the workflow takes the
    // report, so these reach the workflows, whose activities retry until the database is back.
    const unkeyed = [6, 7, 8].map((index) =>
      stack
        .api('POST', `/items/${plan.items[index].id}/reports`, { token: reporter, body: body(index + 1) })
        .then((res) => note(`item ${index + 1} without a key`, res)),
    );
    // Items 2…6 with a key: the key is looked up first, so the database being down is answered at once.
    for (let index = 1; index <= 5; index += 1) note(`item ${index + 1} with a key`, await submit(index));
    note('the approval queue', await stack.api('GET', '/queue', { token: supervisor }));
    note('an item', await stack.api('GET', `/items/${plan.items[0].id}`, { token: supervisor }));
    const remaining = OUTAGE_MS - (Date.now() - down);
    if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
    await stack.command('start-postgres');
    await Promise.all(unkeyed);

    expect(answers.filter((a) => a.status >= 500 && a.status !== 503)).toEqual([]);
    const unavailable = answers.filter((a) => a.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const answer of unavailable) expect(answer.message).toMatch(/unavailable/);

    // Afterwards: every item (the ones refused with 503 again, with the same keys) ends with exactly one report.
    try {
      for (let index = 1; index < ITEMS; index += 1) {
        await eventually(
          `the report of item ${index + 1} after the outage`,
          async () => {
            const res = await submit(index);
            return res.status === 201 || (res.status === 409 && String(res.body.message).includes('waiting for review'));
          },
          180_000,
        );
      }
    } catch (err) {
      process.stderr.write(`after the outage — api.log:\n${stack.logTail('api')}\nworker.log:\n${stack.logTail('worker', 80)}\n`);
      throw err;
    }
    db = await connectDb(stack.databaseUrl);
    const { rows } = await db.query(
      `SELECT i.code, count(r.id)::int AS reports FROM item i LEFT JOIN report r ON r.item_id = i.id WHERE i.plan_id = $1 GROUP BY i.code ORDER BY i.code`,
      [plan.planId],
    );
    expect(rows).toEqual(plan.items.map((item) => ({ code: item.code, reports: 1 })).sort((a, b) => a.code.localeCompare(b.code)));
    const queue = await stack.api('GET', '/queue', { token: supervisor });
    expect(queue.status).toBe(200);

    // The fan-out's activities retried through the outage: every overdue item has its records exactly once.
    const temporal = await connectTemporal(stack.temporalAddress);
    try {
      await eventually('the fan-out to finish after the outage', () => escalationsSettled(temporal.client, overdue), 180_000);
    } finally {
      await temporal.close();
    }
    const records = await recordsPerItem(db, overdue.planId);
    expect(records).toHaveLength(OVERDUE_ITEMS);
    for (const item of records) expect(item).toEqual({ ...records[0], code: item.code });
    expect(records[0]).toMatchObject({ periods: 1, escalations: 1 });
    expect(records[0].notices).toBeGreaterThan(0);
  }, 480_000);
});
