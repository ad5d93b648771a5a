import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { REPO_ROOT } from '../support/apps';
import { testEnvironment } from '../support/env';
import { api, signIn } from '../support/http';

/** Issue 3: a document becomes a draft the supervisor reviews and corrects, then activates; bad documents store nothing. */
describe('plan import → review → activate, through the API', () => {
  let supervisor: string;
  let reporter: string;
  let db: Client;
  // Its own document numbers, so this file and the first slice never import the same plan.
  const seed = readFileSync(join(REPO_ROOT, 'seeds/guangzhou-miit-cooperation-plan-2017.txt'), 'utf8').replaceAll('324号', '9324号');
  const district = readFileSync(join(REPO_ROOT, 'libs/plan-parser/src/__fixtures__/district-work-points-2024.txt'), 'utf8');

  const upload = async (fileName: string, bytes: Buffer | string, fields: Record<string, string> = {}) => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), fileName);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const res = await fetch(`${testEnvironment().apiUrl}/plans/upload`, { method: 'POST', headers: { authorization: `Bearer ${supervisor}` }, body: form });
    return { status: res.status, body: (await res.json()) as any };
  };
  const counts = async () =>
    (await db.query('SELECT (SELECT count(*) FROM plan)::int AS plans, (SELECT count(*) FROM item)::int AS items, (SELECT count(*) FROM unit)::int AS units'))
      .rows[0];

  beforeAll(async () => {
    [supervisor, reporter] = await Promise.all([signIn('supervisor'), signIn('gxw-reporter')]);
    db = new Client({ connectionString: testEnvironment().databaseUrl });
    await db.connect();
  });

  afterAll(() => db.end());

  it('uploads a document file into a draft with all 17 items; the same file again stores nothing', async () => {
    const first = await upload('plan.txt', Buffer.from(seed, 'utf8'));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'draft', created: true });
    const before = await counts();
    const again = await upload('plan.txt', Buffer.from(seed, 'utf8'));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ planId: first.body.planId, created: false });
    expect(await counts()).toEqual(before);

    const items = await api('GET', `/plans/${first.body.planId}/items`, { token: supervisor });
    expect(items.body).toHaveLength(17);
    const s02 = items.body.find((i: any) => i.code === 'S02');
    expect(s02.units.filter((u: any) => u.role === 'lead').map((u: any) => u.unit.name)).toEqual([
      '市工业和信息化委',
      '市发展改革委',
      '市科技创新委',
      '市国土规划委',
    ]);
    const source = await api('GET', `/plans/${first.body.planId}/source`, { token: supervisor });
    expect(source.body).toContain('9324号');
  });

  it('shows a revised document as a diff against the plan it revises, storing nothing', async () => {
    const revised = seed.replace(
      '(牵头单位:市工业和信息化委;配合单位:市科技创新委、各区政府)',
      '(牵头单位:市工业和信息化委;配合单位:市科技创新委、市财政局、各区政府)',
    );
    expect(revised).not.toBe(seed);
    const before = await counts();
    const res = await upload('plan-v2.txt', Buffer.from(revised, 'utf8'));
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(false);
    expect(res.body.revision.added).toEqual([]);
    expect(res.body.revision.removed).toEqual([]);
    expect(res.body.revision.changed).toEqual([
      expect.objectContaining({
        code: 'T06',
        changes: [{ field: 'coUnits', before: ['市科技创新委', '各区政府'], after: ['市科技创新委', '市财政局', '各区政府'] }],
      }),
    ]);
    expect(res.body.revision.unchanged).toBe(16);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['an empty file', 'empty.txt', Buffer.alloc(0), 400, 'empty'],
    ['a binary file', 'scan.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 400, 'binary'],
    ['a GBK-encoded document', 'gbk.txt', Buffer.from([0xb9, 0xe3, 0xd6, 0xdd, 0xca, 0xd0, 0xc8, 0xcb, 0xc3, 0xf1, 0xd5, 0xfe, 0xb8, 0xae]), 400, 'encoding'],
    ['text that is not a plan', 'news.txt', Buffer.from('今天天气晴朗，气温二十五度。市民出行请注意防晒。\n明天多云。', 'utf8'), 400, 'not-a-plan'],
    ['a truncated document', 'cut.txt', Buffer.from(seed.slice(0, seed.indexOf('(十三)') + 40), 'utf8'), 400, 'truncated'],
  ])('refuses %s with a clear message and stores nothing', async (_what, name, bytes, status, code) => {
    const before = await counts();
    const res = await upload(name, bytes);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(res.body.message.length).toBeGreaterThan(10);
    expect(await counts()).toEqual(before);
  });

  it('refuses a 50 MB upload with 413 and stores nothing', async () => {
    const before = await counts();
    const res = await upload('huge.txt', Buffer.alloc(50 * 1024 * 1024, 0x41));
    expect(res.status).toBe(413);
    expect(await counts()).toEqual(before);
  });

  it('refuses a multipart request without a file, and an import by a reporter', async () => {
    const form = new FormData();
    const res = await fetch(`${testEnvironment().apiUrl}/plans/upload`, { method: 'POST', headers: { authorization: `Bearer ${supervisor}` }, body: form });
    expect(res.status).toBe(400);
    const denied = await api('POST', '/plans/import', { token: reporter, body: { fileName: 'x.txt', content: district } });
    expect(denied.status).toBe(403);
  });

  it('lets a supervisor correct a draft item (units, deadlines), audits it, and activates the plan', async () => {
    const imported = await api('POST', '/plans/import', { token: supervisor, body: { fileName: 'huangpu-2024.txt', content: district } });
    expect(imported.status).toBe(201);
    const planId = imported.body.planId;
    const items = (await api('GET', `/plans/${planId}/items`, { token: supervisor })).body;
    const first = items[0];

    const bad = await api('PATCH', `/plans/${planId}/items/${first.id}`, { token: supervisor, body: { leadUnits: [] } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('leadUnits');
    const unknownField = await api('PATCH', `/plans/${planId}/items/${first.id}`, { token: supervisor, body: { colour: 'red' } });
    expect(unknownField.status).toBe(400);
    const wrongItem = await api('PATCH', `/plans/${planId}/items/00000000-0000-4000-8000-000000000000`, { token: supervisor, body: { title: 'x' } });
    expect(wrongItem.status).toBe(404);

    const edited = await api('PATCH', `/plans/${planId}/items/${first.id}`, {
      token: supervisor,
      body: {
        leadUnits: ['区工业和信息化局'],
        coUnits: ['区住房城乡建设局', '各街道办事处'],
        deadlines: [{ date: '2024-12-31', text: '2024年12月底前', confirm: false }],
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.units.filter((u: any) => u.role === 'lead').map((u: any) => u.unit.name)).toEqual(['区工业和信息化局']);
    expect(edited.body.units.filter((u: any) => u.role === 'co').map((u: any) => u.unit.name)).toEqual(['区住房城乡建设局', '各街道办事处']);
    const audit = await db.query("SELECT before, after FROM audit_event WHERE action = 'item.edited' AND entity_id = $1", [first.id]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].after.leadUnits).toEqual(['区工业和信息化局']);

    const activated = await api('POST', `/plans/${planId}/activate`, { token: supervisor, body: { startOn: '2024-01-01' } });
    expect(activated.status).toBe(200);
    expect(activated.body.started).toBe(items.length);
    expect(activated.body.warnings.some((w: string) => w.includes('not in the unit directory'))).toBe(true);

    const afterActivation = await api('PATCH', `/plans/${planId}/items/${first.id}`, { token: supervisor, body: { title: '改名' } });
    expect(afterActivation.status).toBe(409);
    expect(afterActivation.body.currentState).toBe('active');
  });

  it('exports a plan as YAML that imports back as the same plan (no changes)', async () => {
    const plan = (await api('GET', '/plans', { token: supervisor })).body.find((p: any) => p.docNumber === '穗府办函〔2017〕9324号');
    const res = await fetch(`${testEnvironment().apiUrl}/plans/${plan.id}/export.yaml`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect(res.status).toBe(200);
    const yaml = await res.text();
    expect(yaml).toContain('市工业和信息化委');
    const again = await upload('plan.yaml', Buffer.from(yaml, 'utf8'));
    expect(again.status).toBe(200);
    expect(again.body.revision).toEqual({ added: [], removed: [], changed: [], unchanged: 17 });
  });
});
