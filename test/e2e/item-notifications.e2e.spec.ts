import 'reflect-metadata';
import { randomInt, randomUUID } from 'node:crypto';
import { createDataSource, SupervisionRecords } from '@duban/domain';
import type { DataSource } from 'typeorm';
import { testEnvironment } from '../support/env';
import { api, eventually, signIn } from '../support/http';
import { addChannel, makeUnit, retireChannels } from '../support/notification-fixtures';
import { TestSmtpServer } from '../support/notification-receivers';
import { composedPlan } from './web/plan-document';

interface ItemNotification {
  id: string;
  kind: string;
  periodKey: string | null;
  step: string;
  subject: string;
  recipient: { id: string; username: string; displayName: string; role: string; unitId: string | null; unitName: string | null } | null;
  readAt: string | null;
  createdAt: string;
  deliveries: Array<{ channel: string; target: string | null; status: string; attempts: number; lastError: string | null; deliveredAt: string | null }>;
}

/**
 * Issue 7: GET /items/:itemId/notifications — what the item's timeline shows of the reminders sent: kind, period,
 * recipients, when, and each outside channel's delivery. The reminders are written the way the sendReminder activity
 * writes them (SupervisionRecords.notify with the workflow's step key): whether the workflow itself reminds during a
 * test depends on the day of the calendar it runs on (no reminders on a holiday, none before 09:00 Shanghai time).
 */
