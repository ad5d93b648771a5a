import { randomInt } from 'node:crypto';
import { submitReportUpdate, supervisionStateQuery } from '@duban/contracts';
import { Client as TemporalClient, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { testEnvironment } from '../support/env';
import { api, eventually, signIn } from '../support/http';
import { composedPlan, overdueQuarterStart } from '../e2e/web/plan-document';

/** Values a write must refuse at once: none may hang a request or leave a step half done. */
const POISON: Array<[string, string]> = [
  ['NUL', 'progress\u0000made'],
  ['a lone high surrogate', 'progress\ud800made'],
  ['a lone low surrogate', 'progress\udc00'],
  ['100,000 characters', 'x'.repeat(100_000)],
  ['a right-to-left override', 'progress\u202emade'],
  ['a bell character', 'progress\u0007made'],
  ['a C1 control', 'progress\u0085made'],
];
/** A poison value is answered within this (the NUL got no answer at all). */
const PROMPT_MS = 5_000;

interface Timed<T> {
  status: number;
  body: T;
  ms: number;
}
async function timed<T = any>(method: string, path: string, options: Parameters<typeof api>[2]): Promise<Timed<T>> {
  const started = Date.now();
  const res = await api<T>(method, path, options);
  return { ...res, ms: Date.now() - started };
}

/** Issue 12 (poison inputs): a NUL or any other value the database refuses is a prompt 400 and leaves the item as it was. */
describe('poison inputs stall nothing', () => {
  let reporter: string;
  let coReporter: string;
  let supervisor: string;
  let item: { id: string; code: string };
  let periodKey: string;
  let workflowId: string;
  let db: PgClient;
  let connection: Connection;

  const state = async () => (await api('GET', `/items/${item.id}/state`, { token: supervisor })).body;
  const reportCount = async () =>
    (await db.query(`SELECT count(*)::int AS n FROM report r JOIN reporting_period p ON p.id = r.period_id WHERE p.item_id = $1`, [item.id])).rows[0].n;
  const report = (narrative: string, extra: Record<string, unknown> = {}) => ({ periodKey, narrative, indicatorValues: [], ...extra });

  beforeAll(async () => {
    [reporter, coReporter, supervisor] = await Promise.all([signIn('gxw-reporter'), signIn('fgw-reporter'), signIn('supervisor')]);
    db = new PgClient({ connectionString: testEnvironment().databaseUrl });
    await db.connect();
    connection = await Connection.connect({ address: testEnvironment().temporalAddress });
    const { fileName, content } = composedPlan(String(10000 + randomInt(89999)));
    const imported = await api('POST', '/plans/import', { token: supervisor, body: { fileName, content } });
    expect(imported.status).toBe(201);
    const planId = imported.body.planId as string;
    expect((await api('POST', `/plans/${planId}/activate`, { token: supervisor, body: { startOn: overdueQuarterStart() } })).status).toBe(200);
    const items = await api<Array<{ id: string; code: string }>>('GET', `/plans/${planId}/items`, { token: supervisor });
    item = items.body.find((i) => i.code === 'T01') as { id: string; code: string };
    const opened = await eventually('T01 to wait for its report', async () => {
      const s = await state();
      return s?.waitingFor === 'report' ? s : undefined;
    });
    periodKey = opened.periodKey;
    workflowId = (await db.query(`SELECT workflow_id FROM item WHERE id = $1`, [item.id])).rows[0].workflow_id;
  });

  afterAll(async () => {
    await db?.end();
    await connection?.close();
  });

  it('answers a NUL in a narrative with a prompt 400 naming the field; the item is not left "submitted"; a clean report is accepted', async () => {
    const res = await timed('POST', `/items/${item.id}/reports`, { token: reporter, body: report('推进中\u0000已完成') });
    expect(res).toMatchObject({ status: 400, body: { problems: [expect.objectContaining({ field: 'narrative' })] } });
    expect(res.ms).toBeLessThan(PROMPT_MS);
    expect(await state()).toMatchObject({ periodKey, waitingFor: 'report', pendingReportId: null });
    expect(await reportCount()).toBe(0);

    const clean = await timed('POST', `/items/${item.id}/reports`, { token: reporter, body: report('推进中，已完成阶段目标') });
    expect(clean.status).toBe(201);
    expect(await state()).toMatchObject({ waitingFor: 'review', pendingReportId: clean.body.reportId });
    // Returned, so the period takes a report again for the remaining cases.
    const returned = await timed('POST', `/reports/${clean.body.reportId}/review`, { token: supervisor, body: { decision: 'return', comment: '请补充数据' } });
    expect(returned.status).toBe(200);
    await eventually('T01 to wait for the resubmission', async () => ((await state())?.waitingFor === 'resubmission' ? true : undefined));
  });

  it('answers a NUL in a cooperating unit’s contribution with a prompt 400, and takes a clean one', async () => {
    const res = await timed('POST', `/items/${item.id}/contributions`, { token: coReporter, body: report('配合\u0000工作') });
    expect(res).toMatchObject({ status: 400, body: { problems: [expect.objectContaining({ field: 'narrative' })] } });
    expect(res.ms).toBeLessThan(PROMPT_MS);
    const clean = await timed('POST', `/items/${item.id}/contributions`, { token: coReporter, body: report('配合完成数据报送') });
    expect(clean.status).toBe(201);
  });

  it('refuses poison sent to the workflow directly (the Update validator, not only the API), before the state changes', async () => {
    const handle = new TemporalClient({ connection }).workflow.getHandle(workflowId);
    const before = await handle.query(supervisionStateQuery);
    const me = (await api('GET', '/auth/me', { token: reporter })).body;
    for (const [what, value] of POISON) {
      const failure = await handle
        .executeUpdate(submitReportUpdate, { args: [{ periodKey, unitId: me.unitId, submittedBy: me.id, narrative: value, indicatorValues: [] }] })
        .then(
          () => `${what}: accepted`,
          (err: unknown) => err,
        );
      expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((failure as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'InvalidInput', message: expect.stringMatching(/^narrative: /) });
    }
    expect(await handle.query(supervisionStateQuery)).toEqual(before);
  });

  it.each(POISON)('answers every write of the workflow path within seconds for %s', async (_what, value) => {
    const started = await state();
    const writes: Array<[string, string, string, Record<string, unknown>]> = [
      ['report narrative', `/items/${item.id}/reports`, reporter, report(value)],
      ['report problems', `/items/${item.id}/reports`, reporter, report('clean', { problems: value })],
      ['indicator name', `/items/${item.id}/reports`, reporter, report('clean', { indicatorValues: [{ indicator: value, value: 1 }] })],
      ['contribution', `/items/${item.id}/contributions`, coReporter, report(value)],
      ['extension reason', `/items/${item.id}/extensions`, reporter, { periodKey, reason: value, requestedDueOn: '2099-12-31' }],
      ['closure reason', `/items/${item.id}/closure`, reporter, { reason: value }],
    ];
    for (const [what, path, token, body] of writes) {
      const res = await timed('POST', path, { token, body });
      expect({ what, status: res.status }).toEqual({ what, status: 400 });
      expect(res.ms).toBeLessThan(PROMPT_MS);
    }
    expect(await state()).toEqual(started);
  });
});
