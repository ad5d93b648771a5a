import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { testEnvironment } from '../support/env';
import { api, signIn } from '../support/http';

const DISTRICTS = ['越秀', '海珠', '荔湾', '天河', '白云', '黄埔', '番禺', '花都', '南沙', '从化', '增城'].map((d) => `${d}区政府`);

interface DirectoryUnit {
  id: string;
  name: string;
  kind: string;
  aliases: string[];
  parentId: string | null;
  status: string;
  successorId: string | null;
  membersChosenAtReview: boolean;
  memberIds: string[];
}

/** Issue 11, part 1: the unit directory as data — structure, groups, renames, merges, retirements, and the refusals. */
describe('the unit directory', () => {
  let admin: string;
  let secadmin: string;
  let supervisor: string;
  let db: Client;
  const tag = randomUUID().slice(0, 6);

  const unitsByName = async () => new Map(((await api<DirectoryUnit[]>('GET', '/admin/units', { token: admin })).body ?? []).map((u) => [u.name, u]));
  const create = async (body: Record<string, unknown>) => {
    const res = await api<DirectoryUnit>('POST', '/admin/units', { token: admin, body });
    expect(res.status).toBe(201);
    return res.body;
  };
  /** Everything a refused change could have touched. */
  const snapshot = async () =>
    (
      await db.query(
        `SELECT (SELECT json_agg(u ORDER BY u.name) FROM (SELECT name, kind, aliases, parent_id, status, successor_id FROM unit) u) AS units,
                (SELECT json_agg(m ORDER BY m.group_id, m.member_id) FROM unit_group_member m) AS members,
                (SELECT json_agg(p ORDER BY p.username) FROM (SELECT username, unit_id FROM person) p) AS people,
                (SELECT json_agg(iu ORDER BY iu.item_id, iu.unit_id, iu.role) FROM item_unit iu) AS duties`,
      )
    ).rows[0];
  const importYaml = async (title: string, items: Array<{ code: string; lead: string[]; co?: string[] }>) => {
    const content = [
      'plan:',
      `  title: ${title}`,
      '  issuedOn: 2026-01-05',
      'items:',
      ...items.flatMap((i) => [
        `  - code: ${i.code}`,
        '    section: task',
        `    title: 任务${i.code}`,
        `    leadUnits: [${i.lead.join(', ')}]`,
        `    coUnits: [${(i.co ?? []).join(', ')}]`,
      ]),
    ].join('\n');
    const res = await api('POST', '/plans/import', { token: supervisor, body: { fileName: 'plan.yaml', content } });
    expect(res.status).toBe(201);
    return res.body.planId as string;
  };

  beforeAll(async () => {
    [admin, secadmin, supervisor] = await Promise.all([signIn('sysadmin'), signIn('secadmin'), signIn('supervisor')]);
    db = new Client({ connectionString: testEnvironment().databaseUrl });
    await db.connect();
  });

  afterAll(() => db.end());

  it('is seeded with the 11 district governments as 各区政府, and "有关" groups waiting for their members', async () => {
    const units = await unitsByName();
    const districts = DISTRICTS.map((name) => units.get(name));
    expect(districts.map((d) => d?.kind)).toEqual(DISTRICTS.map(() => 'district-government'));
    expect(units.get('越秀区政府')?.aliases).toContain('越秀区人民政府');
    const all = units.get('各区政府') as DirectoryUnit;
    expect(all).toMatchObject({ kind: 'group', membersChosenAtReview: false });
    expect([...all.memberIds].sort()).toEqual(districts.map((d) => d?.id).sort());
    expect(units.get('各有关区政府')).toMatchObject({ kind: 'group', membersChosenAtReview: true, memberIds: [] });
    expect(units.get('市相关部门')).toMatchObject({ kind: 'group', membersChosenAtReview: true });
    const single = await api<DirectoryUnit>('GET', `/admin/units/${all.id}`, { token: admin });
    expect(single.body.memberIds).toHaveLength(11);
  });

  it('creates units with kind, parent and aliases; a name or alias belongs to one unit only', async () => {
    const tianhe = (await unitsByName()).get('天河区政府') as DirectoryUnit;
    const bureau = await create({ name: `天河区工信局${tag}`, kind: 'department', parentId: tianhe.id, aliases: [`天河工信${tag}`] });
    expect(bureau).toMatchObject({ parentId: tianhe.id, aliases: [`天河工信${tag}`], status: 'active', memberIds: [] });

    const before = await snapshot();
    const taken = await api('POST', '/admin/units', { token: admin, body: { name: `别的单位${tag}`, aliases: [`天河工信${tag}`] } });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toContain(`天河工信${tag} is already an alias of 天河区工信局${tag}`);
    const nameIsAlias = await api('POST', '/admin/units', { token: admin, body: { name: '越秀区人民政府' } });
    expect(nameIsAlias.status).toBe(409);
    expect(nameIsAlias.body.message).toContain('越秀区政府');
    const underGroup = await api('POST', '/admin/units', { token: admin, body: { name: `某局${tag}`, parentId: (await unitsByName()).get('各区政府')?.id } });
    expect(underGroup.status).toBe(400);
    expect(underGroup.body.message).toContain('parentId');
    const badKind = await api('POST', '/admin/units', { token: admin, body: { name: `某局${tag}`, kind: 'club' } });
    expect(badKind.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a cycle of parents and a unit as its own parent, naming the problem and changing nothing', async () => {
    const a = await create({ name: `甲单位${tag}` });
    const b = await create({ name: `乙单位${tag}`, parentId: a.id });
    const c = await create({ name: `丙单位${tag}`, parentId: b.id });
    const before = await snapshot();
    const cycle = await api('PATCH', `/admin/units/${a.id}`, { token: admin, body: { parentId: c.id } });
    expect(cycle.status).toBe(409);
    expect(cycle.body.message).toContain(`甲单位${tag} → 丙单位${tag} → 乙单位${tag} → 甲单位${tag}`);
    const own = await api('PATCH', `/admin/units/${a.id}`, { token: admin, body: { parentId: a.id } });
    expect(own.status).toBe(400);
    expect(own.body.message).toContain('its own parent');
    expect(await snapshot()).toEqual(before);
    const moved = await api<DirectoryUnit>('PATCH', `/admin/units/${c.id}`, { token: admin, body: { parentId: null, aliases: [`丙${tag}`] } });
    expect(moved.body).toMatchObject({ parentId: null, aliases: [`丙${tag}`] });
  });

  it('sets a group’s members; refuses a group containing itself, directly or through another group, and a non-group', async () => {
    const units = await unitsByName();
    const outer = await create({ name: `外组${tag}`, kind: 'group' });
    const inner = await create({ name: `内组${tag}`, kind: 'group' });
    const set = await api<DirectoryUnit>('PUT', `/admin/units/${outer.id}/members`, {
      token: admin,
      body: { memberIds: [inner.id, units.get('越秀区政府')?.id] },
    });
    expect(set.status).toBe(200);
    expect(set.body.memberIds.sort()).toEqual([inner.id, units.get('越秀区政府')?.id].sort());

    const before = await snapshot();
    const itself = await api('PUT', `/admin/units/${outer.id}/members`, { token: admin, body: { memberIds: [outer.id] } });
    expect(itself.status).toBe(400);
    expect(itself.body.message).toContain(`外组${tag} cannot contain itself`);
    const through = await api('PUT', `/admin/units/${inner.id}/members`, { token: admin, body: { memberIds: [outer.id] } });
    expect(through.status).toBe(409);
    expect(through.body.message).toContain(`内组${tag} → 外组${tag} → 内组${tag}`);
    const notGroup = await api('PUT', `/admin/units/${units.get('海珠区政府')?.id}/members`, { token: admin, body: { memberIds: [] } });
    expect(notGroup.status).toBe(400);
    expect(notGroup.body.message).toContain('not a group');
    const unknown = await api('PUT', `/admin/units/${outer.id}/members`, { token: admin, body: { memberIds: [randomUUID()] } });
    expect(unknown.status).toBe(404);
    const malformed = await api('PUT', `/admin/units/${outer.id}/members`, { token: admin, body: { memberIds: ['越秀'] } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toContain('memberIds');
    expect(await snapshot()).toEqual(before);
  });

  it('renames a unit, keeping the old name as an alias that later documents still match', async () => {
    const unit = await create({ name: `旧名局${tag}` });
    const renamed = await api<DirectoryUnit>('POST', `/admin/units/${unit.id}/rename`, { token: admin, body: { name: `新名局${tag}` } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: unit.id, name: `新名局${tag}`, aliases: [`旧名局${tag}`] });
    const planId = await importYaml(`改名后的方案${tag}`, [{ code: 'T01', lead: [`旧名局${tag}`] }]);
    const items = await api('GET', `/plans/${planId}/items`, { token: supervisor });
    expect(items.body[0].units.map((u: any) => u.unitId)).toEqual([unit.id]);
    expect((await api('POST', `/admin/units/${unit.id}/rename`, { token: admin, body: { name: '市发展改革委' } })).status).toBe(409);
  });

  it('flags a name the directory does not know at review, with the closest known names, matching none of them', async () => {
    const planId = await importYaml(`未知单位方案${tag}`, [
      { code: 'T01', lead: ['市工业和信息化委'], co: ['市工信委'] },
      { code: 'T02', lead: ['市工信委'] },
    ]);
    const review = await api('GET', `/plans/${planId}/review`, { token: supervisor });
    expect(review.status).toBe(200);
    expect(review.body.unknownUnits).toEqual([{ name: '市工信委', unitId: expect.any(String), items: ['T01', 'T02'], closest: expect.any(Array) }]);
    expect(review.body.unknownUnits[0].closest[0]).toBe('市工业和信息化委');
    const known = (await unitsByName()).get('市工业和信息化委') as DirectoryUnit;
    expect(review.body.unknownUnits[0].unitId).not.toBe(known.id);
    expect((await api('GET', `/plans/${randomUUID()}/review`, { token: supervisor })).status).toBe(404);
  });

  it('retires a unit only when nothing is left open or a successor takes over; a merge moves its people, groups and draft duties', async () => {
    const leaving = await create({ name: `撤并委${tag}` });
    const successor = await create({ name: `承接局${tag}` });
    const group = await create({ name: `某组${tag}`, kind: 'group' });
    await api('PUT', `/admin/units/${group.id}/members`, { token: admin, body: { memberIds: [leaving.id] } });
    const person = await api('POST', '/admin/people', {
      token: secadmin,
      body: { username: `clerk-${tag}`, displayName: '填报员', role: 'reporter', unitId: leaving.id },
    });
    expect(person.status).toBe(201);
    const draftId = await importYaml(`撤并草案${tag}`, [{ code: 'T01', lead: [`撤并委${tag}`] }]);
    const activeId = await importYaml(`撤并在办${tag}`, [{ code: 'T01', lead: [`甲单位${tag}`] }]);
    expect((await api('POST', `/plans/${activeId}/activate`, { token: supervisor, body: { startOn: '2026-01-05' } })).status).toBe(200);
    const busy = (await unitsByName()).get(`甲单位${tag}`) as DirectoryUnit;

    const before = await snapshot();
    const self = await api('POST', `/admin/units/${leaving.id}/merge`, { token: admin, body: { successorId: leaving.id } });
    expect(self.status).toBe(400);
    expect(self.body.message).toContain('cannot be merged into itself');
    const openDuties = await api('POST', `/admin/units/${busy.id}/retire`, { token: admin, body: {} });
    expect(openDuties.status).toBe(409);
    expect(openDuties.body.message).toMatch(new RegExp(`甲单位${tag} still has open duties \\(\\S+ T01\\): name a successor`));
    const intoGroup = await api('POST', `/admin/units/${leaving.id}/merge`, { token: admin, body: { successorId: group.id } });
    expect(intoGroup.status).toBe(400);
    expect((await api('POST', `/admin/units/${leaving.id}/merge`, { token: admin, body: { successorId: randomUUID() } })).status).toBe(404);
    expect(await snapshot()).toEqual(before);

    const merged = await api<DirectoryUnit>('POST', `/admin/units/${leaving.id}/merge`, { token: admin, body: { successorId: successor.id } });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ status: 'retired', successorId: successor.id, name: `撤并委${tag}` });
    expect((await api<DirectoryUnit>('GET', `/admin/units/${group.id}`, { token: admin })).body.memberIds).toEqual([successor.id]);
    expect((await db.query('SELECT unit_id FROM person WHERE username = $1', [`clerk-${tag}`])).rows[0].unit_id).toBe(successor.id);
    const draftItems = await api('GET', `/plans/${draftId}/items`, { token: supervisor });
    expect(draftItems.body[0].units.map((u: any) => u.unitId)).toEqual([successor.id]);
    const audit = await db.query("SELECT after FROM audit_event WHERE action = 'unit.merged' AND entity_id = $1", [leaving.id]);
    expect(audit.rows).toEqual([{ after: { status: 'retired', successor: `承接局${tag}` } }]);
    // A document written before the reform names the old unit: it means the successor now.
    const later = await importYaml(`撤并之后${tag}`, [{ code: 'T01', lead: [`撤并委${tag}`] }]);
    expect((await api('GET', `/plans/${later}/items`, { token: supervisor })).body[0].units.map((u: any) => u.unitId)).toEqual([successor.id]);
    expect((await api('POST', `/admin/units/${leaving.id}/retire`, { token: admin, body: {} })).status).toBe(409);
    const joinRetired = await api('PUT', `/admin/units/${group.id}/members`, { token: admin, body: { memberIds: [leaving.id] } });
    expect(joinRetired.status).toBe(409);
  });
});
