import { randomBytes } from 'node:crypto';
import { WorkingDayCalendar, addCalendarDays, periodBounds, periodKeyFor } from '@duban/calendar';
import { Client } from 'pg';
import { testEnvironment } from '../support/env';
import { api, eventually, signIn } from '../support/http';

const tag = randomBytes(3).toString('hex');
const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const quarter = periodKeyFor(today, 'quarterly');
/** A quarter long overdue: its start is ~100 days before the current quarter's. */
const lateQuarter = periodKeyFor(addCalendarDays(periodBounds(quarter).start, -100), 'quarterly');

function planYaml(title: string, serial: number, codes: Array<{ code: string; co?: string }>): string {
  return [
    'plan:',
    `  title: ${title}${tag}`,
    `  docNumber: 督办测试〔2026〕${serial}${tag}号`,
    'items:',
    ...codes.flatMap(({ code, co }) => [
      `  - code: ${code}`,
      '    section: task',
      `    title: 督办流程测试事项${code}`,
      '    leadUnits: [市工业和信息化委]',
      ...(co ? [`    coUnits: [${co}]`] : []),
      '    targets:',
      '      - { indicator: 完成率, value: 100, unit: "%", year: 2027 }',
    ]),
  ].join('\n');
}

async function importAndActivate(token: string, yaml: string, startOn?: string): Promise<Record<string, string>> {
  const imported = await api('POST', '/plans/import', { token, body: { fileName: `supervision-${tag}-${yaml.length}.yaml`, content: yaml } });
  expect(imported.status).toBe(201);
  const planId = imported.body.planId as string;
  const activated = await api('POST', `/plans/${planId}/activate`, { token, body: startOn ? { startOn } : {} });
  expect(activated.status).toBe(200);
  const items = (await api('GET', `/plans/${planId}/items`, { token })).body as Array<{ id: string; code: string }>;
  return Object.fromEntries(items.map((i) => [i.code, i.id]));
}

