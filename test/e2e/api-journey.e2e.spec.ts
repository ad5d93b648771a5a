import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { addCalendarDays, periodBounds, periodKeyFor } from '@duban/calendar';
import { Client } from 'pg';
import { testEnvironment } from '../support/env';
import { eventually, signIn } from '../support/http';

const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
/**
 * The journey runs in a quarter two back, already overdue: the items escalate at once (so the dashboard and the bulletin
 * have an escalation to show), and no period of the current quarter is made, which the first slice counts.
 */
const quarter = periodKeyFor(addCalendarDays(periodBounds(periodKeyFor(today, 'quarterly')).start, -100), 'quarterly');
const tag = randomUUID().slice(0, 8);

interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
  bytes: Buffer;
}

const seen: Array<{ request: string; status: number }> = [];

/** Every request of this file goes through here, so afterAll can assert none produced a 500. */
async function call<T = any>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; form?: FormData } = {},
): Promise<Answer<T>> {
  const res = await fetch(`${testEnvironment().apiUrl}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  let body: unknown = bytes.toString('utf8');
  try {
    body = JSON.parse(body as string);
  } catch {
    // not JSON
  }
  seen.push({ request: `${method} ${path}`, status: res.status });
  return { status: res.status, body: body as T, headers: res.headers, bytes };
}

function planYaml(): string {
  return [
    'plan:',
    `  title: 接口验收测试方案${tag}`,
    `  docNumber: 测试〔2026〕${tag}号`,
    'items:',
    '  - code: T01',
    '    section: task',
    '    title: 建设工业互联网标识解析节点',
    '    leadUnits: [市工业和信息化委]',
    '    coUnits: [市发展改革委]',
    '    targets:',
    '      - { indicator: 标识解析节点, value: 10, unit: 个, year: 2026 }',
    '  - code: T02',
    '    section: task',
    '    title: 培育智能制造示范企业',
    '    leadUnits: [市工业和信息化委]',
    '    targets:',
    '      - { indicator: 示范企业, min: 20, unit: 家, year: 2026 }',
    '  - code: T03',
    '    section: task',
    '    title: 完善重大项目储备库',
    '    leadUnits: [市发展改革委]',
  ].join('\n');
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

function fileForm(content: Buffer, type: string, name: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([content], { type }), name);
  return form;
}

/**
 * The journey of issue 5 over HTTP on the real services: a lead-unit reporter submits (twice, concurrently, with one
 * Idempotency-Key), another unit is refused, a supervisor claims and returns while a second supervisor is kept out,
 * the reporter resubmits, the supervisor approves; the dashboard, the bulletin and the audit trail reflect it.
 */
describe('API journey: submit, claim, return, resubmit, approve, and what the office sees', () => {
  let db: Client;
  let supervisor: string;
  let otherSupervisor: string;
  let leader: string;
  let admin: string;
  let reporter: string;
  let otherReporter: string;
  let reporterId: string;
  let supervisorId: string;
  let otherSupervisorId: string;
  let planId: string;
  let t01: string;
  let t02: string;
  let t03: string;
  let gxwUnitId: string;
  let fgwUnitId: string;
  let firstReportId: string;
  let secondReportId: string;
  let t02ReportId: string;

  const report = (value: number) => ({
    periodKey: quarter,
    narrative: `已建成标识解析节点${value}个。`,
    indicatorValues: [{ indicator: '标识解析节点', value, unit: '个' }],
    problems: '用地审批较慢',
    nextSteps: '加快二期建设',
  });

  beforeAll(async () => {
    db = new Client({ connectionString: testEnvironment().databaseUrl });
    await db.connect();
    [supervisor, leader, admin, reporter, otherReporter] = await Promise.all([
      signIn('supervisor'),
      signIn('leader'),
      signIn('secadmin'),
      signIn('gxw-reporter'),
      signIn('fgw-reporter'),
    ]);
    reporterId = (await call('GET', '/auth/me', { token: reporter })).body.id;
    supervisorId = (await call('GET', '/auth/me', { token: supervisor })).body.id;
    gxwUnitId = (await call('GET', '/auth/me', { token: reporter })).body.unitId;
    fgwUnitId = (await call('GET', '/auth/me', { token: otherReporter })).body.unitId;

    // A second supervisor, made by the admin, to contend for claims.
    const created = await call('POST', '/admin/people', { token: admin, body: { username: `sup-${tag}`, displayName: '第二督查员', role: 'supervisor' } });
    expect(created.status).toBe(201);
    const signedIn = await call('POST', '/auth/sign-in', { body: { username: `sup-${tag}`, password: created.body.initialPassword } });
    expect(signedIn.status).toBe(200);
    otherSupervisor = signedIn.body.accessToken;
    otherSupervisorId = created.body.person.id;

    const imported = await call('POST', '/plans/import', { token: supervisor, body: { fileName: `journey-${tag}.yaml`, content: planYaml() } });
    expect(imported.status).toBe(201);
    planId = imported.body.planId;
    const items = (await call('GET', `/plans/${planId}/items`, { token: supervisor })).body as Array<{ id: string; code: string }>;
    [t01, t02, t03] = ['T01', 'T02', 'T03'].map((code) => (items.find((i) => i.code === code) as { id: string }).id);
    expect((await call('POST', `/plans/${planId}/activate`, { token: supervisor, body: { startOn: periodBounds(quarter).start } })).status).toBe(200);
    await eventually('the three overdue items to escalate to the leader', async () => {
      const states = await Promise.all([t01, t02, t03].map((id) => call('GET', `/items/${id}/state`, { token: supervisor })));
      return states.every((s) => s.body.periodKey === quarter && s.body.escalationLevel === 2);
    });
  });

  afterAll(async () => {
    await db.end();
  });

  afterAll(() => {
    expect(seen.filter((s) => s.status >= 500)).toEqual([]);
  });

  it("shows a reporter their unit's open periods, lead and cooperating", async () => {
    const mine = await call('GET', '/me/periods', { token: reporter });
    expect(mine.status).toBe(200);
    const ours = mine.body.filter((p: { planId: string }) => p.planId === planId);
    expect(ours.map((p: { itemCode: string; unitRole: string }) => `${p.itemCode}:${p.unitRole}`).sort()).toEqual(['T01:lead', 'T02:lead']);
    expect(ours[0]).toMatchObject({ periodKey: quarter, periodState: 'open', overdue: true });

    const theirs = (await call('GET', '/me/periods', { token: otherReporter })).body.filter((p: { planId: string }) => p.planId === planId);
    expect(theirs.map((p: { itemCode: string; unitRole: string }) => `${p.itemCode}:${p.unitRole}`).sort()).toEqual(['T01:co', 'T03:lead']);
  });

  it('refuses a report from a unit that does not lead the item', async () => {
    const refused = await call('POST', `/items/${t01}/reports`, { token: otherReporter, body: report(3) });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('lead unit');
  });

  it('takes the same submission sent twice at once with one Idempotency-Key as one report', async () => {
    const key = `submit-${tag}`;
    const [a, b] = await Promise.all([
      call('POST', `/items/${t01}/reports`, { token: reporter, body: report(3), headers: { 'idempotency-key': key } }),
      call('POST', `/items/${t01}/reports`, { token: reporter, body: report(3), headers: { 'idempotency-key': key } }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body).toEqual(b.body);
    expect([a, b].filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(1);
    firstReportId = a.body.reportId;
    const rows = await db.query('SELECT count(*)::int AS n FROM report WHERE item_id = $1', [t01]);
    expect(rows.rows[0].n).toBe(1);

    const later = await call('POST', `/items/${t01}/reports`, { token: reporter, body: report(3), headers: { 'idempotency-key': key } });
    expect(later.status).toBe(201);
    expect(later.body).toEqual(a.body);

    const otherBody = await call('POST', `/items/${t01}/reports`, { token: reporter, body: report(4), headers: { 'idempotency-key': key } });
    expect(otherBody.status).toBe(422);
  });

  it('takes attachments of the checked types and sizes on the pending report', async () => {
    const added = await call('POST', `/reports/${firstReportId}/attachments`, { token: reporter, form: fileForm(PDF, 'application/pdf', '进展说明.pdf') });
    expect(added.body).toMatchObject({ reportId: firstReportId });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ reportId: firstReportId, fileName: '进展说明.pdf', contentType: 'application/pdf', sizeBytes: PDF.length });

    const downloaded = await call('GET', `/attachments/${added.body.id}`, { token: supervisor });
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get('content-type')).toContain('application/pdf');
    expect(downloaded.bytes.equals(PDF)).toBe(true);

    const disguised = await call('POST', `/reports/${firstReportId}/attachments`, {
      token: reporter,
      form: fileForm(Buffer.from('MZ not a pdf'), 'application/pdf', 'x.pdf'),
    });
    expect(disguised.status).toBe(400);
    expect(disguised.body.message).toContain('file');
    const script = await call('POST', `/reports/${firstReportId}/attachments`, {
      token: reporter,
      form: fileForm(Buffer.from('<script>'), 'text/html', 'x.html'),
    });
    expect(script.status).toBe(400);
    const huge = await call('POST', `/reports/${firstReportId}/attachments`, {
      token: reporter,
      form: fileForm(Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]), 'application/pdf', 'big.pdf'),
    });
    expect(huge.status).toBe(413);
    const missing = await call('POST', `/reports/${firstReportId}/attachments`, { token: reporter, form: new FormData() });
    expect(missing.status).toBe(400);
    const wrongUnit = await call('POST', `/reports/${firstReportId}/attachments`, { token: otherReporter, form: fileForm(PDF, 'application/pdf', 'a.pdf') });
    expect(wrongUnit.status).toBe(403);

    const listed = await call('GET', `/reports/${firstReportId}/attachments`, { token: leader });
    expect(listed.body).toHaveLength(1);

    // A cooperating unit reads the item's report and its files; a unit with no part in the item does not know them (404).
    const outsider = await signIn('kcw-reporter');
    expect((await call('GET', `/attachments/${added.body.id}`, { token: otherReporter })).status).toBe(200);
    expect((await call('GET', `/reports/${firstReportId}`, { token: otherReporter })).status).toBe(200);
    expect((await call('GET', `/attachments/${added.body.id}`, { token: outsider })).status).toBe(404);
    expect((await call('GET', `/reports/${firstReportId}/attachments`, { token: outsider })).status).toBe(404);
    expect((await call('GET', `/reports/${firstReportId}`, { token: outsider })).status).toBe(404);
  });

  it('puts the report in the queue with its waiting time and colour; filters and pages by cursor', async () => {
    const t02Submitted = await call('POST', `/items/${t02}/reports`, {
      token: reporter,
      body: { periodKey: quarter, narrative: '新增示范企业8家。', indicatorValues: [{ indicator: '示范企业', value: 8 }] },
    });
    expect(t02Submitted.status).toBe(201);
    t02ReportId = t02Submitted.body.reportId;

    const queue = await call('GET', `/queue?planId=${planId}`, { token: supervisor });
    expect(queue.status).toBe(200);
    expect(queue.body.map((r: { reportId: string }) => r.reportId)).toEqual([firstReportId, t02ReportId]);
    expect(queue.body[0]).toMatchObject({
      itemCode: 'T01',
      periodKey: quarter,
      unitName: '市工业和信息化委',
      statusColour: expect.stringMatching(/green|yellow|red/),
      keyItem: false,
      claimedBy: null,
    });
    expect(queue.body[0].waitingSeconds).toBeGreaterThanOrEqual(0);

    const first = await call('GET', `/queue?planId=${planId}&limit=1`, { token: supervisor });
    expect(first.body.map((r: { reportId: string }) => r.reportId)).toEqual([firstReportId]);
    const cursor = first.headers.get('x-next-cursor') as string;
    expect(cursor).toBeTruthy();
    const second = await call('GET', `/queue?planId=${planId}&limit=1&cursor=${cursor}`, { token: supervisor });
    expect(second.body.map((r: { reportId: string }) => r.reportId)).toEqual([t02ReportId]);
    expect(second.headers.get('x-next-cursor')).toBeNull();

    expect((await call('GET', `/queue?planId=${planId}&itemId=${t02}`, { token: supervisor })).body).toHaveLength(1);
    expect((await call('GET', `/queue?planId=${planId}&keyItem=true`, { token: supervisor })).body).toHaveLength(0);
    expect((await call('GET', `/queue?planId=${planId}&unitId=${fgwUnitId}`, { token: supervisor })).body).toHaveLength(0);
    expect((await call('GET', `/queue?planId=${planId}&unitId=${gxwUnitId}`, { token: leader })).body).toHaveLength(2);
    expect((await call('GET', `/queue?planId=${planId}&status=approved`, { token: supervisor })).body).toHaveLength(0);
    expect((await call('GET', `/queue?cursor=not-a-cursor`, { token: supervisor })).status).toBe(400);
  });

  it('lets one supervisor claim; the other can neither claim nor review it; the claimer returns it', async () => {
    const claimed = await call('POST', `/reports/${firstReportId}/claim`, { token: supervisor });
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ reportId: firstReportId, claimedBy: supervisorId });
    expect(new Date(claimed.body.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const contested = await call('POST', `/reports/${firstReportId}/claim`, { token: otherSupervisor });
    expect(contested.status).toBe(409);
    expect(contested.body.currentState).toBe('claimed');
    const notTheirs = await call('POST', `/reports/${firstReportId}/review`, { token: otherSupervisor, body: { decision: 'approve' } });
    expect(notTheirs.status).toBe(409);
    expect((await call('DELETE', `/reports/${firstReportId}/claim`, { token: otherSupervisor })).status).toBe(409);

    // A claim expires: once it has, the other supervisor may take the report over, and give it back.
    await db.query("UPDATE report_claim SET expires_at = now() - interval '1 second' WHERE report_id = $1", [firstReportId]);
    const takenOver = await call('POST', `/reports/${firstReportId}/claim`, { token: otherSupervisor });
    expect(takenOver.status).toBe(200);
    expect((await call('POST', `/reports/${firstReportId}/claim`, { token: supervisor })).status).toBe(409);
    expect((await call('DELETE', `/reports/${firstReportId}/claim`, { token: otherSupervisor })).body).toEqual({ reportId: firstReportId, released: true });
    expect((await call('POST', `/reports/${firstReportId}/claim`, { token: supervisor })).status).toBe(200);

    const mine = await call('GET', `/queue?planId=${planId}&claim=mine`, { token: supervisor });
    expect(mine.body.map((r: { reportId: string }) => r.reportId)).toEqual([firstReportId]);
    expect(
      (await call('GET', `/queue?planId=${planId}&claim=unclaimed`, { token: otherSupervisor })).body.map((r: { reportId: string }) => r.reportId),
    ).toEqual([t02ReportId]);

    const noComment = await call('POST', `/reports/${firstReportId}/review`, { token: supervisor, body: { decision: 'return' } });
    expect(noComment.status).toBe(400);
    const returned = await call('POST', `/reports/${firstReportId}/review`, {
      token: supervisor,
      body: { decision: 'return', comment: '请补充二期建设的时间表。' },
    });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ reportId: firstReportId, decision: 'return' });
    expect(returned.body.resubmitDueOn).toMatch(/^\d{4}-\d\d-\d\d$/);

    const noMore = await call('POST', `/reports/${firstReportId}/attachments`, { token: reporter, form: fileForm(PDF, 'application/pdf', 'late.pdf') });
    expect(noMore.status).toBe(409);
  });

  it("tells the reporter in their inbox; unread count and mark read work on the reporter's own notifications only", async () => {
    const returnedNotice = await eventually('the returned-report notification', async () => {
      const inbox = await call('GET', '/inbox?unread=true', { token: reporter });
      return (inbox.body.rows as Array<{ id: string; kind: string; itemId: string }>).find((n) => n.kind === 'report.returned' && n.itemId === t01);
    });
    const before = (await call('GET', '/inbox/unread-count', { token: reporter })).body.unread as number;
    expect(before).toBeGreaterThanOrEqual(1);
    expect((await call('POST', `/inbox/${returnedNotice.id}/read`, { token: otherReporter })).status).toBe(404);
    const read = await call('POST', `/inbox/${returnedNotice.id}/read`, { token: reporter });
    expect(read.status).toBe(200);
    expect(read.body.readAt).toBeTruthy();
    expect((await call('GET', '/inbox/unread-count', { token: reporter })).body.unread).toBe(before - 1);
    const again = await call('POST', `/inbox/${returnedNotice.id}/read`, { token: reporter });
    expect(again.body.readAt).toBe(read.body.readAt);

    const page = await call('GET', '/inbox?limit=1', { token: reporter });
    expect(page.body.rows).toHaveLength(1);
    if (page.body.nextCursor) {
      const next = await call('GET', `/inbox?limit=1&cursor=${page.body.nextCursor}`, { token: reporter });
      expect(next.body.rows[0].id).not.toBe(page.body.rows[0].id);
    }
  });

  it('takes the resubmission, and the supervisor approves it', async () => {
    const resubmitted = await call('POST', `/items/${t01}/reports`, { token: reporter, body: report(5), headers: { 'idempotency-key': `resubmit-${tag}` } });
    expect(resubmitted.status).toBe(201);
    expect(resubmitted.body).toMatchObject({ periodKey: quarter, attempt: 2 });
    secondReportId = resubmitted.body.reportId;

    const approved = await call('POST', `/reports/${secondReportId}/review`, { token: supervisor, body: { decision: 'approve', comment: '同意。' } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ reportId: secondReportId, decision: 'approve' });
    const period = await db.query('SELECT state FROM reporting_period WHERE item_id = $1 AND key = $2', [t01, quarter]);
    expect(period.rows[0].state).toBe('approved');
  });

  it('bulk-approves, reporting each outcome: the pending one is approved, the approved one refused with 409', async () => {
    const bulk = await call('POST', '/queue/approve', {
      token: supervisor,
      body: { reportIds: [t02ReportId, secondReportId] },
      headers: { 'idempotency-key': `bulk-${tag}` },
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body).toMatchObject({ approved: 1, refused: 1 });
    expect(bulk.body.results).toEqual([
      { reportId: t02ReportId, status: 200, outcome: 'approved' },
      expect.objectContaining({ reportId: secondReportId, status: 409, outcome: 'refused' }),
    ]);
    const replay = await call('POST', '/queue/approve', {
      token: supervisor,
      body: { reportIds: [t02ReportId, secondReportId] },
      headers: { 'idempotency-key': `bulk-${tag}` },
    });
    expect(replay.body).toEqual(bulk.body);
    expect((await call('GET', `/queue?planId=${planId}`, { token: supervisor })).body).toEqual([]);
    expect((await call('GET', `/queue?planId=${planId}&status=approved`, { token: supervisor })).body).toHaveLength(2);
  });

  it('shows it on the plan and unit dashboards: colours, on-time rate, overdue, escalations by level, target progress, trend', async () => {
    const dashboard = await eventually('the dashboard to show the open escalation at level 2', async () => {
      const res = await call('GET', `/dashboard/plans/${planId}`, { token: leader });
      return res.status === 200 && res.body.escalationsByLevel.some((e: { level: number }) => e.level === 2) ? res : undefined;
    });
    expect(dashboard.body).toMatchObject({ scope: { kind: 'plan', id: planId }, items: 3, keyItems: 0 });
    const colours = dashboard.body.itemsByColour as Record<string, number>;
    expect(colours.green + colours.yellow + colours.red).toBe(3);
    expect(colours.red).toBeGreaterThanOrEqual(1);
    // Every report of the journey came after its due date.
    expect(dashboard.body.onTimeRate).toBe(0);
    expect(dashboard.body.overdue).toBeGreaterThanOrEqual(1);
    expect(dashboard.body.indicators).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ itemCode: 'T01', indicator: '标识解析节点', goal: 10, latestValue: 5, latestPeriodKey: quarter, progress: 0.5 }),
        expect.objectContaining({ itemCode: 'T02', indicator: '示范企业', goal: 20, latestValue: 8, progress: 0.4 }),
      ]),
    );
    expect(dashboard.body.trend).toEqual(
      expect.arrayContaining([{ periodKey: quarter, periods: 3, due: 3, submitted: 2, onTime: 0, approved: 2, overdue: 1, onTimeRate: 0 }]),
    );

    const unit = await call('GET', `/dashboard/units/${gxwUnitId}`, { token: reporter });
    expect(unit.status).toBe(200);
    expect(unit.body.scope).toMatchObject({ kind: 'unit', name: '市工业和信息化委' });
    expect((await call('GET', `/dashboard/units/${fgwUnitId}`, { token: reporter })).status).toBe(403);
    const fgw = await call('GET', `/dashboard/units/${fgwUnitId}`, { token: otherReporter });
    expect(fgw.body.escalationsByLevel).toEqual([{ level: 2, count: 1 }]);
  });

  it('issues the bulletin for the period as JSON, HTML and .xlsx: late units, the escalated item and its level, target progress', async () => {
    const bulletin = await call('GET', `/bulletins/plans/${planId}/periods/${quarter}`, { token: supervisor });
    expect(bulletin.status).toBe(200);
    expect(bulletin.body).toMatchObject({ periodKey: quarter, due: 3, onTime: 0, late: 3, onTimeUnits: [] });
    expect(
      bulletin.body.lateUnits.map((u: { unitName: string; items: Array<{ itemCode: string }> }) => `${u.unitName}:${u.items.map((i) => i.itemCode).join(',')}`),
    ).toEqual(['市工业和信息化委:T01,T02', '市发展改革委:T03']);
    expect(bulletin.body.escalatedItems).toEqual(
      expect.arrayContaining([expect.objectContaining({ itemCode: 'T03', unitName: '市发展改革委', reason: 'escalation', level: 2 })]),
    );
    expect(bulletin.body.targets).toEqual(expect.arrayContaining([expect.objectContaining({ itemCode: 'T01', latestValue: 5 })]));

    const html = await call('GET', `/bulletins/plans/${planId}/periods/${quarter}?format=html`, { token: leader });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    const page = html.bytes.toString('utf8');
    expect(page).toContain(`${quarter} 督办情况通报`);
    expect(page).toContain('二、逾期报送或未报送的单位');
    expect(page).toContain('已升级至第 3 级');
    expect(page).toContain('市发展改革委');

    const english = await call('GET', `/bulletins/plans/${planId}/periods/${quarter}?format=html&locale=en`, { token: leader });
    expect(english.bytes.toString('utf8')).toContain('supervision bulletin');

    const xlsx = await call('GET', `/bulletins/plans/${planId}/periods/${quarter}?format=xlsx`, { token: supervisor });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('通报');
    expect(String(sheet?.getCell('A1').value)).toContain('督办情况通报');
    const cells: string[] = [];
    sheet?.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
    expect(cells).toEqual(expect.arrayContaining(['市工业和信息化委', '市发展改革委', 'T03', '已升级至第 3 级', '标识解析节点']));

    expect((await call('GET', `/bulletins/plans/${planId}/periods/1999Q1`, { token: supervisor })).status).toBe(404);
    expect((await call('GET', `/bulletins/plans/${planId}/periods/next-quarter`, { token: supervisor })).status).toBe(400);
  });

  it('keeps every step in the audit trail with actor and before/after, and no endpoint changes it', async () => {
    const trail = await call('GET', `/items/${t01}/audit`, { token: leader });
    expect(trail.status).toBe(200);
    const steps = (trail.body as Array<{ action: string; actor: string; before: unknown; after: unknown }>).map(
      (e) => `${e.action}:${e.actor === reporterId ? 'reporter' : e.actor === supervisorId ? 'supervisor' : e.actor}`,
    );
    expect(steps).toEqual(
      expect.arrayContaining([
        'period.open:system',
        'report.submitted:reporter',
        'attachment.added:reporter',
        'report.claimed:supervisor',
        'report.released:' + otherSupervisorId,
        'report.returned:supervisor',
        'report.approved:supervisor',
      ]),
    );
    expect(steps.filter((s) => s === 'report.submitted:reporter')).toHaveLength(2);
    const order = ['report.submitted:reporter', 'report.claimed:supervisor', 'report.returned:supervisor', 'report.approved:supervisor'].map((s) =>
      steps.indexOf(s),
    );
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const returned = (trail.body as Array<{ action: string; before: Record<string, unknown>; after: Record<string, unknown> }>).find(
      (e) => e.action === 'report.returned',
    );
    expect(returned?.before).toMatchObject({ status: 'pending' });
    expect(returned?.after).toMatchObject({ status: 'returned', comment: '请补充二期建设的时间表。' });

    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) expect((await call(method, `/items/${t01}/audit`, { token: admin })).status).toBe(404);
    expect((await call('GET', `/items/${t01}/audit`, { token: reporter })).status).toBe(403);
  });
});
