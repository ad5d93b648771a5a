import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { REPO_ROOT } from '../support/apps';
import { testEnvironment } from '../support/env';
import { signIn } from '../support/http';
import { call } from './support/auth-instances';

/**
 * Issue 12, 三员分立: the system administrator (units, channels, policies, service tokens), the security administrator
 * (people, roles, resets, disable, sessions) and the audit administrator (the audit trail) each do their part only; none
 * reads supervision records or acts as another. API tokens have scopes and always expire; what a token does is audited
 * with the token's id and its person.
 */
describe('three administrators', () => {
  const api = () => testEnvironment().apiUrl;
  const tag = randomUUID().slice(0, 6);
  const tokens: Record<'sysadmin' | 'secadmin' | 'auditadmin' | 'supervisor', string> = { sysadmin: '', secadmin: '', auditadmin: '', supervisor: '' };
  let db: Client;
  let planId: string;
  let itemId: string;

  beforeAll(async () => {
    for (const name of Object.keys(tokens) as Array<keyof typeof tokens>) tokens[name] = await signIn(name);
    db = new Client({ connectionString: testEnvironment().databaseUrl });
    await db.connect();
    // A draft plan of the seed document: its items are supervision records no administrator may read.
    const content = readFileSync(join(REPO_ROOT, 'seeds/guangzhou-miit-cooperation-plan-2017.txt'), 'utf8');
    const imported = await call(api(), 'POST', '/plans/import', { token: tokens.supervisor, body: { fileName: `admins-${tag}.txt`, content } });
    expect([200, 201]).toContain(imported.status);
    planId = imported.body.planId;
    itemId = (await call(api(), 'GET', `/plans/${planId}/items`, { token: tokens.supervisor })).body[0].id;
  });

  afterAll(async () => {
    await db?.end();
  });

  it('lets no administrator read items, reports, the queue, dashboards or bulletins', async () => {
    const reads = [
      `/items/${itemId}`,
      `/items/${itemId}/audit`,
      `/items/${itemId}/periods`,
      '/queue',
      `/dashboard/plans/${planId}`,
      `/bulletins/plans/${planId}/periods/2026Q4`,
    ];
    expect((await call(api(), 'GET', `/items/${itemId}`, { token: tokens.supervisor })).status).toBe(200);
    const answers = [];
    for (const admin of ['sysadmin', 'secadmin', 'auditadmin'] as const) {
      for (const path of reads) answers.push(`${admin} ${path} ${(await call(api(), 'GET', path, { token: tokens[admin] })).status}`);
    }
    expect(answers.filter((a) => !/ 40[34]$/.test(a))).toEqual([]);
  });

  it('keeps each administrator to their own part', async () => {
    const unit = await call(api(), 'POST', '/admin/units', { token: tokens.sysadmin, body: { name: `三员单位${tag}` } });
    expect(unit.status).toBe(201);
    expect((await call(api(), 'POST', '/admin/units', { token: tokens.secadmin, body: { name: `越权${tag}` } })).status).toBe(403);
    expect(
      (await call(api(), 'POST', '/admin/people', { token: tokens.sysadmin, body: { username: `x-${tag}`, displayName: 'x', role: 'reporter' } })).status,
    ).toBe(403);
    expect((await call(api(), 'GET', '/admin/audit', { token: tokens.sysadmin })).status).toBe(403);
    expect((await call(api(), 'GET', '/admin/audit', { token: tokens.secadmin })).status).toBe(403);
    expect((await call(api(), 'GET', '/admin/people', { token: tokens.auditadmin })).status).toBe(403);
    expect((await call(api(), 'GET', '/deliveries/channels', { token: tokens.secadmin })).status).toBe(403);
    expect((await call(api(), 'GET', '/deliveries/channels', { token: tokens.sysadmin })).status).toBe(200);

    // The security administrator cannot make themselves another administrator, nor disable or reset themselves.
    const me = (await call(api(), 'GET', '/auth/me', { token: tokens.secadmin })).body;
    expect((await call(api(), 'PATCH', `/admin/people/${me.id}`, { token: tokens.secadmin, body: { role: 'system-admin' } })).status).toBe(403);
    expect((await call(api(), 'POST', `/admin/people/${me.id}/disable`, { token: tokens.secadmin })).status).toBe(403);
    expect((await call(api(), 'POST', `/admin/people/${me.id}/password-reset`, { token: tokens.secadmin })).status).toBe(403);
    expect((await call(api(), 'GET', '/auth/me', { token: tokens.secadmin })).body).toMatchObject({ role: 'security-admin' });
  });

  it('issues API tokens with scopes and an expiry, for system administrator accounts only, and audits what they do', async () => {
    const sysadminId = (await call(api(), 'GET', '/auth/me', { token: tokens.sysadmin })).body.id;
    const supervisorId = (await call(api(), 'GET', '/auth/me', { token: tokens.supervisor })).body.id;
    const issue = (body: Record<string, unknown>) => call(api(), 'POST', '/admin/api-tokens', { token: tokens.sysadmin, body });
    // A token for a supervisor would let the system administrator act as one.
    expect((await issue({ personId: supervisorId, name: 'borrowed', expiresInDays: 1, scopes: ['read'] })).status).toBe(403);
    expect(await issue({ personId: sysadminId, name: 'forever', scopes: ['read'] })).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('expiresInDays') },
    });
    expect(await issue({ personId: sysadminId, name: 'no scopes', expiresInDays: 1, scopes: [] })).toMatchObject({ status: 400 });

    const reader = await issue({ personId: sysadminId, name: `reader-${tag}`, expiresInDays: 1, scopes: ['read'] });
    expect(reader.status).toBe(201);
    expect(reader.body).toMatchObject({ scopes: ['read'], expiresAt: expect.any(String) });
    expect((await call(api(), 'GET', '/admin/units', { token: reader.body.token })).status).toBe(200);
    expect((await call(api(), 'POST', '/admin/units', { token: reader.body.token, body: { name: `读令牌${tag}` } })).status).toBe(403);

    const writer = await issue({ personId: sysadminId, name: `writer-${tag}`, expiresInDays: 1, scopes: ['read', 'write'] });
    const made = await call(api(), 'POST', '/admin/units', { token: writer.body.token, body: { name: `令牌单位${tag}` } });
    expect(made.status).toBe(201);
    const row = (await db.query(`SELECT actor, token_id, address, after FROM audit_event WHERE action = 'unit.created' AND entity_id = $1`, [made.body.id]))
      .rows[0];
    expect(row).toMatchObject({
      actor: sysadminId,
      token_id: writer.body.id,
      address: expect.stringMatching(/127\.0\.0\.1/),
      after: { name: `令牌单位${tag}` },
    });

    // An expired token (moved into the past in the database) is refused.
    await db.query(`UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = $1`, [writer.body.id]);
    expect((await call(api(), 'GET', '/admin/units', { token: writer.body.token })).status).toBe(401);
  });

  it('records administrative actions with actor, address and before/after, readable by the audit administrator only', async () => {
    const person = await call(api(), 'POST', '/admin/people', {
      token: tokens.secadmin,
      body: { username: `aud-${tag}`, displayName: '审计对象', role: 'reporter' },
    });
    await call(api(), 'PATCH', `/admin/people/${person.body.person.id}`, { token: tokens.secadmin, body: { role: 'leader' } });
    await call(api(), 'POST', `/admin/people/${person.body.person.id}/disable`, { token: tokens.secadmin });
    const channel = await call(api(), 'POST', '/deliveries/channels', {
      token: tokens.sysadmin,
      body: { personId: person.body.person.id, type: 'email', target: `aud-${tag}@example.test`, kinds: ['*'] },
    });
    expect(channel.status).toBe(201);
    const secadminId = (await call(api(), 'GET', '/auth/me', { token: tokens.secadmin })).body.id;

    const rows: Array<Record<string, any>> = [];
    let afterSeq = '0';
    for (;;) {
      const page = await call(api(), 'GET', `/admin/audit?afterSeq=${afterSeq}&limit=1000`, { token: tokens.auditadmin });
      expect(page.status).toBe(200);
      rows.push(...page.body);
      if (page.body.length < 1000) break;
      afterSeq = page.body.at(-1).seq;
    }
    const about = rows.filter((r) => r.entityId === person.body.person.id);
    expect(about.map((r) => r.action)).toEqual(expect.arrayContaining(['person.created', 'person.updated', 'person.disabled']));
    const updated = about.find((r) => r.action === 'person.updated') as Record<string, any>;
    expect(updated).toMatchObject({
      actor: secadminId,
      address: expect.stringMatching(/127\.0\.0\.1/),
      before: { role: 'reporter' },
      after: { role: 'leader' },
    });
    expect(updated.hash).toMatch(/^[0-9a-f]{64}$/);
    const channelRow = rows.find((r) => r.action === 'channel.created' && r.entityId === channel.body.id);
    expect(channelRow).toMatchObject({ after: { type: 'email', personId: person.body.person.id } });
  });
});
