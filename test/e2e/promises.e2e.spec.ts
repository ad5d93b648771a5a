import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createSupervisionActivities } from '@duban/activities';
import { WorkingDayCalendar, addCalendarDays, periodBounds, periodKeyFor } from '@duban/calendar';
import { ReportQueries, SupervisionRecords, createDataSource } from '@duban/domain';
import type { DataSource } from 'typeorm';
import { testEnvironment } from '../support/env';
import { api, eventually, signIn } from '../support/http';
import { addChannel, makeUnit, retireChannels } from '../support/notification-fixtures';
import { TestSmtpServer } from '../support/notification-receivers';
import { killWorker, startWorker } from '../support/worker-control';

/**
 * Promises that no other suite makes fail when they are broken (issue 19): each test below runs the step the
 * promise is about and asserts the promise itself, so the mutation named beside it fails it.
 */
const tag = randomBytes(3).toString('hex');
const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const quarter = periodKeyFor(today, 'quarterly');
/** The quarter before the current one: its period is open and overdue at activation. */
const lateQuarter = periodKeyFor(addCalendarDays(periodBounds(quarter).start, -1), 'quarterly');
/** A short limit for an answer the API owes at once: a hanging Update fails here, not at jest's timeout. */
const ANSWER_WITHIN_MS = 10_000;

function planYaml(codes: string[]): string {
  return [
    'plan:',
    `  title: 承诺测试方案${tag}`,
    `  docNumber: 承诺测试〔2026〕9${tag}号`,
    'items:',
    ...codes.flatMap((code) => [
      `  - code: ${code}`,
      '    section: task',
      `    title: 承诺测试事项${code}`,
      '    leadUnits: [市工业和信息化委]',
      '    coUnits: [市发展改革委]',
      '    targets:',
      '      - { indicator: 完成率, value: 100, unit: "%", year: 2027 }',
    ]),
  ].join('\n');
}

