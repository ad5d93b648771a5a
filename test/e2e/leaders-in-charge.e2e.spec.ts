import { addCalendarDays, periodBounds, periodKeyFor } from '@duban/calendar';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { testEnvironment } from '../support/env';
import { api, eventually, signIn } from '../support/http';

const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
/** A quarter two back: already overdue, so each item's escalation climbs to the leader level at once. */
const quarter = periodKeyFor(addCalendarDays(periodBounds(periodKeyFor(today, 'quarterly')).start, -100), 'quarterly');

/** Issue 11, part 3: the ladder's leader level reaches the leader in charge (分管) of the lead unit and the plan's head. */
describe('leaders in charge', () => {
  let admin: string;
  let secadmin: string;
  let supervisor: string;
  let db: Client;
  const tag = randomUUID().slice(0, 6);
  const ids: Record<string, string> = {};

  const unit = async (name: string) => {
    const res = await api('POST', '/admin/units', { token: admin, body: { name } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const person = async (username: string, role: string, unitId?: string) => {
    const res = await api('POST', '/admin/people', { token: secadmin, body: { username, displayName: username, role, unitId } });
    expect(res.status).toBe(201);
    return res.body.person.id as string;
  };

  beforeAll(async () => {
    [admin, secadmin, supervisor] = await Promise.all([signIn('sysadmin'), signIn('secadmin'), signIn('supervisor')]);
    db = new Client({ connectionString: testEnvironment().databaseUrl });
    await db.connect();
    ids.unitA = await unit(`分管甲${tag}`);
    ids.unitB = await unit(`分管乙${tag}`);
    ids.unitC = await unit(`无分管${tag}`);
    for (const u of ['unitA', 'unitC']) await person(`rep-${u}-${tag}`.toLowerCase(), 'reporter', ids[u]);
    ids.leaderA = await person(`leader-a-${tag}`, 'leader');
    ids.leaderB = await person(`leader-b-${tag}`, 'leader');
    ids.head = await person(`head-${tag}`, 'leader');
  });

  afterAll(() => db.end());

  it('links leaders to the units they are in charge of, refusing what is not a leader or not a unit', async () => {
    const set = await api('PUT', `/admin/people/${ids.leaderA}/in-charge`, { token: admin, body: { unitIds: [ids.unitA] } });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ personId: ids.leaderA, unitIds: [ids.unitA] });
    expect((await api('PUT', `/admin/people/${ids.leaderB}/in-charge`, { token: admin, body: { unitIds: [ids.unitB] } })).status).toBe(200);
    const reporter = (await db.query('SELECT id FROM person WHERE username = $1', ['gxw-reporter'])).rows[0].id;
    const notLeader = await api('PUT', `/admin/people/${reporter}/in-charge`, { token: admin, body: { unitIds: [ids.unitA] } });
    expect(notLeader.status).toBe(400);
    expect(notLeader.body.message).toContain('only a leader');
    const group = (await db.query("SELECT id FROM unit WHERE name = '各区政府'")).rows[0].id;
    const ofGroup = await api('PUT', `/admin/people/${ids.leaderB}/in-charge`, { token: admin, body: { unitIds: [group] } });
    expect(ofGroup.status).toBe(400);
    expect((await api('PUT', `/admin/people/${ids.leaderB}/in-charge`, { token: admin, body: { unitIds: [randomUUID()] } })).status).toBe(404);
    expect((await api('GET', `/admin/people/${ids.leaderB}/in-charge`, { token: admin })).body.unitIds).toEqual([ids.unitB]);
    const seeded = (
      await db.query(
        "SELECT u.name FROM leader_unit lu JOIN person p ON p.id = lu.person_id JOIN unit u ON u.id = lu.unit_id WHERE p.username = 'leader' ORDER BY u.name",
      )
    ).rows;
    expect(seeded.map((r) => r.name)).toEqual(['市工业和信息化委', '市科技创新委'].sort());
  });

  it('sends an overdue item’s leader-level notice only to the leader in charge of its lead unit and the plan’s head', async () => {
    const docNumber = `分管测试〔2026〕${tag}号`;
    const content = [
      'plan:',
      `  title: 分管领导测试方案${tag}`,
      `  docNumber: ${docNumber}`,
      'items:',
      '  - code: T01',
      '    section: task',
      '    title: 甲牵头的任务',
      `    leadUnits: [分管甲${tag}]`,
      '  - code: T02',
      '    section: task',
      '    title: 无分管领导的任务',
      `    leadUnits: [无分管${tag}]`,
    ].join('\n');
    const imported = await api('POST', '/plans/import', { token: supervisor, body: { fileName: 'leaders.yaml', content } });
    expect(imported.status).toBe(201);
    const planId = imported.body.planId as string;
    const gxw = (await db.query('SELECT id FROM person WHERE username = $1', ['gxw-reporter'])).rows[0].id;
    const wrongHead = await api('PUT', `/plans/${planId}/heads`, { token: supervisor, body: { personIds: [gxw] } });
    expect(wrongHead.status).toBe(400);
    expect((await api('PUT', `/plans/${planId}/heads`, { token: supervisor, body: { personIds: [ids.head] } })).status).toBe(200);
    expect((await api('GET', `/plans/${planId}/heads`, { token: supervisor })).body.personIds).toEqual([ids.head]);

    const items = (await api('GET', `/plans/${planId}/items`, { token: supervisor })).body as Array<{ id: string; code: string }>;
    expect((await api('POST', `/plans/${planId}/activate`, { token: supervisor, body: { startOn: periodBounds(quarter).start } })).status).toBe(200);
    const leaderNotices = await eventually(
      'both items’ leader-level notices',
      async () => {
        const rows = (
          await db.query(
            `SELECT i.code, n.recipient_ids FROM notice n JOIN item i ON i.id = n.item_id
              WHERE n.item_id = ANY($1::uuid[]) AND n.recipient_roles ? 'leader' ORDER BY i.code, n.step`,
            [items.map((i) => i.id)],
          )
        ).rows as Array<{ code: string; recipient_ids: string[] }>;
        return new Set(rows.map((r) => r.code)).size === 2 ? rows : undefined;
      },
      120_000,
    );
    const first = (code: string) => (leaderNotices.find((n) => n.code === code) as { recipient_ids: string[] }).recipient_ids;
    expect([...first('T01')].sort()).toEqual([ids.leaderA, ids.head].sort());
    // Nobody is in charge of T02's lead unit: the plan's head alone, not every leader.
    expect(first('T02')).toEqual([ids.head]);
    const seededLeader = (await db.query("SELECT id FROM person WHERE username = 'leader'")).rows[0].id;
    expect(leaderNotices.flatMap((n) => n.recipient_ids)).not.toContain(seededLeader);
    expect(leaderNotices.flatMap((n) => n.recipient_ids)).not.toContain(ids.leaderB);
  });
});
