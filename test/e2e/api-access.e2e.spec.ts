import { randomUUID } from 'node:crypto';
import { testEnvironment } from '../support/env';
import { signIn } from '../support/http';

interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

const seen: Array<{ request: string; status: number }> = [];

/** Every request of this file goes through here, so afterAll can assert none produced a 500. */
async function call<T = any>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const res = await fetch(`${testEnvironment().apiUrl}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined || options.raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  seen.push({ request: `${method} ${path}`, status: res.status });
  return { status: res.status, body: body as T, headers: res.headers };
}

type Role = 'reporter' | 'unit-head' | 'supervisor' | 'leader' | 'system-admin' | 'security-admin' | 'audit-admin';
const ROLES: Role[] = ['reporter', 'unit-head', 'supervisor', 'leader', 'system-admin', 'security-admin', 'audit-admin'];
const USERS: Record<Role, string> = {
  reporter: 'gxw-reporter',
  'unit-head': 'gxw-head',
  supervisor: 'supervisor',
  leader: 'leader',
  'system-admin': 'sysadmin',
  'security-admin': 'secadmin',
  'audit-admin': 'auditadmin',
};
const ALL = ROLES;
/** The roles that take part in supervision; administrators read no supervision records (issue 12: 三员分立). */
const SUPERVISION: Role[] = ['reporter', 'unit-head', 'supervisor', 'leader'];

const X = randomUUID();
const validReport = { periodKey: '2026Q4', narrative: '进展顺利。', indicatorValues: [] };

/**
 * Each role against each endpoint of the API issue 5 added. Calls use unknown ids or invalid bodies, so a role that
 * may call the endpoint gets 400/404 (never 401/403) and nothing changes; a role that may not gets 403; nobody
 * signed in gets 401.
 */
const MATRIX: Array<{ method: string; path: string; body?: unknown; headers?: Record<string, string>; allowed: Role[] }> = [
  { method: 'GET', path: '/auth/me', allowed: ALL },
  { method: 'GET', path: `/items/${X}`, allowed: SUPERVISION },
  { method: 'GET', path: `/items/${X}/state`, allowed: SUPERVISION },
  { method: 'GET', path: `/items/${X}/audit`, allowed: ['supervisor', 'leader'] },
  { method: 'GET', path: '/me/periods', allowed: ['reporter', 'unit-head'] },
  { method: 'GET', path: '/me/history', allowed: ['reporter', 'unit-head'] },
  { method: 'GET', path: `/items/${X}/progress`, allowed: SUPERVISION },
  { method: 'GET', path: `/items/${X}/reports`, allowed: SUPERVISION },
  { method: 'POST', path: `/reports/${X}/attachments/carry`, body: { attachmentIds: [X] }, allowed: ['reporter'] },
  { method: 'POST', path: `/items/${X}/reports`, body: validReport, allowed: ['reporter'] },
  { method: 'GET', path: `/reports/${X}`, allowed: SUPERVISION },
  { method: 'POST', path: `/reports/${X}/review`, body: { decision: 'approve' }, allowed: ['supervisor'] },
  { method: 'GET', path: '/queue', allowed: ['supervisor', 'leader'] },
  { method: 'POST', path: `/reports/${X}/claim`, allowed: ['supervisor'] },
  { method: 'DELETE', path: `/reports/${X}/claim`, allowed: ['supervisor'] },
  { method: 'POST', path: '/queue/approve', body: { reportIds: [] }, allowed: ['supervisor'] },
  { method: 'POST', path: `/reports/${X}/attachments`, body: {}, allowed: ['reporter'] },
  { method: 'GET', path: `/reports/${X}/attachments`, allowed: SUPERVISION },
  { method: 'GET', path: `/attachments/${X}`, allowed: SUPERVISION },
  { method: 'GET', path: '/inbox', allowed: ALL },
  { method: 'GET', path: '/inbox/unread-count', allowed: ALL },
  { method: 'POST', path: `/inbox/${X}/read`, allowed: ALL },
  { method: 'GET', path: `/dashboard/plans/${X}`, allowed: ['supervisor', 'leader'] },
  // A unit's own people may see its dashboard; the unknown unit is not theirs, hence 403 for them too.
  { method: 'GET', path: `/plans/${X}/register`, allowed: ['supervisor', 'leader'] },
  { method: 'GET', path: `/admin/units/${X}`, allowed: ['system-admin'] },
  { method: 'POST', path: `/admin/units/${X}/rename`, body: {}, allowed: ['system-admin'] },
  { method: 'POST', path: `/admin/units/${X}/merge`, body: {}, allowed: ['system-admin'] },
  { method: 'POST', path: `/admin/units/${X}/retire`, body: {}, allowed: ['system-admin'] },
  { method: 'PUT', path: `/admin/units/${X}/members`, body: {}, allowed: ['system-admin'] },
  { method: 'GET', path: `/plans/${X}/review`, allowed: ['supervisor'] },
  { method: 'GET', path: `/plans/${X}/heads`, allowed: ['supervisor', 'leader'] },
  { method: 'PUT', path: `/plans/${X}/heads`, body: { personIds: [] }, allowed: ['supervisor'] },
  { method: 'GET', path: `/admin/people/${X}/in-charge`, allowed: ['system-admin'] },
  { method: 'PUT', path: `/admin/people/${X}/in-charge`, body: { unitIds: [] }, allowed: ['system-admin'] },
  { method: 'PUT', path: `/plans/${X}/items/${X}/groups/${X}/members`, body: { memberIds: [] }, allowed: ['supervisor'] },
  // Issue 11: every other route of the OpenAPI document, so that the test below can insist on one row per route.
  { method: 'GET', path: '/plans', allowed: SUPERVISION },
  { method: 'GET', path: `/plans/${X}`, allowed: SUPERVISION },
  { method: 'GET', path: `/plans/${X}/items`, allowed: SUPERVISION },
  { method: 'GET', path: `/plans/${X}/source`, allowed: SUPERVISION },
  { method: 'GET', path: `/plans/${X}/export.yaml`, allowed: SUPERVISION },
  { method: 'POST', path: '/plans/import', body: {}, allowed: ['supervisor'] },
  { method: 'POST', path: '/plans/upload', body: {}, allowed: ['supervisor'] },
  { method: 'PATCH', path: `/plans/${X}/items/${X}`, body: {}, allowed: ['supervisor'] },
  { method: 'PUT', path: `/plans/${X}/policy`, body: {}, allowed: ['supervisor', 'system-admin'] },
  { method: 'POST', path: `/plans/${X}/activate`, body: {}, allowed: ['supervisor'] },
  { method: 'GET', path: `/items/${X}/periods`, allowed: SUPERVISION },
  { method: 'GET', path: `/items/${X}/notifications`, allowed: SUPERVISION },
  { method: 'GET', path: `/items/${X}/schedule`, allowed: SUPERVISION },
  { method: 'GET', path: `/items/${X}/extensions`, allowed: SUPERVISION },
  { method: 'POST', path: `/items/${X}/extensions`, body: {}, allowed: ['reporter', 'unit-head'] },
  { method: 'GET', path: `/items/${X}/closures`, allowed: SUPERVISION },
  { method: 'POST', path: `/items/${X}/closure`, body: {}, allowed: ['reporter', 'unit-head'] },
  { method: 'POST', path: `/items/${X}/contributions`, body: {}, allowed: ['reporter', 'unit-head'] },
  { method: 'PUT', path: `/items/${X}/key-item`, body: {}, allowed: ['supervisor'] },
  { method: 'PUT', path: `/items/${X}/policy`, body: {}, allowed: ['supervisor', 'system-admin'] },
  { method: 'GET', path: `/items/${X}/escalations`, allowed: SUPERVISION },
  { method: 'POST', path: `/extensions/${X}/approve`, body: {}, allowed: ['supervisor'] },
  { method: 'POST', path: `/extensions/${X}/reject`, body: {}, allowed: ['supervisor'] },
  { method: 'POST', path: `/closures/${X}/approve`, body: {}, allowed: ['supervisor'] },
  { method: 'POST', path: `/closures/${X}/reject`, body: {}, allowed: ['supervisor'] },
  { method: 'POST', path: `/closures/${X}/leader`, body: {}, allowed: ['leader'] },
  { method: 'GET', path: `/reports/${X}/contributions`, allowed: SUPERVISION },
  { method: 'GET', path: `/escalations/${X}/notices`, allowed: SUPERVISION },
  { method: 'POST', path: `/escalations/${X}/acknowledge`, body: {}, allowed: SUPERVISION },
  { method: 'GET', path: '/requests/pending', allowed: ['supervisor', 'leader'] },
  { method: 'GET', path: `/units/${X}/schedule`, allowed: SUPERVISION },
  { method: 'GET', path: `/units/${X}/calendar.ics`, allowed: SUPERVISION },
  // A bad Idempotency-Key makes whoever is let through stop at 400: marking the seed people's inbox read would change other suites' data.
  { method: 'POST', path: '/inbox/read-all', headers: { 'idempotency-key': 'x'.repeat(201) }, allowed: ALL },
  { method: 'GET', path: '/deliveries', allowed: ['supervisor', 'system-admin'] },
  { method: 'GET', path: '/deliveries/channels', allowed: ['system-admin'] },
  { method: 'POST', path: '/deliveries/channels', body: {}, allowed: ['system-admin'] },
  { method: 'PATCH', path: `/deliveries/channels/${X}`, body: {}, allowed: ['system-admin'] },
  { method: 'DELETE', path: `/deliveries/channels/${X}`, allowed: ['system-admin'] },
  { method: 'PUT', path: `/deliveries/units/${X}/digest`, body: {}, allowed: ['system-admin'] },
  { method: 'GET', path: `/dashboard/units/${X}`, allowed: ['supervisor', 'leader'] },
  { method: 'GET', path: `/bulletins/plans/${X}/periods/2026Q4`, allowed: ['supervisor', 'leader'] },
  { method: 'GET', path: '/metrics', allowed: ['system-admin'] },
  // 三员分立 (issue 12): units and service tokens are the system administrator's, people and sessions the security
  // administrator's, the audit trail the audit administrator's; none of them reads supervision records.
  { method: 'GET', path: '/admin/units', allowed: ['system-admin'] },
  { method: 'POST', path: '/admin/units', body: {}, allowed: ['system-admin'] },
  { method: 'PATCH', path: `/admin/units/${X}`, body: {}, allowed: ['system-admin'] },
  { method: 'GET', path: '/admin/people', allowed: ['security-admin'] },
  { method: 'POST', path: '/admin/people', body: {}, allowed: ['security-admin'] },
  { method: 'PATCH', path: `/admin/people/${X}`, body: {}, allowed: ['security-admin'] },
  { method: 'POST', path: `/admin/people/${X}/disable`, allowed: ['security-admin'] },
  { method: 'POST', path: `/admin/people/${X}/enable`, allowed: ['security-admin'] },
  { method: 'POST', path: `/admin/people/${X}/password-reset`, allowed: ['security-admin'] },
  { method: 'GET', path: `/admin/people/${X}/sessions`, allowed: ['security-admin'] },
  { method: 'POST', path: `/admin/people/${X}/sign-out`, allowed: ['security-admin'] },
  { method: 'GET', path: '/admin/api-tokens', allowed: ['system-admin'] },
  { method: 'POST', path: '/admin/api-tokens', body: {}, allowed: ['system-admin'] },
  { method: 'DELETE', path: `/admin/api-tokens/${X}`, allowed: ['system-admin'] },
  { method: 'GET', path: '/admin/audit?limit=1', allowed: ['audit-admin'] },
  { method: 'GET', path: '/admin/audit/verify', allowed: ['audit-admin'] },
  // Sessions of one's own (issue 12): an empty body is refused with 400 for everyone signed in. Sign-out and
  // sign-out-everywhere would end the sessions the other suites share: test/security/sessions.e2e.spec.ts covers them.
  { method: 'POST', path: '/auth/password', body: {}, allowed: ALL },
];

/** Routes anyone may call without signing in; every other route of the OpenAPI document needs a row above. */
const PUBLIC_ROUTES = ['POST /auth/sign-in', 'POST /auth/refresh', 'GET /health'];
/** Routes checked in a suite of their own, because calling them here would end the sessions the other suites share:
 * test/security/sessions.e2e.spec.ts signs out with an access token, a refresh token and the cookie, and everywhere. */
const COVERED_ELSEWHERE = ['POST /auth/sign-out', 'POST /auth/sign-out-everywhere'];

describe('API access: roles, bad input, unknown ids, machine clients, operations', () => {
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    for (const role of ROLES) tokens[role] = await signIn(USERS[role]);
  });

  afterAll(() => {
    expect(seen.filter((s) => s.status >= 500)).toEqual([]);
  });

  it('answers each role on each endpoint as the authorisation matrix says', async () => {
    const answers: string[] = [];
    const expected: string[] = [];
    for (const row of MATRIX) {
      const anonymous = await call(row.method, row.path, { body: row.body, headers: row.headers });
      answers.push(`${row.method} ${row.path} anonymous ${anonymous.status === 401 ? 'refused' : anonymous.status}`);
      expected.push(`${row.method} ${row.path} anonymous refused`);
      for (const role of ROLES) {
        const res = await call(row.method, row.path, { token: tokens[role], body: row.body, headers: row.headers });
        const verdict = res.status === 403 ? 'forbidden' : res.status === 401 ? 'unauthenticated' : res.status < 500 ? 'let through' : `failed ${res.status}`;
        answers.push(`${row.method} ${row.path} ${role} ${verdict}`);
        expected.push(`${row.method} ${row.path} ${role} ${row.allowed.includes(role) ? 'let through' : 'forbidden'}`);
      }
    }
    expect(answers).toEqual(expected);
  });

  it('has a row for every route of the OpenAPI document, so a new route cannot go unchecked', async () => {
    const doc = await call<{ paths: Record<string, Record<string, unknown>> }>('GET', '/docs/openapi.json');
    const template = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
    const documented = Object.entries(doc.body.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${template(path)}`),
    );
    const covered = new Set([
      ...MATRIX.map((row) => `${row.method} ${row.path.split('?')[0].replaceAll(X, '{}').replace('/periods/2026Q4', '/periods/{}')}`),
      ...PUBLIC_ROUTES,
      ...COVERED_ELSEWHERE,
    ]);
    expect(documented.filter((route) => !covered.has(route))).toEqual([]);
    expect(documented.length).toBeGreaterThan(80);
  });

  it('refuses malformed bodies, queries and path parameters with 400 naming the field', async () => {
    const cases: Array<{ role: Role; method: string; path: string; body?: unknown; field: string }> = [
      { role: 'reporter', method: 'POST', path: `/items/${X}/reports`, body: { ...validReport, periodKey: '2026Q5' }, field: 'periodKey' },
      { role: 'reporter', method: 'POST', path: `/items/${X}/reports`, body: { periodKey: '2026Q4', indicatorValues: [] }, field: 'narrative' },
      {
        role: 'reporter',
        method: 'POST',
        path: `/items/${X}/reports`,
        body: { ...validReport, indicatorValues: [{ indicator: '', value: 1 }] },
        field: 'indicatorValues.0.indicator',
      },
      { role: 'reporter', method: 'POST', path: `/items/${X}/reports`, body: { ...validReport, sneaky: true }, field: 'sneaky' },
      { role: 'supervisor', method: 'POST', path: `/reports/${X}/review`, body: { decision: 'maybe' }, field: 'decision' },
      { role: 'supervisor', method: 'POST', path: `/reports/${X}/review`, body: { decision: 'return', comment: 5 }, field: 'comment' },
      { role: 'supervisor', method: 'POST', path: '/queue/approve', body: { reportIds: [] }, field: 'reportIds' },
      { role: 'supervisor', method: 'POST', path: '/queue/approve', body: { reportIds: ['not-a-uuid'] }, field: 'reportIds' },
      { role: 'supervisor', method: 'GET', path: '/queue?limit=0', field: 'limit' },
      { role: 'supervisor', method: 'GET', path: '/queue?keyItem=maybe', field: 'keyItem' },
      { role: 'supervisor', method: 'GET', path: '/queue?colour=blue', field: 'colour' },
      { role: 'supervisor', method: 'GET', path: '/queue?planId=P2017', field: 'planId' },
      { role: 'supervisor', method: 'GET', path: '/queue?cursor=abc', field: 'cursor' },
      { role: 'supervisor', method: 'GET', path: '/queue?page=2', field: 'page' },
      { role: 'reporter', method: 'GET', path: '/inbox?cursor=yesterday', field: 'cursor' },
      { role: 'reporter', method: 'GET', path: '/inbox?unread=perhaps', field: 'unread' },
      { role: 'reporter', method: 'POST', path: `/reports/${X}/attachments`, body: {}, field: 'file' },
      { role: 'supervisor', method: 'GET', path: `/bulletins/plans/${X}/periods/2026Q4?format=pdf`, field: 'format' },
      { role: 'supervisor', method: 'GET', path: `/bulletins/plans/${X}/periods/Q4-2026`, field: 'periodKey' },
      { role: 'supervisor', method: 'GET', path: '/items/T09/audit', field: 'itemId' },
      { role: 'supervisor', method: 'POST', path: '/reports/42/claim', field: 'reportId' },
      { role: 'reporter', method: 'POST', path: '/inbox/first/read', field: 'notificationId' },
      { role: 'system-admin', method: 'POST', path: '/admin/units', body: { name: '' }, field: 'name' },
      { role: 'system-admin', method: 'POST', path: '/admin/units', body: { name: '新单位', kind: 'club' }, field: 'kind' },
      { role: 'system-admin', method: 'PATCH', path: `/admin/units/${X}`, body: { kind: null }, field: 'kind' },
      { role: 'system-admin', method: 'PATCH', path: `/admin/units/${X}`, body: { needsReview: 'no' }, field: 'needsReview' },
      {
        role: 'security-admin',
        method: 'POST',
        path: '/admin/people',
        body: { username: 'Has Space', displayName: '某人', role: 'reporter' },
        field: 'username',
      },
      { role: 'security-admin', method: 'POST', path: '/admin/people', body: { username: 'someone', displayName: '某人', role: 'king' }, field: 'role' },
      { role: 'security-admin', method: 'PATCH', path: `/admin/people/${X}`, body: { displayName: null }, field: 'displayName' },
      { role: 'security-admin', method: 'PATCH', path: `/admin/people/${X}`, body: { unitId: 'unit-1' }, field: 'unitId' },
      {
        role: 'system-admin',
        method: 'POST',
        path: '/admin/api-tokens',
        body: { personId: 'me', name: 'x', expiresInDays: 1, scopes: ['read'] },
        field: 'personId',
      },
      {
        role: 'system-admin',
        method: 'POST',
        path: '/admin/api-tokens',
        body: { personId: X, name: 'x', expiresInDays: 0, scopes: ['read'] },
        field: 'expiresInDays',
      },
      { role: 'system-admin', method: 'POST', path: '/admin/api-tokens', body: { personId: X, name: 'x', scopes: ['read'] }, field: 'expiresInDays' },
      {
        role: 'system-admin',
        method: 'POST',
        path: '/admin/api-tokens',
        body: { personId: X, name: 'x', expiresInDays: 1, scopes: ['root'] },
        field: 'scopes',
      },
      { role: 'audit-admin', method: 'GET', path: '/admin/audit?afterSeq=first', field: 'afterSeq' },
      { role: 'reporter', method: 'POST', path: '/auth/password', body: { currentPassword: 'x' }, field: 'newPassword' },
    ];
    const answers = [];
    for (const c of cases) {
      const res = await call(c.method, c.path, { token: tokens[c.role], body: c.body });
      answers.push({
        request: `${c.method} ${c.path}`,
        status: res.status,
        namesField: typeof res.body?.message === 'string' && res.body.message.includes(c.field),
      });
    }
    expect(answers).toEqual(cases.map((c) => ({ request: `${c.method} ${c.path}`, status: 400, namesField: true })));

    const notJson = await call('POST', `/items/${X}/reports`, { token: tokens.reporter, raw: '{"periodKey": ' });
    expect(notJson.status).toBe(400);
    const tooLarge = await call('POST', `/items/${X}/reports`, {
      token: tokens.reporter,
      raw: JSON.stringify({ ...validReport, narrative: 'x'.repeat(7 * 1024 * 1024) }),
    });
    expect(tooLarge.status).toBe(413);
    const badKey = await call('POST', `/reports/${X}/claim`, { token: tokens.supervisor, headers: { 'idempotency-key': 'x'.repeat(201) } });
    expect(badKey.status).toBe(400);
    expect(badKey.body.message).toContain('Idempotency-Key');
  });

  it('answers unknown ids with 404', async () => {
    const cases: Array<[Role, string, string, unknown?]> = [
      ['supervisor', 'GET', `/items/${X}`],
      ['supervisor', 'GET', `/items/${X}/audit`],
      ['supervisor', 'GET', `/reports/${X}`],
      ['supervisor', 'POST', `/reports/${X}/claim`],
      ['supervisor', 'DELETE', `/reports/${X}/claim`],
      ['supervisor', 'POST', `/reports/${X}/review`, { decision: 'approve' }],
      ['reporter', 'POST', `/items/${X}/reports`, validReport],
      ['reporter', 'GET', `/reports/${X}/attachments`],
      ['reporter', 'GET', `/attachments/${X}`],
      ['reporter', 'POST', `/inbox/${X}/read`],
      ['leader', 'GET', `/dashboard/plans/${X}`],
      ['leader', 'GET', `/dashboard/units/${X}`],
      ['leader', 'GET', `/bulletins/plans/${X}/periods/2026Q4`],
      ['system-admin', 'PATCH', `/admin/units/${X}`, { fullName: '某单位' }],
      ['security-admin', 'PATCH', `/admin/people/${X}`, { displayName: '某人' }],
      ['system-admin', 'POST', '/admin/api-tokens', { personId: X, name: 'ghost', expiresInDays: 1, scopes: ['read'] }],
      ['system-admin', 'DELETE', `/admin/api-tokens/${X}`],
      ['security-admin', 'POST', '/admin/people', { username: `nobody-${X.slice(0, 6)}`, displayName: '某人', role: 'reporter', unitId: X }],
      ['security-admin', 'POST', `/admin/people/${X}/disable`],
      ['security-admin', 'POST', `/admin/people/${X}/password-reset`],
      ['security-admin', 'POST', `/admin/people/${X}/sign-out`],
    ];
    const answers = [];
    for (const [role, method, path, body] of cases) answers.push(`${method} ${path} ${(await call(method, path, { token: tokens[role], body })).status}`);
    expect(answers).toEqual(cases.map(([, method, path]) => `${method} ${path} 404`));
  });

  it('lets the system administrator manage units and the security administrator people, refusing duplicates with 409', async () => {
    const name = `测试单位${X.slice(0, 6)}`;
    const unit = await call('POST', '/admin/units', { token: tokens['system-admin'], body: { name, kind: 'department' } });
    expect(unit.status).toBe(201);
    expect((await call('POST', '/admin/units', { token: tokens['system-admin'], body: { name } })).status).toBe(409);
    const renamed = await call('PATCH', `/admin/units/${unit.body.id}`, { token: tokens['system-admin'], body: { fullName: `${name}（全称）` } });
    expect(renamed.body).toMatchObject({ id: unit.body.id, fullName: `${name}（全称）` });

    const username = `clerk-${X.slice(0, 6)}`;
    const person = await call('POST', '/admin/people', {
      token: tokens['security-admin'],
      body: { username, displayName: '填报员', role: 'reporter', unitId: unit.body.id },
    });
    expect(person.status).toBe(201);
    expect(person.body.person).not.toHaveProperty('passwordHash');
    expect((await call('POST', '/admin/people', { token: tokens['security-admin'], body: { username, displayName: '重复', role: 'reporter' } })).status).toBe(
      409,
    );
    const promoted = await call('PATCH', `/admin/people/${person.body.person.id}`, { token: tokens['security-admin'], body: { role: 'unit-head' } });
    expect(promoted.body).toMatchObject({ role: 'unit-head', unitId: unit.body.id });
    const signedIn = await call('POST', '/auth/sign-in', { body: { username, password: person.body.initialPassword } });
    expect(signedIn.status).toBe(200);
    const listed = await call('GET', '/admin/people', { token: tokens['security-admin'] });
    expect(JSON.stringify(listed.body)).not.toContain('passwordHash');
  });

  it('authenticates machine clients with API tokens, stored hashed, until revoked', async () => {
    const adminId = (await call('GET', '/auth/me', { token: tokens['system-admin'] })).body.id as string;
    const issued = await call('POST', '/admin/api-tokens', {
      token: tokens['system-admin'],
      body: { personId: adminId, name: 'prometheus', expiresInDays: 30, scopes: ['metrics'] },
    });
    expect(issued.status).toBe(201);
    const token: string = issued.body.token;
    expect(token).toMatch(/^dbn_/);
    const listed = await call('GET', '/admin/api-tokens', { token: tokens['system-admin'] });
    expect(JSON.stringify(listed.body)).not.toContain(token.slice(4));

    const metrics = await call('GET', '/metrics', { token });
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(metrics.body).toContain('duban_http_requests_total{method="GET",route="/auth/me"');
    expect(metrics.body).toContain('duban_http_request_duration_seconds_bucket');

    // The metrics scope reads the metrics and nothing else.
    expect((await call('GET', '/admin/units', { token })).status).toBe(403);
    expect((await call('DELETE', `/admin/api-tokens/${issued.body.id}`, { token: tokens['system-admin'] })).status).toBe(200);
    expect((await call('GET', '/metrics', { token })).status).toBe(401);
    expect((await call('GET', '/metrics', { token: 'dbn_guessed' })).status).toBe(401);
  });

  it('locks a username after SIGN_IN_ACCOUNT_FAILURES failed attempts (5 by default)', async () => {
    const username = `guess-${X.slice(0, 6)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await call('POST', '/auth/sign-in', { body: { username, password: `wrong-${i}` } })).status);
    expect(statuses.slice(0, 5)).toEqual(Array(5).fill(401));
    expect(statuses[5]).toBe(429);
  });

  it('replays a POST with the same Idempotency-Key and refuses the key with another body', async () => {
    const key = `unit-${X}`;
    const body = { name: `幂等单位${X.slice(0, 6)}` };
    const first = await call('POST', '/admin/units', { token: tokens['system-admin'], body, headers: { 'idempotency-key': key } });
    const again = await call('POST', '/admin/units', { token: tokens['system-admin'], body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await call('POST', '/admin/units', {
      token: tokens['system-admin'],
      body: { name: `另一个${X.slice(0, 6)}` },
      headers: { 'idempotency-key': key },
    });
    expect(other.status).toBe(422);
    // A request that failed changed nothing and is not kept: the same key may be retried once the body is right.
    const failed = await call('POST', '/admin/units', { token: tokens['system-admin'], body: { name: '' }, headers: { 'idempotency-key': `retry-${X}` } });
    expect(failed.status).toBe(400);
    const fixed = await call('POST', '/admin/units', {
      token: tokens['system-admin'],
      body: { name: `重试单位${X.slice(0, 6)}` },
      headers: { 'idempotency-key': `retry-${X}` },
    });
    expect(fixed.status).toBe(201);
  });

  it('documents the API at /docs/openapi.json, reports health with the worker polling, and echoes request ids', async () => {
    const doc = await call('GET', '/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/queue',
        '/queue/approve',
        '/reports/{reportId}/claim',
        '/inbox',
        '/inbox/unread-count',
        '/dashboard/plans/{planId}',
        '/bulletins/plans/{planId}/periods/{periodKey}',
        '/items/{itemId}/audit',
        '/admin/api-tokens',
        '/metrics',
      ]),
    );
    const health = await call('GET', '/health');
    expect(health.body).toEqual({ status: 'ok', postgres: 'up', temporal: 'up', worker: 'polling' });
    const traced = await call('GET', '/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(traced.headers.get('x-request-id')).toBe('trace-123');
    expect((await call('GET', '/health')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
