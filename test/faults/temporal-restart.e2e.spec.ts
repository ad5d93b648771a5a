import type { Client as PgClient } from 'pg';
import { eventually } from '../support/http';
import { activateSyntheticPlan, connectDb } from './support/fan-out';
import { Stack } from './support/stack';

const ITEMS = 10;

/**
 * The Temporal dev server stopped and started again on the same SQLite file in the middle of a cycle: every
 * item's workflow is still there and carries on — a report submitted after the restart is accepted and approved,
 * and a report submitted before it can still be reviewed.
 */
describe('the Temporal dev server restarted mid-cycle (same SQLite file)', () => {
  const stack = new Stack('temporal-restart');
  let db: PgClient;

  beforeAll(async () => {
    await stack.start();
    db = await connectDb(stack.databaseUrl);
  }, 240_000);

  afterAll(async () => {
    await db?.end();
    await stack.stop();
  }, 120_000);

  it('keeps every workflow going: reports before and after the restart are accepted and approved', async () => {
    const [supervisor, reporter] = [await stack.signIn('supervisor'), await stack.signIn('gxw-reporter')];
    const plan = await activateSyntheticPlan(stack, supervisor, ITEMS, '穗测〔2026〕201号');
    const report = (n: number) => ({
      periodKey: plan.periodKey,
      narrative: `第${n}项工作按计划推进。`,
      indicatorValues: [{ indicator: `指标${n}`, value: 95, unit: '%' }],
    });
    const submit = (itemId: string, n: number) => stack.api('POST', `/items/${itemId}/reports`, { token: reporter, body: report(n) });
    await eventually(`all ${ITEMS} periods to open`, async () => {
      const { rows } = await db.query(
        "SELECT count(*)::int AS n FROM reporting_period p JOIN item i ON i.id = p.item_id WHERE i.plan_id = $1 AND p.state = 'open'",
        [plan.planId],
      );
      return rows[0].n === ITEMS;
    });

    // Half the items have a report waiting for review when Temporal goes down.
    const before = plan.items.slice(0, ITEMS / 2);
    const waiting: string[] = [];
    for (const [i, item] of before.entries()) {
      const res = await submit(item.id, i + 1);
      expect(res.status).toBe(201);
      waiting.push(res.body.reportId);
    }

    await stack.command('restart-temporal');
    // The worker and the API reconnect on their own; the first calls after the restart may still see it coming up.
    const after = plan.items.slice(ITEMS / 2);
    const accepted: string[] = [];
    for (const [i, item] of after.entries()) {
      const reportId = await eventually(
        `a report on ${item.code} after the restart`,
        async () => {
          const r = await submit(item.id, ITEMS / 2 + i + 1);
          if (r.status === 201) return r.body.reportId as string;
          // An answer lost to the restart while the workflow took the report: the retry is told it is waiting for review.
          if (r.status === 409 && String(r.body.message).includes('waiting for review')) {
            const { rows } = await db.query("SELECT id FROM report WHERE item_id = $1 AND status = 'pending'", [item.id]);
            return rows[0]?.id as string | undefined;
          }
          return undefined;
        },
        90_000,
      );
      accepted.push(reportId);
    }
    for (const reportId of [...waiting, ...accepted]) {
      const res = await stack.api('POST', `/reports/${reportId}/review`, { token: supervisor, body: { decision: 'approve' } });
      expect(res.status).toBe(200);
    }

    const { rows } = await db.query(
      `SELECT p.state, count(*)::int AS n, count(DISTINCT p.item_id)::int AS items FROM reporting_period p JOIN item i ON i.id = p.item_id
        WHERE i.plan_id = $1 AND p.key = $2 GROUP BY p.state`,
      [plan.planId, plan.periodKey],
    );
    expect(rows).toEqual([{ state: 'approved', n: ITEMS, items: ITEMS }]);
    const reports = await db.query('SELECT status, count(*)::int AS n FROM report r JOIN item i ON i.id = r.item_id WHERE i.plan_id = $1 GROUP BY status', [
      plan.planId,
    ]);
    expect(reports.rows).toEqual([{ status: 'approved', n: ITEMS }]);
    // And each workflow went on to its next period.
    await eventually(
      'every item to continue with its next period',
      async () => {
        const { rows: next } = await db.query(
          'SELECT count(*)::int AS n FROM reporting_period p JOIN item i ON i.id = p.item_id WHERE i.plan_id = $1 AND p.key > $2',
          [plan.planId, plan.periodKey],
        );
        return next[0].n === ITEMS;
      },
      60_000,
    );
  }, 480_000);
});
