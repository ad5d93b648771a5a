import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nextPeriodKey, periodKeyFor } from '@duban/calendar';
import { Client } from 'pg';
import { REPO_ROOT } from '../support/apps';
import { testEnvironment } from '../support/env';
import { api, eventually, signIn } from '../support/http';

const SEED = 'guangzhou-miit-cooperation-plan-2017.txt';
const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const currentQuarter = periodKeyFor(today, 'quarterly');

/** The first slice: import the seed plan → activate → report through a workflow Update → approve → period closed. */
describe('from a plan item to an approved report, on the real Temporal and PostgreSQL', () => {
  let supervisor: string;
  let leadReporter: string;
  let otherReporter: string;
  let db: Client;
  let planId: string;
  let items: Array<{ id: string; code: string; title: string; units: Array<{ role: string; unit: { name: string } }> }>;

  beforeAll(async () => {
    [supervisor, leadReporter, otherReporter] = await Promise.all([signIn('supervisor'), signIn('gxw-reporter'), signIn('fgw-reporter')]);
    db = new Client({ connectionString: testEnvironment().databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
  });

  it('imports the seed plan as a draft of 17 items, and a second import of the same document is a no-op', async () => {
    const content = readFileSync(join(REPO_ROOT, 'seeds', SEED), 'utf8');
    const first = await api('POST', '/plans/import', { token: supervisor, body: { fileName: SEED, content } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'draft', created: true });
    planId = first.body.planId;

    const again = await api('POST', '/plans/import', { token: supervisor, body: { fileName: SEED, content } });
    expect(again.body).toMatchObject({ planId, created: false });

    const listed = await api('GET', `/plans/${planId}/items`, { token: supervisor });
    expect(listed.status).toBe(200);
    items = listed.body;
    expect(items.map((i) => i.code)).toEqual([...Array.from({ length: 13 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`), 'S01', 'S02', 'S03', 'S04']);
    const t01 = items[0];
    expect(t01.units.filter((u) => u.role === 'lead').map((u) => u.unit.name)).toEqual(['市工业和信息化委']);
    expect(t01.units.filter((u) => u.role === 'co').map((u) => u.unit.name)).toEqual(['市发展改革委', '市科技创新委', '市国土规划委', '各区政府']);
  });

  it('refuses activation by a reporter', async () => {
    const res = await api('POST', `/plans/${planId}/activate`, { token: leadReporter, body: {} });
    expect(res.status).toBe(403);
  });

  it('activates: one itemSupervision workflow per item with a deterministic id; activating again starts none', async () => {
    const res = await api('POST', `/plans/${planId}/activate`, { token: supervisor, body: {} });
    expect(res.status).toBe(200);
    expect(res.body.started).toBe(17);
    const plan = await api('GET', `/plans/${planId}`, { token: supervisor });
    expect(res.body.workflowIds).toContain(`item:${plan.body.code}:T01`);
    expect(res.body.workflowIds).toContain(`item:${plan.body.code}:S04`);

    const again = await api('POST', `/plans/${planId}/activate`, { token: supervisor, body: {} });
    expect(again.body).toMatchObject({ started: 0, alreadyRunning: 17 });
  });

  it('opens the current quarter for every item', async () => {
    const t09 = items.find((i) => i.code === 'T09') as { id: string };
    const state = await eventually('T09 to open its period', async () => {
      const res = await api('GET', `/items/${t09.id}/state`, { token: supervisor });
      return res.status === 200 && res.body.waitingFor === 'report' ? res.body : undefined;
    });
    expect(state).toMatchObject({ periodKey: currentQuarter, periodState: 'open' });
    const periods = await db.query('SELECT count(*)::int AS n FROM reporting_period p JOIN item i ON i.id = p.item_id WHERE p.key = $1 AND i.plan_id = $2', [
      currentQuarter,
      planId,
    ]);
    expect(periods.rows[0].n).toBe(17);
  });

  it('accepts a report from the lead unit for the current quarter, refuses others, and approves it', async () => {
    const t09 = items.find((i) => i.code === 'T09') as { id: string };
    const report = {
      periodKey: currentQuarter,
      narrative: '光纤入户率已达96%，新增4K应用示范社区3个。',
      indicatorValues: [{ indicator: '光纤入户率', value: 96, unit: '%' }],
    };

    const wrongUnit = await api('POST', `/items/${t09.id}/reports`, { token: otherReporter, body: report });
    expect(wrongUnit.status).toBe(403);
    expect(wrongUnit.body.message).toContain('lead unit');

    const notYet = await api('POST', `/items/${t09.id}/reports`, { token: leadReporter, body: { ...report, periodKey: nextPeriodKey(currentQuarter) } });
    expect(notYet.status).toBe(409);
    expect(notYet.body.message).toContain('not open yet');

    const malformed = await api('POST', `/items/${t09.id}/reports`, {
      token: leadReporter,
      body: { ...report, indicatorValues: [{ indicator: '光纤入户率', value: 'many' }] },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toContain('indicatorValues.0.value');

    const submitted = await api('POST', `/items/${t09.id}/reports`, { token: leadReporter, body: report });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ periodKey: currentQuarter, attempt: 1 });
    const reportId: string = submitted.body.reportId;

    const twice = await api('POST', `/items/${t09.id}/reports`, { token: leadReporter, body: report });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toContain('waiting for review');

    const queue = await api('GET', '/queue', { token: supervisor });
    expect(queue.body.map((r: { reportId: string }) => r.reportId)).toContain(reportId);
    expect((await api('GET', '/queue', { token: leadReporter })).status).toBe(403);

    const approved = await api('POST', `/reports/${reportId}/review`, { token: supervisor, body: { decision: 'approve' } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ reportId, decision: 'approve', periodKey: currentQuarter });

    const period = await db.query('SELECT state, closed_at FROM reporting_period WHERE item_id = $1 AND key = $2', [t09.id, currentQuarter]);
    expect(period.rows[0].state).toBe('approved');
    expect(period.rows[0].closed_at).not.toBeNull();
    const stored = await db.query('SELECT status FROM report WHERE id = $1', [reportId]);
    expect(stored.rows[0].status).toBe('approved');
  });

  it('then waits for the next period, and the closed period takes no more reports', async () => {
    const t09 = items.find((i) => i.code === 'T09') as { id: string };
    const next = nextPeriodKey(currentQuarter);
    const state = await eventually('T09 to continue with the next period', async () => {
      const res = await api('GET', `/items/${t09.id}/state`, { token: supervisor });
      return res.body.periodKey === next ? res.body : undefined;
    });
    expect(state).toMatchObject({ periodState: 'upcoming', waitingFor: 'period-start' });
    const rows = await db.query('SELECT key, state FROM reporting_period WHERE item_id = $1 ORDER BY starts_on', [t09.id]);
    expect(rows.rows).toEqual([
      { key: currentQuarter, state: 'approved' },
      { key: next, state: 'upcoming' },
    ]);

    const late = await api('POST', `/items/${t09.id}/reports`, {
      token: leadReporter,
      body: { periodKey: currentQuarter, narrative: '补充', indicatorValues: [] },
    });
    expect(late.status).toBe(409);
    expect(late.body.message).toContain('closed');

    const audit = await db.query('SELECT action FROM audit_event WHERE item_id = $1 ORDER BY id', [t09.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['period.open', 'report.submitted', 'report.approved']));
  });
});
