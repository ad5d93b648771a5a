import 'reflect-metadata';
import { createDataSource, SupervisionRecords } from '@duban/domain';
import type { DataSource } from 'typeorm';
import { testEnvironment } from '../support/env';
import { eventually, signIn } from '../support/http';
import { addChannel, importSeedPlan, makeUnit, recordPeriods, retireChannels, type SeedItem } from '../support/notification-fixtures';
import { TestSmtpServer, TestWebhookReceiver } from '../support/notification-receivers';
import { killWorker, startWorker } from '../support/worker-control';

const STEPS = ['open', 'pre-due', 'due'] as const;

/**
 * Issue 6: kill -9 the worker in the middle of the fan-out of reminders for all 17 items of the seed plan;
 * after a restart every recipient has exactly one message per step on each channel.
 */
describe('notification fan-out survives a worker crash', () => {
  const smtp = new TestSmtpServer();
  const hooks = new TestWebhookReceiver({ webhook: 'crash-webhook-secret', dingtalk: 'SEC-crash-ding' });
  let db: DataSource;
  let records: SupervisionRecords;
  let items: SeedItem[];
  let unit: Awaited<ReturnType<typeof makeUnit>>;
  const channelIds: string[] = [];
  const prefix = `item:NOTIFYCRASH${Date.now()}`;

  beforeAll(async () => {
    await smtp.start(Number(new URL(testEnvironment().appEnv.SMTP_URL).port));
    await hooks.start();
    // Slow receivers keep the fan-out in flight long enough to kill the worker in its middle.
    smtp.delayMs = 40;
    hooks.delayMs = 40;
    db = await createDataSource(testEnvironment().databaseUrl).initialize();
    records = new SupervisionRecords(db);
    ({ items } = await importSeedPlan(await signIn('supervisor'), `7${Date.now() % 100000}`));
    unit = await makeUnit(db, '通知测试单位', ['reporter', 'unit-head']);
    for (const person of unit.people) channelIds.push(await addChannel(db, { personId: person.id, type: 'email', kinds: ['*'] }));
    channelIds.push(
      await addChannel(db, { unitId: unit.unitId, type: 'webhook', target: hooks.url('/hook'), secret: 'crash-webhook-secret', kinds: ['reminder.*'] }),
    );
    channelIds.push(await addChannel(db, { unitId: unit.unitId, type: 'wecom', target: hooks.url('/wecom?key=wecom-key'), kinds: ['*'] }));
    channelIds.push(
      await addChannel(db, {
        unitId: unit.unitId,
        type: 'dingtalk',
        target: hooks.url('/dingtalk?access_token=ding-token'),
        secret: 'SEC-crash-ding',
        kinds: ['reminder.*'],
      }),
    );
    await recordPeriods(records, prefix, items, '2019Q2', '2019-07-10');
  });

  afterAll(async () => {
    await retireChannels(db, channelIds);
    await db.destroy();
    await smtp.stop();
    await hooks.stop();
  });

  it('delivers 102 emails and 51 messages on each of 3 unit channels exactly once, across a kill -9', async () => {
    expect(items).toHaveLength(17);
    const recipients = unit.people.map((p) => p.id);
    // The reminders, written the way the sendReminder activity writes them: one row per recipient per step.
    for (const kind of STEPS) {
      for (const item of items) {
        await records.notify({
          stepKey: `${prefix}:${item.code}:2019Q2:reminder.${kind}:lead`,
          recipientIds: recipients,
          channel: 'inbox',
          kind: `reminder.${kind}`,
          itemId: item.id,
          periodKey: '2019Q2',
          subject: `inbox ${kind}`,
          body: 'inbox',
        });
      }
    }
    const notificationIds = ((await db.query(`SELECT id FROM notification WHERE key LIKE $1`, [`${prefix}:%`])) as { id: string }[]).map((r) => r.id);
    expect(notificationIds).toHaveLength(17 * 3 * 2);
    const expectedDeliveries = 17 * 3 * 2 + 17 * 3 * 3;
    const delivered = async (): Promise<number> =>
      (
        (await db.query(`SELECT count(*)::int AS n FROM notification_delivery WHERE notification_id = ANY($1::uuid[]) AND status = 'delivered'`, [
          notificationIds,
        ])) as { n: number }[]
      )[0].n;

    // Kill as soon as some messages are out: the rest of the fan-out is in flight or not yet started.
    let atKill = 0;
    for (let i = 0; i < 2000 && atKill < 30; i += 1) {
      atKill = await delivered();
      if (atKill < 30) await new Promise((r) => setTimeout(r, 10));
    }
    expect(atKill).toBeGreaterThanOrEqual(30);
    await killWorker();
    const afterKill = await delivered();
    expect(afterKill).toBeLessThan(expectedDeliveries);

    startWorker();
    await eventually('every delivery delivered after the restart', async () => (await delivered()) === expectedDeliveries, 90_000);

    // One delivery row per (notification, channel, target): no second row anywhere.
    const rows = (await db.query(
      `SELECT channel, count(*)::int AS n FROM notification_delivery WHERE notification_id = ANY($1::uuid[]) GROUP BY channel ORDER BY channel`,
      [notificationIds],
    )) as {
      channel: string;
      n: number;
    }[];
    expect(rows).toEqual([
      { channel: 'dingtalk', n: 51 },
      { channel: 'email', n: 102 },
      { channel: 'webhook', n: 51 },
      { channel: 'wecom', n: 51 },
    ]);

    // Email: each recipient has exactly one message per step (the receiver drops a repeated Message-ID).
    const mine = smtp.distinct().filter((m) => m.idempotencyKey.startsWith(prefix));
    expect(mine).toHaveLength(102);
    for (const person of unit.people) {
      for (const kind of STEPS) {
        for (const item of items) {
          const key = `${prefix}:${item.code}:2019Q2:reminder.${kind}:lead:${person.id}:inbox>email:${person.email}`;
          const got = mine.filter((m) => m.idempotencyKey === key);
          expect(got).toHaveLength(1);
          expect(got[0].to).toEqual([person.email]);
          expect(got[0].subject).toContain(item.title);
          expect(got[0].text).toContain(`/items/${item.id}`);
          expect(got[0].text).toContain('2019年7月10日（星期三）');
        }
      }
    }
    // The unit's group channels hear of each step once, whichever of its two people it addressed.
    for (const path of ['/hook', '/wecom', '/dingtalk']) {
      const got = hooks.distinct(path).filter((h) => h.idempotencyKey.startsWith(prefix));
      expect(got).toHaveLength(51);
      expect(got.every((h) => h.signed)).toBe(true);
    }
    // A repeat can only come from a message sent but not yet marked when the worker died: at most one per sender.
    const repeats =
      smtp.mails.filter((m) => m.idempotencyKey.startsWith(prefix)).length -
      mine.length +
      hooks.hooks.filter((h) => h.idempotencyKey.startsWith(prefix)).length -
      153;
    expect(repeats).toBeLessThanOrEqual(8);
    process.stdout.write(`crash test: ${atKill} delivered before kill -9, ${afterKill} after it; ${repeats} repeats dropped by Message-ID / idempotency key\n`);
  });
});