describe('the notifications of an item', () => {
  const smtp = new TestSmtpServer();
  let db: DataSource;
  let records: SupervisionRecords;
  let supervisor: string;
  let items: Record<string, { id: string; code: string }>;
  let workflowPrefix: string;
  let outsider: Awaited<ReturnType<typeof makeUnit>>;
  let gxwReporterId: string;
  const channelIds: string[] = [];
  const periodKey = '2026Q3';

  const notificationsOf = (itemId: string, token: string, query = '') => api<ItemNotification[]>('GET', `/items/${itemId}/notifications${query}`, { token });

  beforeAll(async () => {
    await smtp.start(Number(new URL(testEnvironment().appEnv.SMTP_URL).port));
    db = await createDataSource(testEnvironment().databaseUrl).initialize();
    records = new SupervisionRecords(db);
    supervisor = await signIn('supervisor');
    const { fileName, content } = composedPlan(String(10000 + randomInt(89999)));
    const imported = await api('POST', '/plans/import', { token: supervisor, body: { fileName, content } });
    expect(imported.status).toBe(201);
    workflowPrefix = `item:${imported.body.code}`;
    const listed = await api<Array<{ id: string; code: string }>>('GET', `/plans/${imported.body.planId}/items`, { token: supervisor });
    items = Object.fromEntries(listed.body.map((i) => [i.code, i]));
    [{ id: gxwReporterId }] = await db.query(`SELECT id FROM person WHERE username = 'gxw-reporter'`);
    // A person of a unit of its own with an email channel, so the delivery of one reminder can be watched to the end.
    outsider = await makeUnit(db, '时间线通知单位', ['reporter']);
    channelIds.push(await addChannel(db, { personId: outsider.people[0].id, type: 'email', kinds: ['reminder.*'] }));
  });

  afterAll(async () => {
    await retireChannels(db, channelIds);
    await db.destroy();
    await smtp.stop();
  });

  const remind = (code: string, kind: 'open' | 'pre-due' | 'due', recipientIds: string[]) =>
    records.notify({
      stepKey: `${workflowPrefix}:${code}:${periodKey}:reminder.${kind}:lead`,
      recipientIds,
      channel: 'inbox',
      kind: `reminder.${kind}`,
      itemId: items[code].id,
      periodKey,
      subject: `【报告提醒】${code} ${periodKey} reminder.${kind}`,
      body: '请按时报送进展。',
    });

  it('lists the reminders sent, newest first: kind, period, step, recipients with their unit, and each channel’s delivery', async () => {
    expect(await remind('T01', 'open', [gxwReporterId, outsider.people[0].id])).toBe(2);
    expect(await remind('T01', 'due', [gxwReporterId])).toBe(1);
    const email = await eventually(
      'the email of the open reminder to be delivered',
      async () => {
        const res = await notificationsOf(items.T01.id, supervisor);
        const row = res.body.find((n) => n.kind === 'reminder.open' && n.recipient?.id === outsider.people[0].id);
        return row?.deliveries[0]?.status === 'delivered' ? row : undefined;
      },
      60_000,
    );
    expect(email.deliveries).toEqual([
      expect.objectContaining({ channel: 'email', target: outsider.people[0].email, status: 'delivered', attempts: 1, lastError: null }),
    ]);
    expect(smtp.distinct().some((m) => m.to.includes(outsider.people[0].email))).toBe(true);

    const res = await notificationsOf(items.T01.id, supervisor);
    expect(res.status).toBe(200);
    expect(res.body.map((n) => n.kind)).toEqual(['reminder.due', 'reminder.open', 'reminder.open']);
    const open = res.body.filter((n) => n.kind === 'reminder.open');
    expect(new Set(open.map((n) => n.step))).toEqual(new Set([`${workflowPrefix}:T01:${periodKey}:reminder.open:lead`]));
    expect(open.map((n) => n.recipient?.username).sort()).toEqual(['gxw-reporter', outsider.people[0].username].sort());
    const toReporter = open.find((n) => n.recipient?.username === 'gxw-reporter') as ItemNotification;
    expect(toReporter).toMatchObject({ periodKey, readAt: null, recipient: { role: 'reporter', unitName: '市工业和信息化委' } });
    expect(Date.now() - Date.parse(toReporter.createdAt)).toBeLessThan(10 * 60_000);
    // Another item's reminders are not this item's.
    expect((await notificationsOf(items.T02.id, supervisor)).body).toEqual([]);
    expect((await notificationsOf(items.T01.id, supervisor, '?limit=1')).body.map((n) => n.kind)).toEqual(['reminder.due']);
  });

  it('is for those who may read the item’s reports: oversight roles and the item’s lead and cooperating units', async () => {
    const [reporter, coReporter, otherReporter, leader] = await Promise.all(['gxw-reporter', 'fgw-reporter', 'kcw-reporter', 'leader'].map(signIn));
    const toOutsider = (rows: ItemNotification[]) => rows.find((n) => n.kind === 'reminder.open' && n.recipient?.id === outsider.people[0].id);

    // The lead unit's reporter reads the item's reminders; when they read one, they (and oversight) see it read.
    const own = (await notificationsOf(items.T01.id, reporter)).body.find((n) => n.kind === 'reminder.open' && n.recipient?.username === 'gxw-reporter');
    expect((await api('POST', `/inbox/${own?.id}/read`, { token: reporter })).status).toBe(200);
    const asReporter = await notificationsOf(items.T01.id, reporter);
    expect(asReporter.status).toBe(200);
    expect(asReporter.body.find((n) => n.id === own?.id)?.readAt).toEqual(expect.any(String));
    // Others' addresses and errors are for oversight only.
    expect(toOutsider(asReporter.body)?.deliveries[0]).toMatchObject({ channel: 'email', status: 'delivered', target: null });
    expect((await notificationsOf(items.T01.id, supervisor)).body.find((n) => n.id === own?.id)?.readAt).toEqual(expect.any(String));

    // 市发展改革委 cooperates on T01 but takes no part in T03; 市科技创新委 takes no part in T01.
    expect((await notificationsOf(items.T01.id, coReporter)).status).toBe(200);
    expect((await notificationsOf(items.T03.id, coReporter)).status).toBe(404);
    expect((await notificationsOf(items.T01.id, otherReporter)).status).toBe(404);
    expect((await notificationsOf(items.T01.id, leader)).status).toBe(200);
  });

  it('answers bad requests clearly: 404 unknown item, 400 malformed id or limit, 401 without sign-in', async () => {
    const unknown = await notificationsOf(randomUUID(), supervisor);
    expect(unknown.status).toBe(404);
    expect((unknown.body as unknown as { message: string }).message).toMatch(/item .* not found/);
    expect((await notificationsOf('not-a-uuid', supervisor)).status).toBe(400);
    expect((await notificationsOf(items.T01.id, supervisor, '?limit=0')).status).toBe(400);
    expect((await notificationsOf(items.T01.id, supervisor, '?limit=abc')).status).toBe(400);
    expect((await api('GET', `/items/${items.T01.id}/notifications`)).status).toBe(401);
  });
});
