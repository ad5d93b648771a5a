import 'reflect-metadata';
import { createDataSource, SupervisionRecords } from '@duban/domain';
import type { DataSource } from 'typeorm';
import { testEnvironment } from '../support/env';
import { api, eventually, signIn } from '../support/http';
import { addChannel, importSeedPlan, makeUnit, recordPeriods, retireChannels, type SeedItem } from '../support/notification-fixtures';
import { TestSmtpServer, TestWebhookReceiver } from '../support/notification-receivers';

interface DeliveryRow {
  id: string;
  key: string;
  channel: string;
  status: string;
  attempts: number;
  last_error: string | null;
  digest_key: string | null;
  critical: boolean;
  delivered_at: Date | null;
}

/** Issue 6: inbox, email and webhooks end to end — templates, signatures, critical escalations, digest, retries, failures. */
describe('notification delivery to email and webhooks', () => {
  const smtp = new TestSmtpServer();
  const hooks = new TestWebhookReceiver({ webhook: 'e2e-webhook-secret', dingtalk: 'SEC-e2e-ding' });
  let db: DataSource;
  let records: SupervisionRecords;
  let items: SeedItem[];
  let planTitle: string;
  let office: Awaited<ReturnType<typeof makeUnit>>;
  const channelIds: string[] = [];
  const prefix = `item:NOTIFYE2E${Date.now()}`;
  const person = (role: string) => office.people.find((p) => p.role === role) as { id: string; email: string; username: string };

  const notify = (step: string, kind: string, recipients: string[], item: SeedItem) =>
    records.notify({
      stepKey: `${prefix}:${item.code}:2019Q2:${step}`,
      recipientIds: recipients,
      channel: 'inbox',
      kind,
      itemId: item.id,
      periodKey: '2019Q2',
      subject: `inbox ${kind}`,
      body: 'inbox body',
    });
  const deliveriesOf = async (stepKeyPart: string): Promise<DeliveryRow[]> =>
    db.query(
      `SELECT id, key, channel, status, attempts, last_error, digest_key, critical, delivered_at FROM notification_delivery WHERE key LIKE $1 ORDER BY key`,
      [`${prefix}%${stepKeyPart}%`],
    );
  const allDelivered = (stepKeyPart: string, count: number) =>
    eventually(
      `${count} deliveries of ${stepKeyPart}`,
      async () => {
        const rows = await deliveriesOf(stepKeyPart);
        return rows.length === count && rows.every((r) => r.status === 'delivered') ? rows : undefined;
      },
      60_000,
    );

  beforeAll(async () => {
    await smtp.start(Number(new URL(testEnvironment().appEnv.SMTP_URL).port));
    await hooks.start();
    db = await createDataSource(testEnvironment().databaseUrl).initialize();
    records = new SupervisionRecords(db);
    ({ items, title: planTitle } = await importSeedPlan(await signIn('supervisor'), `8${Date.now() % 100000}`));
    await recordPeriods(records, prefix, items, '2019Q2', '2019-07-10');
    office = await makeUnit(db, '通知端到端单位', ['reporter', 'unit-head', 'leader']);
    // The reporter takes everything by email; the unit head only escalations; the leader asked for nothing but
    // reminders — yet escalations are critical and reach every channel a person has.
    channelIds.push(await addChannel(db, { personId: person('reporter').id, type: 'email', kinds: ['*'] }));
    channelIds.push(await addChannel(db, { personId: person('unit-head').id, type: 'email', kinds: ['escalation.*'] }));
    channelIds.push(await addChannel(db, { personId: person('leader').id, type: 'email', kinds: ['reminder.*'] }));
    channelIds.push(
      await addChannel(db, {
        personId: person('leader').id,
        type: 'dingtalk',
        target: hooks.url('/dingtalk?access_token=ding-token'),
        secret: 'SEC-e2e-ding',
        kinds: [],
      }),
    );
    channelIds.push(
      await addChannel(db, {
        unitId: office.unitId,
        type: 'webhook',
        target: hooks.url('/hook'),
        secret: 'e2e-webhook-secret',
        kinds: ['reminder.*', 'report.*'],
      }),
    );
    channelIds.push(await addChannel(db, { unitId: office.unitId, type: 'wecom', target: hooks.url('/wecom?key=wecom-key'), kinds: ['*'] }));
  });

  afterAll(async () => {
    await retireChannels(db, channelIds);
    await db.destroy();
    await smtp.stop();
    await hooks.stop();
  });

  it('sends a period-open reminder to the inbox, by email and to the signed webhook and WeCom robot, in Chinese', async () => {
    const t02 = items.find((i) => i.code === 'T02') as SeedItem;
    expect(await notify('reminder.open:lead', 'reminder.open', [person('reporter').id, person('unit-head').id], t02)).toBe(2);
    // The unit head takes only escalations by email: 1 email, and one message per unit channel.
    const rows = await allDelivered(':T02:2019Q2:reminder.open:lead', 3);
    expect(rows.map((r) => r.channel).sort()).toEqual(['email', 'webhook', 'wecom']);

    const [mail] = smtp.distinct().filter((m) => m.idempotencyKey.startsWith(`${prefix}:T02:2019Q2:reminder.open`));
    expect(mail.to).toEqual([person('reporter').email]);
    expect(mail.subject).toBe(`【报告提醒】${t02.title}（2019年第2季度）报告期已开始`);
    expect(mail.text).toContain(`《${planTitle}》`);
    expect(mail.text).toContain('2019年7月10日（星期三）');
    expect(mail.text).toContain(`http://127.0.0.1:3000/items/${t02.id}`);
    expect(mail.messageId).toMatch(/^<[0-9a-f]{40}@duban>$/);

    const [hook] = hooks.distinct('/hook').filter((h) => h.idempotencyKey.startsWith(prefix));
    expect(hook.signed).toBe(true);
    expect(hook.body).toMatchObject({ kind: 'reminder.open', itemId: t02.id, periodKey: '2019Q2', locale: 'zh-CN', idempotencyKey: hook.idempotencyKey });
    expect(hook.body.notificationKeys).toHaveLength(1);
    const [robot] = hooks.distinct('/wecom').filter((h) => h.idempotencyKey.startsWith(prefix));
    expect(robot.body.msgtype).toBe('markdown');
    expect(robot.body.markdown.content).toContain('通知端到端单位');
  });

  it('sends a red notice to the leader as the escalation to the leader on every channel, whatever kinds were chosen', async () => {
    const t05 = items.find((i) => i.code === 'T05') as SeedItem;
    expect(await notify('escalation:0:red', 'escalation.red', [person('leader').id], t05)).toBe(1);
    const rows = await allDelivered(':T05:2019Q2:escalation:0:red', 2);
    expect(rows.map((r) => r.channel).sort()).toEqual(['dingtalk', 'email']);
    expect(rows.every((r) => r.critical && r.digest_key === null)).toBe(true);
    const [mail] = smtp.distinct().filter((m) => m.idempotencyKey.startsWith(`${prefix}:T05:`));
    expect(mail.to).toEqual([person('leader').email]);
    expect(mail.subject).toContain('【提请领导督办】');
    const [ding] = hooks.distinct('/dingtalk').filter((h) => h.idempotencyKey.startsWith(`${prefix}:T05:`));
    expect(ding.signed).toBe(true);
    expect(ding.body.markdown.title).toContain(t05.title);
  });

  it('gathers a unit’s reminders of the day into one email and one robot message when the unit asks for a digest; an escalation is not held back', async () => {
    const digestUnit = await makeUnit(db, '通知汇总单位', ['reporter']);
    const reporter = digestUnit.people[0];
    await db.query(`INSERT INTO unit_notification_setting (unit_id, digest, digest_window_seconds) VALUES ($1, true, 3)`, [digestUnit.unitId]);
    channelIds.push(await addChannel(db, { personId: reporter.id, type: 'email', kinds: ['*'] }));
    channelIds.push(await addChannel(db, { unitId: digestUnit.unitId, type: 'wecom', target: hooks.url('/wecom?key=wecom-key'), kinds: ['*'] }));
    const five = items.slice(0, 5);
    for (const item of five) expect(await notify('reminder.pre-due:digest', 'reminder.pre-due', [reporter.id], item)).toBe(1);
    expect(await notify('escalation:0:blue:digest', 'escalation.blue', [reporter.id], items[6])).toBe(1);

    const rows = await allDelivered('reminder.pre-due:digest', 10);
    expect(new Set(rows.filter((r) => r.channel === 'email').map((r) => r.digest_key)).size).toBe(1);
    const critical = await allDelivered(':2019Q2:escalation:0:blue:digest', 2);
    // Written after the reminders, out before their digest closed.
    const firstDigest = Math.min(...rows.map((r) => new Date(r.delivered_at as Date).getTime()));
    expect(critical.every((r) => r.digest_key === null && new Date(r.delivered_at as Date).getTime() < firstDigest)).toBe(true);

    const mails = smtp.distinct().filter((m) => m.to.includes(reporter.email));
    const digests = mails.filter((m) => m.subject.includes('报告提醒汇总'));
    expect(digests).toHaveLength(1);
    expect(digests[0].subject).toContain('5');
    for (const item of five) expect(digests[0].text).toContain(item.title);
    expect(mails.filter((m) => m.subject.includes('【蓝色督办单】'))).toHaveLength(1);
    expect(mails).toHaveLength(2);
    const robot = hooks.distinct('/wecom').filter((h) => h.body.markdown.content.includes(digestUnit.unitName));
    expect(robot.filter((h) => h.body.markdown.content.includes('报告提醒汇总'))).toHaveLength(1);
  });

  it('delivers once, after the SMTP server stops refusing (20 s of 451 on RCPT)', async () => {
    const t08 = items.find((i) => i.code === 'T08') as SeedItem;
    smtp.refuseUntil = Date.now() + 20_000;
    const refusedBefore = smtp.refused;
    expect(await notify('reminder.due:lead', 'reminder.due', [person('reporter').id], t08)).toBe(1);
    const [row] = await eventually(
      'the refused email delivered',
      async () => {
        const rows = (await deliveriesOf(':T08:2019Q2:reminder.due:lead')).filter((r) => r.channel === 'email');
        return rows.length === 1 && rows[0].status === 'delivered' ? rows : undefined;
      },
      90_000,
    );
    expect(smtp.refused - refusedBefore).toBeGreaterThanOrEqual(2);
    expect(row.attempts).toBeGreaterThanOrEqual(2);
    const received = smtp.mails.filter((m) => m.idempotencyKey === row.key);
    expect(received).toHaveLength(1);
    expect(received[0].subject).toContain('【今日到期】');
  }, 120_000);

  it('marks a delivery the receiver rejects as failed, shows it to admins and alerts them once', async () => {
    const broken = await makeUnit(db, '通知失败单位', ['reporter']);
    channelIds.push(await addChannel(db, { unitId: broken.unitId, type: 'webhook', target: hooks.url('/broken'), secret: 'x', kinds: ['*'] }));
    const t10 = items.find((i) => i.code === 'T10') as SeedItem;
    expect(await notify('reminder.open:broken', 'reminder.open', [broken.people[0].id], t10)).toBe(1);
    const [failed] = await eventually('the failed delivery', async () => {
      const rows = await deliveriesOf(':T10:2019Q2:reminder.open:broken');
      return rows.length === 1 && rows[0].status === 'failed' ? rows : undefined;
    });
    expect(failed.last_error).toContain('HTTP 400');

    const admin = await signIn('sysadmin');
    const listed = await api('GET', `/deliveries?status=failed&itemId=${t10.id}`, { token: admin });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      expect.objectContaining({ id: failed.id, status: 'failed', attempts: 1, channel: 'webhook', lastError: expect.stringContaining('HTTP 400') }),
    ]);
    expect((await api('GET', '/deliveries', { token: await signIn('gxw-reporter') })).status).toBe(403);
    expect((await api('GET', '/deliveries?status=lost', { token: admin })).status).toBe(400);

    const alerts = await eventually('the admin alert', async () => {
      const rows = (await db.query(`SELECT key, subject FROM notification WHERE kind = 'delivery.failed' AND key LIKE $1`, [
        `delivery-failed:${failed.id}:%`,
      ])) as { key: string; subject: string }[];
      return rows.length > 0 ? rows : undefined;
    });
    const admins = (await db.query(`SELECT count(*)::int AS n FROM person WHERE role = 'system-admin'`)) as { n: number }[];
    expect(alerts).toHaveLength(admins[0].n);
    expect(alerts[0].subject).toContain('【投递失败】');
  });

  it('a repeated step (an activity retried) inserts nothing and sends nothing again', async () => {
    const t02 = items.find((i) => i.code === 'T02') as SeedItem;
    expect(await notify('reminder.open:lead', 'reminder.open', [person('reporter').id, person('unit-head').id], t02)).toBe(0);
    // A later step as a marker: fan-out goes in order, so once it is out the repeat would have been too.
    const t03 = items.find((i) => i.code === 'T03') as SeedItem;
    expect(await notify('reminder.open:marker', 'reminder.open', [person('reporter').id], t03)).toBe(1);
    await allDelivered(':T03:2019Q2:reminder.open:marker', 3);
    expect(await deliveriesOf(':T02:2019Q2:reminder.open:lead')).toHaveLength(3);
    expect(smtp.mails.filter((m) => m.idempotencyKey.startsWith(`${prefix}:T02:2019Q2:reminder.open`))).toHaveLength(1);
  });

  it('lets admins configure channels and digests through the API, never showing a secret or a robot key', async () => {
    const admin = await signIn('sysadmin');
    const unitOf = await makeUnit(db, '通知配置单位', ['reporter']);
    const post = (body: unknown, token = admin) => api('POST', '/deliveries/channels', { token, body });
    expect(
      (await post({ unitId: unitOf.unitId, type: 'wecom', target: hooks.url('/wecom?key=wecom-key'), kinds: ['*'] }, await signIn('supervisor'))).status,
    ).toBe(403);
    expect(await post({ unitId: unitOf.unitId, personId: unitOf.people[0].id, type: 'email', target: 'a@example.test', kinds: ['*'] })).toMatchObject({
      status: 400,
      body: { field: 'unitId' },
    });
    expect(await post({ unitId: unitOf.unitId, type: 'webhook', target: 'not a url', kinds: ['*'] })).toMatchObject({ status: 400, body: { field: 'target' } });
    expect((await post({ unitId: unitOf.unitId, type: 'webhook', target: hooks.url('/hook'), kinds: ['reminder.*', 'no spaces allowed'] })).status).toBe(400);
    expect((await post({ unitId: '00000000-0000-4000-8000-000000000000', type: 'wecom', target: hooks.url('/wecom?key=k'), kinds: ['*'] })).status).toBe(404);

    const robot = await post({
      unitId: unitOf.unitId,
      type: 'dingtalk',
      target: hooks.url('/dingtalk?access_token=ding-token'),
      secret: 'SEC-e2e-ding',
      kinds: ['reminder.*'],
    });
    expect(robot.status).toBe(201);
    expect(robot.body).toMatchObject({ type: 'dingtalk', hasSecret: true, enabled: true, kinds: ['reminder.*'], target: `${hooks.url('/dingtalk')}?…` });
    expect(JSON.stringify(robot.body)).not.toContain('SEC-e2e-ding');
    expect(JSON.stringify(robot.body)).not.toContain('ding-token');
    channelIds.push(robot.body.id);

    expect(await api('PUT', `/deliveries/units/${unitOf.unitId}/digest`, { token: admin, body: { digest: true, windowSeconds: 600 } })).toMatchObject({
      status: 200,
      body: { digest: true, windowSeconds: 600 },
    });
    expect(await api('PATCH', `/deliveries/channels/${robot.body.id}`, { token: admin, body: { enabled: false } })).toMatchObject({
      status: 200,
      body: { enabled: false },
    });
    expect((await api('GET', `/deliveries/channels?unitId=${unitOf.unitId}`, { token: admin })).body).toHaveLength(1);
    expect((await api('DELETE', `/deliveries/channels/${robot.body.id}`, { token: admin })).status).toBe(204);
    expect((await api('GET', `/deliveries/channels?unitId=${unitOf.unitId}`, { token: admin })).body).toEqual([]);
    expect((await api('DELETE', `/deliveries/channels/${robot.body.id}`, { token: admin })).status).toBe(404);
  });
});
