import { periodBounds, periodKeyFor } from '@duban/calendar';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { testEnvironment } from '../support/env';
import { api, eventually, signIn } from '../support/http';

const DISTRICTS = ['越秀', '海珠', '荔湾', '天河', '白云', '黄埔', '番禺', '花都', '南沙', '从化', '增城'].map((d) => `${d}区政府`);
const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const quarter = periodKeyFor(today, 'quarterly');

/** Issue 11, part 2: groups named by a plan become one duty per member unit when the plan is activated. */
describe('groups resolved at activation', () => {
  let admin: string;
  let secadmin: string;
  let supervisor: string;
  let db: Client;
  const tag = randomUUID().slice(0, 6);
  let planId: string;
  let items: Record<string, { id: string; units: Array<{ unitId: string; role: string; viaGroupId: string | null; unit: { name: string } }> }>;
  let units: Map<string, { id: string; name: string }>;

  const dutyCount = async () =>
    (await db.query('SELECT count(*)::int AS n FROM item_unit iu JOIN item i ON i.id = iu.item_id WHERE i.plan_id = $1', [planId])).rows[0].n;
  const loadItems = async () => {
    const res = await api('GET', `/plans/${planId}/items`, { token: supervisor });
    items = Object.fromEntries(res.body.map((i: any) => [i.code, i]));
  };
  const personOf = async (unitName: string, role: 'reporter' | 'unit-head') => {
    const username = `${role === 'reporter' ? 'rep' : 'head'}-${tag}-${(units.get(unitName) as { id: string }).id.slice(0, 4)}`;
    const res = await api('POST', '/admin/people', {
      token: secadmin,
      body: { username, displayName: `${unitName}${role}`, role, unitId: units.get(unitName)?.id },
    });
    expect(res.status).toBe(201);
    const signedIn = await api('POST', '/auth/sign-in', { body: { username, password: res.body.initialPassword } });
    return { id: res.body.person.id as string, token: signedIn.body.accessToken as string };
  };

  beforeAll(async () => {
    [admin, secadmin, supervisor] = await Promise.all([signIn('sysadmin'), signIn('secadmin'), signIn('supervisor')]);
    db = new Client({ connectionString: testEnvironment().databaseUrl });
    await db.connect();
    units = new Map((await api('GET', '/admin/units', { token: admin })).body.map((u: any) => [u.name, u]));
    const noPeople = await api('POST', '/admin/units', { token: admin, body: { name: `无人单位${tag}` } });
    const headOnly = await api('POST', '/admin/units', { token: admin, body: { name: `仅负责人单位${tag}` } });
    units.set(noPeople.body.name, noPeople.body);
    units.set(headOnly.body.name, headOnly.body);
    await personOf(headOnly.body.name, 'unit-head');
    const content = [
      'plan:',
      `  title: 分组测试方案${tag}`,
      'items:',
      '  - code: T01',
      '    section: task',
      '    title: 各区配合的任务',
      '    leadUnits: [市工业和信息化委]',
      '    coUnits: [市发展改革委, 各区政府]',
      '  - code: T02',
      '    section: task',
      '    title: 有关区配合的任务',
      '    leadUnits: [市工业和信息化委]',
      `    coUnits: [各有关区政府, 无人单位${tag}, 仅负责人单位${tag}]`,
    ].join('\n');
    const imported = await api('POST', '/plans/import', { token: supervisor, body: { fileName: 'groups.yaml', content } });
    expect(imported.status).toBe(201);
    planId = imported.body.planId;
    await loadItems();
  });

  afterAll(() => db.end());

  it('refuses to activate while a "有关" group has no members chosen, naming the item and group, changing nothing', async () => {
    const review = await api('GET', `/plans/${planId}/review`, { token: supervisor });
    expect(review.body.unresolvedGroups).toEqual([expect.objectContaining({ itemCode: 'T02', group: '各有关区政府', reason: 'members-to-choose' })]);
    const before = await dutyCount();
    const refused = await api('POST', `/plans/${planId}/activate`, { token: supervisor, body: { startOn: periodBounds(quarter).start } });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('T02 各有关区政府 (choose its members at review)');
    expect((await api('GET', `/plans/${planId}`, { token: supervisor })).body.status).toBe('draft');
    expect(await dutyCount()).toBe(before);
    expect((await db.query('SELECT count(*)::int AS n FROM item WHERE plan_id = $1 AND workflow_id IS NOT NULL', [planId])).rows[0].n).toBe(0);
  });

  it('takes the supervisor’s choice of members for a "有关" group on a draft item, and refuses what is not such a choice', async () => {
    const path = (item: string, group: string) => `/plans/${planId}/items/${items[item].id}/groups/${units.get(group)?.id}/members`;
    const fixed = await api('PUT', path('T01', '各区政府'), { token: supervisor, body: { memberIds: [units.get('天河区政府')?.id] } });
    expect(fixed.status).toBe(400);
    expect(fixed.body.message).toContain('各区政府 has its members in the unit directory');
    expect((await api('PUT', path('T01', '各有关区政府'), { token: supervisor, body: { memberIds: [] } })).status).toBe(404);
    const aGroup = await api('PUT', path('T02', '各有关区政府'), { token: supervisor, body: { memberIds: [units.get('各区政府')?.id] } });
    expect(aGroup.status).toBe(400);
    expect(aGroup.body.message).toContain('各区政府');
    expect((await api('PUT', path('T02', '各有关区政府'), { token: (await signIn('gxw-reporter')) as string, body: { memberIds: [] } })).status).toBe(403);
    const chosen = await api('PUT', path('T02', '各有关区政府'), {
      token: supervisor,
      body: { memberIds: [units.get('天河区政府')?.id, units.get('黄埔区政府')?.id] },
    });
    expect(chosen.status).toBe(200);
    const review = await api('GET', `/plans/${planId}/review`, { token: supervisor });
    expect(review.body.unresolvedGroups).toEqual([]);
    expect(review.body.chosenGroups).toEqual([
      expect.objectContaining({ itemCode: 'T02', group: '各有关区政府', chosen: ['天河区政府', '黄埔区政府'].sort() }),
    ]);
  });

  it('activates: each member of a group holds its own cooperating duty, and units nobody would hear of are named', async () => {
    const activated = await api('POST', `/plans/${planId}/activate`, { token: supervisor, body: { startOn: periodBounds(quarter).start } });
    expect(activated.status).toBe(200);
    expect(activated.body.started).toBe(2);
    await loadItems();
    const viaGroup = (code: string) =>
      items[code].units
        .filter((u) => u.viaGroupId)
        .map((u) => u.unit.name)
        .sort();
    expect(viaGroup('T01')).toEqual([...DISTRICTS].sort());
    expect(items.T01.units.filter((u) => u.viaGroupId).every((u) => u.viaGroupId === units.get('各区政府')?.id && u.role === 'co')).toBe(true);
    expect(viaGroup('T02')).toEqual(['天河区政府', '黄埔区政府'].sort());
    // The document's own wording stays: the export still says 各区政府.
    const exported = await fetch(`${testEnvironment().apiUrl}/plans/${planId}/export.yaml`, { headers: { authorization: `Bearer ${supervisor}` } });
    const yaml = await exported.text();
    expect(yaml).toContain('各区政府');
    expect(yaml).not.toContain('越秀区政府');
    expect(activated.body.warnings).toEqual(
      expect.arrayContaining([
        `unit 无人单位${tag} (T02) has no reporter: its reminders go to the supervision office`,
        `unit 仅负责人单位${tag} (T02) has no reporter: its reminders go to its head`,
      ]),
    );
    // Every district government has its reporter (seeds/people.yaml): none is named.
    expect(activated.body.warnings.filter((w: string) => w.includes('区政府'))).toEqual([]);
    const again = await api('POST', `/plans/${planId}/activate`, { token: supervisor, body: {} });
    expect(again.body).toMatchObject({ started: 0, alreadyRunning: 2 });
    await loadItems();
    expect(viaGroup('T01')).toHaveLength(11);
    const dashboard = await api('GET', `/dashboard/plans/${planId}`, { token: supervisor });
    expect(dashboard.body.unreachedUnits).toEqual(
      expect.arrayContaining([expect.objectContaining({ unitName: `无人单位${tag}`, itemCodes: ['T02'], fallback: 'office' })]),
    );
  });

  it('lets each member contribute for itself, and refuses a district the supervisor did not choose', async () => {
    const tianhe = await personOf('天河区政府', 'reporter');
    const yuexiu = await personOf('越秀区政府', 'reporter');
    const body = { periodKey: quarter, narrative: '本区配合推进。', indicatorValues: [] };
    const contribute = (item: string, token: string) =>
      eventually(`a contribution to ${item}`, async () => {
        const res = await api('POST', `/items/${items[item].id}/contributions`, { token, body });
        return res.status === 404 ? undefined : res; // the workflow may still be starting
      });
    expect((await contribute('T01', tianhe.token)).status).toBe(201);
    expect((await contribute('T01', yuexiu.token)).status).toBe(201);
    expect((await contribute('T02', tianhe.token)).status).toBe(201);
    const notChosen = await contribute('T02', yuexiu.token);
    expect(notChosen.status).toBe(403);
    const stored = await db.query('SELECT u.name FROM contribution c JOIN unit u ON u.id = c.unit_id WHERE c.item_id = $1 ORDER BY u.name', [items.T01.id]);
    expect(stored.rows.map((r) => r.name)).toEqual(['天河区政府', '越秀区政府'].sort());
  });

  it('refuses a group as lead unit at activation, until supervising each member for itself is built', async () => {
    const content = [
      'plan:',
      `  title: 各区牵头方案${tag}`,
      'items:',
      '  - code: T01',
      '    section: task',
      '    title: 各区牵头的任务',
      '    leadUnits: [各区政府]',
    ].join('\n');
    const imported = await api('POST', '/plans/import', { token: supervisor, body: { fileName: 'lead-group.yaml', content } });
    const refused = await api('POST', `/plans/${imported.body.planId}/activate`, { token: supervisor, body: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('T01 各区政府 (a group as lead unit is not supported yet');
  });
});