/** Escalation, acknowledgement, extension, closure, key item and contributions through the API, on the real Temporal and PostgreSQL. */
describe('supervision workflows over HTTP', () => {
  let db: Client;
  let supervisor: string;
  let leader: string;
  let lead: string; // gxw-reporter: the lead unit's reporter
  let co: string; // fgw-reporter: a cooperating unit's reporter
  let leaderId: string;

  beforeAll(async () => {
    [supervisor, leader, lead, co] = await Promise.all([signIn('supervisor'), signIn('leader'), signIn('gxw-reporter'), signIn('fgw-reporter')]);
    leaderId = (await api('GET', '/auth/me', { token: leader })).body.id;
    db = new Client({ connectionString: testEnvironment().databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
  });

  describe('an item activated from a long-overdue quarter', () => {
    let itemId: string;
    let escalationId: string;

    beforeAll(async () => {
      itemId = (await importAndActivate(supervisor, planYaml('逾期升级测试', 1, [{ code: 'T01' }]), periodBounds(lateQuarter).start)).T01;
    });

    it('escalates at once to the top of the ladder with one numbered red notice to the leader, not a burst of missed ones', async () => {
      // The item's workflow hears of the level last, after the notice is recorded and sent.
      const state = await eventually('the escalation to reach the leader', async () => {
        const res = await api('GET', `/items/${itemId}/state`, { token: supervisor });
        return res.body.escalationLevel === 2 ? res.body : undefined;
      });
      expect(state).toMatchObject({ periodKey: lateQuarter, waitingFor: 'report' });
      const [escalation] = (await api('GET', `/items/${itemId}/escalations`, { token: supervisor })).body;
      escalationId = escalation.id;
      expect(escalation).toMatchObject({ periodKey: lateQuarter, status: 'active', level: 2 });
      const notices = await api('GET', `/escalations/${escalationId}/notices`, { token: supervisor });
      expect(notices.body).toHaveLength(1);
      const [notice] = notices.body;
      expect(notice).toMatchObject({ colour: 'red', level: 2, listInBulletin: true });
      expect(notice.number).toMatch(/^督办〔\d{4}〕第\d{4}号$/);
      // The leaders (other suites may have added one besides the demo leader), and nobody else.
      expect(notice.recipientIds).toContain(leaderId);
      const roles = await db.query('SELECT DISTINCT role FROM person WHERE id = ANY($1::uuid[])', [notice.recipientIds]);
      expect(roles.rows).toEqual([{ role: 'leader' }]);
      const inbox = await eventually('the notice to reach the inboxes', async () => {
        const rows = await db.query("SELECT recipient_id, subject FROM notification WHERE item_id = $1 AND kind = 'escalation.red'", [itemId]);
        return rows.rows.length === notice.recipientIds.length ? rows.rows : undefined;
      });
      expect(inbox.map((r) => r.subject)).toEqual(notice.recipientIds.map(() => expect.stringContaining(notice.number)));
      const item = await db.query('SELECT status_colour, status_reason FROM item WHERE id = $1', [itemId]);
      expect(item.rows[0].status_colour).toBe('red');
      expect(item.rows[0].status_reason).toContain('升级至第 3 级');
    });

    it('takes an acknowledgement from an addressed person only, once', async () => {
      const wrongUnit = await api('POST', `/escalations/${escalationId}/acknowledge`, { token: co, body: {} });
      expect(wrongUnit.status).toBe(403);
      const ok = await api('POST', `/escalations/${escalationId}/acknowledge`, { token: leader, body: { comment: '请牵头单位三日内报送' } });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ escalationId, level: 2, acknowledgedOn: today });
      const twice = await api('POST', `/escalations/${escalationId}/acknowledge`, { token: leader, body: {} });
      expect(twice.status).toBe(409);
      expect(twice.body.message).toContain('already acknowledged');
      const row = await db.query('SELECT status, acknowledged_by FROM escalation WHERE id = $1', [escalationId]);
      expect(row.rows[0]).toEqual({ status: 'acknowledged', acknowledged_by: leaderId });
    });

    it('resolves when the report arrives', async () => {
      const submitted = await api('POST', `/items/${itemId}/reports`, {
        token: lead,
        body: { periodKey: lateQuarter, narrative: '补报进展。', indicatorValues: [] },
      });
      expect(submitted.status).toBe(201);
      const resolved = await eventually('the escalation to resolve', async () => {
        const row = await db.query('SELECT status, resolution FROM escalation WHERE id = $1', [escalationId]);
        return row.rows[0].status === 'resolved' ? row.rows[0] : undefined;
      });
      expect(resolved.resolution).toBe('report-arrived');
      const state = await api('GET', `/items/${itemId}/state`, { token: supervisor });
      expect(state.body).toMatchObject({ escalationLevel: null, waitingFor: 'review' });
      const acknowledgeAfter = await api('POST', `/escalations/${escalationId}/acknowledge`, { token: leader, body: {} });
      expect(acknowledgeAfter.status).toBe(409);
    });
  });

  // Also started in the overdue quarter: no period of the current quarter is made, which other suites count.
  describe('items of an overdue quarter', () => {
    let items: Record<string, string>;

    beforeAll(async () => {
      items = await importAndActivate(
        supervisor,
        planYaml('延期办结测试', 2, [{ code: 'T01', co: '市发展改革委' }, { code: 'T02' }, { code: 'T03' }]),
        periodBounds(lateQuarter).start,
      );
      await eventually('the three items to escalate', async () => {
        const states = await Promise.all(Object.values(items).map((id) => api('GET', `/items/${id}/state`, { token: supervisor })));
        return states.every((s) => s.body.escalationLevel === 2);
      });
    });

    it('extension: validated, approved by a supervisor (the due date moves, the escalation ends), a second one rejected', async () => {
      const t02 = items.T02;
      const before = (await api('GET', `/items/${t02}/state`, { token: supervisor })).body;
      const calendar = new WorkingDayCalendar();
      const later = calendar.addWorkingDays(addCalendarDays(today, 14), 0);
      const ask = (token: string, body: Record<string, unknown>) =>
        api('POST', `/items/${t02}/extensions`, { token, body: { periodKey: lateQuarter, reason: '数据待统计局核定', requestedDueOn: later, ...body } });

      expect((await ask(co, {})).status).toBe(403);
      const impossible = await ask(lead, { requestedDueOn: '2027-02-30' });
      expect(impossible.status).toBe(400);
      expect(impossible.body.message).toContain('requestedDueOn');
      const notLater = await ask(lead, { requestedDueOn: before.dueOn });
      expect(notLater.status).toBe(400);
      expect(notLater.body.message).toContain('not after the current due date');
      expect((await ask(lead, { reason: ' ' })).status).toBe(400);
      let dayOff = later;
      while (calendar.isWorkingDay(dayOff)) dayOff = addCalendarDays(dayOff, 1);
      const onDayOff = await ask(lead, { requestedDueOn: dayOff });
      expect(onDayOff.status).toBe(400);
      expect(onDayOff.body).toMatchObject({ field: 'requestedDueOn' });
      expect(onDayOff.body.message).toContain(`${dayOff} is not a working day`);

      const asked = await ask(lead, {});
      expect(asked.status).toBe(201);
      expect(asked.body).toMatchObject({ periodKey: lateQuarter, currentDueOn: before.dueOn, requestedDueOn: later });
      const again = await ask(lead, {});
      expect(again.status).toBe(409);
      expect((await api('GET', `/items/${t02}/state`, { token: supervisor })).body.dueOn).toBe(before.dueOn); // nothing moves without approval

      expect((await api('POST', `/extensions/${asked.body.requestId}/approve`, { token: lead, body: {} })).status).toBe(403);
      const approved = await api('POST', `/extensions/${asked.body.requestId}/approve`, { token: supervisor, body: { comment: '同意' } });
      expect(approved.status).toBe(200);
      expect(approved.body).toEqual({ requestId: asked.body.requestId, decision: 'approved', dueOn: later });
      expect((await api('POST', `/extensions/${asked.body.requestId}/approve`, { token: supervisor, body: {} })).status).toBe(409);
      expect((await api('GET', `/items/${t02}/state`, { token: supervisor })).body).toMatchObject({ dueOn: later, pendingExtension: null });
      const period = await db.query('SELECT due_on::text AS due FROM reporting_period WHERE item_id = $1 AND key = $2', [t02, lateQuarter]);
      expect(period.rows[0].due).toBe(later);
      const paused = await eventually('the escalation to end', async () => {
        const row = await db.query('SELECT e.resolution, i.status_colour FROM escalation e JOIN item i ON i.id = e.item_id WHERE e.item_id = $1', [t02]);
        return row.rows[0].resolution ? row.rows[0] : undefined;
      });
      expect(paused).toEqual({ resolution: 'extended', status_colour: 'yellow' });
      expect((await api('GET', `/items/${t02}/state`, { token: supervisor })).body.escalationLevel).toBeNull();

      const second = await ask(lead, { requestedDueOn: calendar.addWorkingDays(later, 5) });
      expect(second.status).toBe(201);
      const rejected = await api('POST', `/extensions/${second.body.requestId}/reject`, { token: supervisor, body: { comment: '不予延期' } });
      expect(rejected.body).toEqual({ requestId: second.body.requestId, decision: 'rejected', dueOn: later });
      const listed = await api('GET', `/items/${t02}/extensions`, { token: supervisor });
      expect(listed.body.map((r: { status: string }) => r.status)).toEqual(['approved', 'rejected']);
    });

    it('closure (办结): requested by the lead unit, approved, a new instruction from the leader keeps it open; signed off it ends', async () => {
      const t03 = items.T03;
      const ask = (token: string) => api('POST', `/items/${t03}/closure`, { token, body: { reason: '任务已全面完成' } });
      expect((await ask(co)).status).toBe(403);
      const first = await ask(lead);
      expect(first.status).toBe(201);
      expect((await ask(lead)).status).toBe(409);
      const early = await api('POST', `/closures/${first.body.requestId}/leader`, { token: leader, body: { decision: 'sign-off' } });
      expect(early.status).toBe(409);

      const approved = await api('POST', `/closures/${first.body.requestId}/approve`, { token: supervisor, body: {} });
      expect(approved.status).toBe(200);
      expect(approved.body.decision).toBe('approved');
      expect(approved.body.signOffBy > today).toBe(true);
      const leaderInbox = await db.query("SELECT count(*)::int AS n FROM notification WHERE item_id = $1 AND kind = 'closure.approved' AND recipient_id = $2", [
        t03,
        leaderId,
      ]);
      expect(leaderInbox.rows[0].n).toBe(1);

      const noText = await api('POST', `/closures/${first.body.requestId}/leader`, { token: leader, body: { decision: 'instruct' } });
      expect(noText.status).toBe(400);
      const instructed = await api('POST', `/closures/${first.body.requestId}/leader`, {
        token: leader,
        body: { decision: 'instruct', instruction: '请补充验收材料后再申请办结' },
      });
      expect(instructed.body).toEqual({ requestId: first.body.requestId, closed: false });
      expect((await api('GET', `/items/${t03}/state`, { token: supervisor })).body).toMatchObject({ closure: null, closed: false });

      // An extension asked for while the closure waits: undecided when the item closes, it lapses with it.
      const extension = await api('POST', `/items/${t03}/extensions`, {
        token: lead,
        body: { periodKey: lateQuarter, reason: '验收材料待补', requestedDueOn: new WorkingDayCalendar().addWorkingDays(today, 10) },
      });
      expect(extension.status).toBe(201);
      const second = await ask(lead);
      expect(second.status).toBe(201);
      expect((await api('POST', `/closures/${second.body.requestId}/approve`, { token: supervisor, body: {} })).status).toBe(200);
      const signed = await api('POST', `/closures/${second.body.requestId}/leader`, { token: leader, body: { decision: 'sign-off' } });
      expect(signed.body).toEqual({ requestId: second.body.requestId, closed: true });

      const closed = await eventually('the item to close', async () => {
        const row = await db.query('SELECT state, status_colour, status_reason FROM item WHERE id = $1', [t03]);
        return row.rows[0].status_reason === '已办结' ? row.rows[0] : undefined; // the last write of the closing
      });
      expect(closed).toEqual({ state: 'closed', status_colour: 'green', status_reason: '已办结' });
      const requests = await api('GET', `/items/${t03}/closures`, { token: supervisor });
      expect(requests.body.map((r: { status: string }) => r.status)).toEqual(['instructed', 'closed']);
      const extensions = await api('GET', `/items/${t03}/extensions`, { token: supervisor });
      expect(extensions.body).toEqual([expect.objectContaining({ id: extension.body.requestId, status: 'lapsed' })]);
      const lateDecision = await api('POST', `/extensions/${extension.body.requestId}/approve`, { token: supervisor, body: {} });
      expect(lateDecision.status).toBe(409);
      // The period it was closed in asks for nothing more: not 待填报, not overdue.
      const periods = await api('GET', `/items/${t03}/periods`, { token: supervisor });
      expect(periods.body.find((p: { key: string }) => p.key === lateQuarter)).toMatchObject({ state: 'closed' });
      const escalation = await db.query('SELECT resolution FROM escalation WHERE item_id = $1', [t03]);
      expect(escalation.rows).toEqual([{ resolution: 'closed' }]);
      const report = await api('POST', `/items/${t03}/reports`, {
        token: lead,
        body: { periodKey: lateQuarter, narrative: '办结后补报', indicatorValues: [] },
      });
      expect(report.status).toBe(409);
    });

    it('a cooperating unit contributes; its contribution is listed with the lead unit’s report', async () => {
      const t01 = items.T01;
      const contribution = { periodKey: lateQuarter, narrative: '配合完成项目审批。', indicatorValues: [{ indicator: '审批项目', value: 3, unit: '个' }] };
      const fromLead = await api('POST', `/items/${t01}/contributions`, { token: lead, body: contribution });
      expect(fromLead.status).toBe(403);
      const fromCo = await api('POST', `/items/${t01}/contributions`, { token: co, body: contribution });
      expect(fromCo.status).toBe(201);
      expect(fromCo.body.periodKey).toBe(lateQuarter);
      const malformed = await api('POST', `/items/${t01}/contributions`, { token: co, body: { ...contribution, narrative: '' } });
      expect(malformed.status).toBe(400);

      const report = await api('POST', `/items/${t01}/reports`, {
        token: lead,
        body: { periodKey: lateQuarter, narrative: '牵头单位汇总进展。', indicatorValues: [] },
      });
      expect(report.status).toBe(201);
      const listed = await api('GET', `/reports/${report.body.reportId}/contributions`, { token: supervisor });
      expect(listed.body).toEqual([expect.objectContaining({ id: fromCo.body.contributionId, narrative: '配合完成项目审批。', periodKey: lateQuarter })]);
    });

    it('key item (重点督办) and policy changes apply from the next period', async () => {
      const t01 = items.T01;
      expect((await api('PUT', `/items/${t01}/key-item`, { token: lead, body: { keyItem: true } })).status).toBe(403);
      const set = await api('PUT', `/items/${t01}/key-item`, { token: supervisor, body: { keyItem: true } });
      expect(set.status).toBe(200);
      expect(set.body).toEqual({ appliesFrom: addCalendarDays(periodBounds(lateQuarter).end, 1) });
      const state = await api('GET', `/items/${t01}/state`, { token: supervisor });
      expect(state.body).toMatchObject({ keyItem: false, policyChangePending: true, periodKey: lateQuarter });
      const row = await db.query('SELECT key_item FROM item WHERE id = $1', [t01]);
      expect(row.rows[0].key_item).toBe(true);

      const bad = await api('PUT', `/items/${t01}/policy`, { token: supervisor, body: { policy: { frequency: 'weekly' } } });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('policy.frequency');
    });

    it('a report still pending when its item closes leaves the approval queue', async () => {
      const t01 = items.T01;
      const queued = async () => (await api('GET', `/queue?itemId=${t01}`, { token: supervisor })).body as Array<{ itemId: string }>;
      expect(await queued()).toHaveLength(1); // the lead unit's report above
      const asked = await api('POST', `/items/${t01}/closure`, { token: lead, body: { reason: '任务已全面完成' } });
      expect(asked.status).toBe(201);
      expect((await api('POST', `/closures/${asked.body.requestId}/approve`, { token: supervisor, body: {} })).status).toBe(200);
      expect((await api('POST', `/closures/${asked.body.requestId}/leader`, { token: leader, body: { decision: 'sign-off' } })).status).toBe(200);
      await eventually('T01 to close', async () => {
        const row = await db.query('SELECT state FROM item WHERE id = $1', [t01]);
        return row.rows[0].state === 'closed' ? true : undefined;
      });
      expect(await queued()).toEqual([]);
    });
  });
});
