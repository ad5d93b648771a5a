import type { Client as TemporalClient } from '@temporalio/client';
import type { Client as PgClient } from 'pg';
import { eventually } from '../support/http';
import { activateSyntheticPlan, connectDb, connectTemporal, escalationsSettled, previousQuarterStart, recordsPerItem } from './support/fan-out';
import { Stack } from './support/stack';

const ITEMS = 50;

/**
 * kill -9 of the worker in the middle of a fan-out: 50 items activated from the previous quarter, so every
 * item's period opens overdue at once and its escalation issues every notice dated up to today. The worker dies
 * once part of them is recorded; a new worker picks up the rest. Every period, escalation, notice and inbox
 * message must exist exactly once per item, whatever the worker had done when it died.
 */
describe('the worker killed (SIGKILL) during a fan-out of 50 items', () => {
  const stack = new Stack('worker-crash');
  let db: PgClient;
  let temporal: { client: TemporalClient; close: () => Promise<void> };

  beforeAll(async () => {
    await stack.start();
    db = await connectDb(stack.databaseUrl);
    temporal = await connectTemporal(stack.temporalAddress);
  }, 240_000);

  afterAll(async () => {
    await db?.end();
    await temporal?.close();
    await stack.stop();
  }, 120_000);

  it('records every period, escalation, notice and reminder exactly once after a restart', async () => {
    const supervisor = await stack.signIn('supervisor');
    const plan = await activateSyntheticPlan(stack, supervisor, ITEMS, '穗测〔2026〕101号', previousQuarterStart());

    // Kill once the fan-out is under way but not done: some notifications written, not yet all items served.
    await eventually(
      'the fan-out to be under way',
      async () => {
        const { rows } = await db.query('SELECT count(*)::int AS n, count(DISTINCT item_id)::int AS items FROM notification');
        return rows[0].n >= 10;
      },
      120_000,
    );
    await stack.killWorker();
    const atKill = await db.query('SELECT count(*)::int AS n, count(DISTINCT item_id)::int AS items FROM notification');
    stack.startWorker();

    await eventually('every escalation to have issued its notices up to today', () => escalationsSettled(temporal.client, plan), 240_000);

    const records = await recordsPerItem(db, plan.planId);
    expect(records).toHaveLength(ITEMS);
    const reference = records[0];
    expect(reference.notices).toBeGreaterThan(0);
    for (const item of records) {
      expect(item).toEqual({ ...reference, code: item.code });
    }
    expect(reference).toMatchObject({ periods: 1, escalations: 1 });

    // No message twice: one per (item, period, kind, recipient, channel) and notice, notice numbers unique.
    const duplicates = await db.query(
      `SELECT n.item_id, n.kind, n.recipient_id, n.subject, count(*)::int AS copies FROM notification n
        JOIN item i ON i.id = n.item_id WHERE i.plan_id = $1 GROUP BY 1, 2, 3, 4 HAVING count(*) > 1`,
      [plan.planId],
    );
    expect(duplicates.rows).toEqual([]);
    const numbers = await db.query('SELECT year, seq, count(*)::int AS copies FROM notice GROUP BY 1, 2 HAVING count(*) > 1');
    expect(numbers.rows).toEqual([]);
    // The crash came in the middle: some but not all of the messages were there when the worker died.
    expect(atKill.rows[0].n).toBeLessThan(records.reduce((sum, r) => sum + r.notifications, 0));
  }, 480_000);
});