describe('promises pinned', () => {
  let db: DataSource;
  let supervisor: string;
  let leader: string;
  let lead: string; // gxw-reporter: the lead unit
  let co: string; // fgw-reporter: the cooperating unit
  let stranger: string; // kcw-reporter: a unit with no part in these items
  let planId: string;
  let items: Record<string, string>;

  const periodOf = async (itemId: string, key = lateQuarter): Promise<{ id: string; state: string; due_on: string }> =>
    (await db.query("SELECT id, state, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM reporting_period WHERE item_id = $1 AND key = $2", [itemId, key]))[0];
  const reportsOf = async (itemId: string): Promise<Array<{ id: string; attempt: number }>> =>
    db.query('SELECT id, attempt FROM report WHERE item_id = $1 ORDER BY attempt', [itemId]);
  const submit = (itemId: string, token: string, headers: Record<string, string> = {}) =>
    api('POST', `/items/${itemId}/reports`, { token, headers, body: { periodKey: lateQuarter, narrative: '按计划推进。', indicatorValues: [] } });

  beforeAll(async () => {
    [supervisor, leader, lead, co, stranger] = await Promise.all(
      ['supervisor', 'leader', 'gxw-reporter', 'fgw-reporter', 'kcw-reporter'].map((u) => signIn(u)),
    );
    db = await createDataSource(testEnvironment().databaseUrl).initialize();
    const imported = await api('POST', '/plans/import', {
      token: supervisor,
      body: { fileName: `promises-${tag}.yaml`, content: planYaml(['T01', 'T02', 'T03', 'T04']) },
    });
    if (imported.status !== 201) throw new Error(`import: ${imported.status} ${JSON.stringify(imported.body)}`);
    planId = imported.body.planId;
    const activated = await api('POST', `/plans/${planId}/activate`, { token: supervisor, body: { startOn: periodBounds(lateQuarter).start } });
    expect(activated.body).toMatchObject({ started: 4 });
    const listed = (await api('GET', `/plans/${planId}/items`, { token: supervisor })).body as Array<{ id: string; code: string }>;
    items = Object.fromEntries(listed.map((i) => [i.code, i.id]));
    await eventually('the four periods to open', async () => {
      const rows = await Promise.all(Object.values(items).map((id) => periodOf(id)));
      return rows.every((p) => p?.state === 'open');
    });
  });

  afterAll(async () => {
    await db?.destroy();
  });

  // Mutation: the report's key differs between attempts of the step (e.g. a random or time suffix in recordReport's key).
  it('a report write run twice with the same input stores one report and one audit event', async () => {
    const itemId = items.T01;
    const submitted = await submit(itemId, lead);
    expect(submitted.status).toBe(201);
    const [row] = await db.query('SELECT unit_id, submitted_by, attempt, narrative FROM report WHERE id = $1', [submitted.body.reportId]);
    // The step again, as Temporal runs it after a worker died between the write and reporting it done: the same
    // input, twice at once, against the same PostgreSQL.
    const activities = createSupervisionActivities({ records: new SupervisionRecords(db), queries: new ReportQueries(db), calendar: new WorkingDayCalendar() });
    const input = {
      workflowId: `item:${(await db.query('SELECT code FROM plan WHERE id = $1', [planId]))[0].code}:T01`,
      itemId,
      periodKey: lateQuarter,
      unitId: row.unit_id,
      submittedBy: row.submitted_by,
      attempt: row.attempt,
      narrative: row.narrative,
      indicatorValues: [],
    };
    const again = await Promise.all([activities.recordReport(input), activities.recordReport(input)]);
    expect(again).toEqual([{ reportId: submitted.body.reportId }, { reportId: submitted.body.reportId }]);
    expect(await reportsOf(itemId)).toEqual([{ id: submitted.body.reportId, attempt: 1 }]);
    const audits = await db.query("SELECT count(*)::int AS n FROM audit_event WHERE item_id = $1 AND action = 'report.submitted'", [itemId]);
    expect(audits[0].n).toBe(1);
    expect((await periodOf(itemId)).state).toBe('submitted');
  });

  // Mutation: the review validator lets an approval through for a report that is no longer waiting (the Update hangs).
  it('approving an already-approved report is a 409 at once, and changes nothing', async () => {
    const itemId = items.T04;
    expect((await submit(itemId, lead)).status).toBe(201);
    const [report] = await reportsOf(itemId);
    const approved = await api('POST', `/reports/${report.id}/review`, { token: supervisor, body: { decision: 'approve' } });
    expect(approved.status).toBe(200);
    const reviewsBefore = await db.query('SELECT count(*)::int AS n FROM review WHERE report_id = $1', [report.id]);
    const startedAt = Date.now();
    const twice = await api('POST', `/reports/${report.id}/review`, {
      token: supervisor,
      body: { decision: 'approve' },
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
    expect(twice.status).toBe(409);
    expect(Date.now() - startedAt).toBeLessThan(ANSWER_WITHIN_MS);
    expect(await db.query('SELECT count(*)::int AS n FROM review WHERE report_id = $1', [report.id])).toEqual(reviewsBefore);
    expect((await periodOf(itemId)).state).toBe('approved');
  });

  // Mutation: the lead-unit check of submitReport's validator dropped (or the item-read guard widened to every unit).
  it('only the lead unit submits; a unit with no part in the item neither submits nor reads its report or notifications', async () => {
    const itemId = items.T03;
    const fromCo = await submit(itemId, co);
    expect(fromCo.status).toBe(403);
    expect((await api('GET', `/items/${itemId}`, { token: co })).status).toBe(200); // it may read what it cooperates on
    // (GET /items/{id}, /periods and /state still answer any unit's people: the access policy of issue `org` scopes them.)
    expect([403, 404]).toContain((await api('GET', `/items/${itemId}/notifications`, { token: stranger })).status);
    expect([403, 404]).toContain((await submit(itemId, stranger)).status);
    expect(await reportsOf(itemId)).toEqual([]);
    expect((await periodOf(itemId)).state).toBe('open');
    // The lead unit can: the refusals above were about the unit, not the period. Its report stays its own.
    const fromLead = await submit(itemId, lead);
    expect(fromLead.status).toBe(201);
    expect((await api('GET', `/reports/${fromLead.body.reportId}`, { token: co })).status).toBe(200);
    expect([403, 404]).toContain((await api('GET', `/reports/${fromLead.body.reportId}`, { token: stranger })).status);
  });

  // Mutation: closing an item leaves a submitted period 'submitted' (the closure's UPDATE without 'submitted').
  it('closing an item whose report waits for review closes that period: not 待填报, not overdue, out of the queue', async () => {
    const itemId = items.T02;
    expect((await submit(itemId, lead)).status).toBe(201);
    await eventually('the report to wait for review', async () => (await periodOf(itemId)).state === 'submitted');
    const asked = await api('POST', `/items/${itemId}/closure`, { token: lead, body: { reason: '任务已全面完成' } });
    expect(asked.status).toBe(201);
    expect((await api('POST', `/closures/${asked.body.requestId}/approve`, { token: supervisor, body: {} })).status).toBe(200);
    expect((await api('POST', `/closures/${asked.body.requestId}/leader`, { token: leader, body: { decision: 'sign-off' } })).status).toBe(200);
    await eventually('the item to close', async () => (await db.query('SELECT status_reason FROM item WHERE id = $1', [itemId]))[0].status_reason === '已办结');

    expect((await periodOf(itemId)).state).toBe('closed');
    const periods = await api('GET', `/items/${itemId}/periods`, { token: supervisor });
    expect(periods.body.find((p: { key: string }) => p.key === lateQuarter)).toMatchObject({ state: 'closed' });
    const mine = await api('GET', '/me/periods', { token: lead });
    expect(mine.body.filter((p: { itemId: string }) => p.itemId === itemId)).toEqual([]);
    expect((await api('GET', `/queue?itemId=${itemId}`, { token: supervisor })).body).toEqual([]);
    // Overdue on the plan's dashboard: the other items still waiting for their late report, not this one.
    const othersLate = await Promise.all(
      Object.values(items)
        .filter((id) => id !== itemId)
        .map(async (id) => ['open', 'returned'].includes((await periodOf(id)).state)),
    );
    const dashboard = await api('GET', `/dashboard/plans/${planId}`, { token: supervisor });
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.overdue).toBe(othersLate.filter(Boolean).length);
  });
});

// Mutation: the Message-ID made of anything besides the delivery's idempotency key (an attempt number, the time).
describe('an email handed over when the worker dies is sent again with the same Message-ID', () => {
  const smtp = new TestSmtpServer();
  let db: DataSource;
  const channelIds: string[] = [];

  beforeAll(async () => {
    await smtp.start(Number(new URL(testEnvironment().appEnv.SMTP_URL).port));
    db = await createDataSource(testEnvironment().databaseUrl).initialize();
  });

  afterAll(async () => {
    await retireChannels(db, channelIds);
    await db?.destroy();
    await smtp.stop();
  });

  it('every run: the receiver got the message, the worker never heard so, and the retry carries the same Message-ID', async () => {
    const unit = await makeUnit(db, '消息标识测试单位', ['reporter']);
    const [person] = unit.people;
    channelIds.push(await addChannel(db, { personId: person.id, type: 'email', kinds: ['*'] }));
    const stepKey = `promises:${tag}:message-id`;
    const ours = (mail: { idempotencyKey: string }) => mail.idempotencyKey.startsWith(stepKey);
    smtp.holdFirst = ours;
    await new SupervisionRecords(db).notify({
      stepKey,
      recipientIds: [person.id],
      channel: 'inbox',
      kind: 'reminder.open',
      itemId: null,
      periodKey: null,
      subject: '消息标识测试',
      body: '消息标识测试',
    });
    // The crash comes exactly between the hand-over and the 250: no chance about it.
    const held = await smtp.held;
    await killWorker();
    startWorker();
    const copies = await eventually(
      'the delivery to be sent again and marked delivered',
      async () => {
        const [row] = await db.query(
          `SELECT d.status FROM notification_delivery d JOIN notification n ON n.id = d.notification_id WHERE n.key LIKE $1 AND d.channel = 'email'`,
          [`${stepKey}%`],
        );
        return row?.status === 'delivered' ? smtp.mails.filter(ours) : undefined;
      },
      60_000,
    );
    expect(copies.length).toBeGreaterThanOrEqual(2);
    expect(new Set(copies.map((m) => m.messageId))).toEqual(new Set([held.messageId]));
    expect(held.messageId).toMatch(/^<[0-9a-f]{40}@duban>$/);
    expect(smtp.distinct().filter(ours)).toHaveLength(1);
  });
});
