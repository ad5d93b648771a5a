import type { Client as PgClient } from 'pg';
import { eventually } from '../support/http';
import { activateSyntheticPlan, connectDb } from './support/fan-out';
import { Stack } from './support/stack';

const ITEMS = 5;

/**
 * The same submission sent twice at the same moment with one Idempotency-Key (a client retrying over a flaky
 * network): one report is stored, and both answers name it.
 */
describe('one submission sent twice concurrently with the same Idempotency-Key', () => {
  const stack = new Stack('idempotency-race');
  let db: PgClient;

  beforeAll(async () => {
    await stack.start();
    db = await connectDb(stack.databaseUrl);
  }, 240_000);

  afterAll(async () => {
    await db?.end();
    await stack.stop();
  }, 120_000);

  it('stores one report per key, and both answers carry its id', async () => {
    const [supervisor, reporter] = [await stack.signIn('supervisor'), await stack.signIn('gxw-reporter')];
    const plan = await activateSyntheticPlan(stack, supervisor, ITEMS, '穗测〔2026〕401号');
    await eventually(`all ${ITEMS} periods to open`, async () => {
      const { rows } = await db.query(
        "SELECT count(*)::int AS n FROM reporting_period p JOIN item i ON i.id = p.item_id WHERE i.plan_id = $1 AND p.state = 'open'",
        [plan.planId],
      );
      return rows[0].n === ITEMS;
    });

    for (const [n, item] of plan.items.entries()) {
      const send = () =>
        stack.api('POST', `/items/${item.id}/reports`, {
          token: reporter,
          body: {
            periodKey: plan.periodKey,
            narrative: `第${n + 1}项工作按计划推进。`,
            indicatorValues: [{ indicator: `指标${n + 1}`, value: 95, unit: '%' }],
          },
          headers: { 'Idempotency-Key': `race-${item.code}` },
        });
      const answers = await Promise.all([send(), send(), send()]);
      const created = answers.filter((a) => a.status === 201);
      expect(created.length).toBeGreaterThan(0);
      // The ones that lost the race either replay the first answer or are told it is still in progress (409): never a second report.
      for (const answer of answers) {
        expect([201, 409]).toContain(answer.status);
        if (answer.status === 201) expect(answer.body.reportId).toBe(created[0].body.reportId);
      }
      const again = await send();
      expect(again).toMatchObject({ status: 201, body: { reportId: created[0].body.reportId } });
    }

    const { rows } = await db.query(
      'SELECT i.code, count(r.id)::int AS reports FROM item i LEFT JOIN report r ON r.item_id = i.id WHERE i.plan_id = $1 GROUP BY i.code ORDER BY i.code',
      [plan.planId],
    );
    expect(rows.map((r) => r.reports)).toEqual(Array(ITEMS).fill(1));
  }, 300_000);
});
