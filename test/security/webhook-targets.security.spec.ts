import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDataSource, SupervisionRecords } from '@duban/domain';
import type { DataSource } from 'typeorm';
import { testEnvironment } from '../support/env';
import { api, eventually, signIn } from '../support/http';
import { addChannel, importSeedPlan, makeUnit, recordPeriods, retireChannels, type SeedItem } from '../support/notification-fixtures';
import { startExtraApi } from './support/extra-api';

const BODY_SECRET = 'internal-answer-7f3a: db_password=hunter2';

/** A receiver on every interface (so 127.0.0.2 would reach it), answering by path and counting what it got. */
class Receiver {
  readonly hits: string[] = [];
  private server?: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        this.hits.push(path);
        if (path === '/redirect') res.writeHead(302, { location: `http://127.0.0.1:${this.port}/landing` }).end();
        else if (path === '/error') res.writeHead(500, { 'content-type': 'text/plain' }).end(BODY_SECRET);
        else if (path === '/refuse') res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: BODY_SECRET }));
        else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '0.0.0.0', () => resolve()));
    this.port = (this.server?.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Issue 12 (webhook targets): no internal addresses, no redirects, no answer text kept. */
describe('webhook channel targets', () => {
  const receiver = new Receiver();
  let db: DataSource;
  let records: SupervisionRecords;
  let item: SeedItem;
  let admin: string;
  const channelIds: string[] = [];
  const prefix = `item:HOOKSEC${Date.now()}`;

  beforeAll(async () => {
    await receiver.start();
    db = await createDataSource(testEnvironment().databaseUrl).initialize();
    records = new SupervisionRecords(db);
    const { items } = await importSeedPlan(await signIn('supervisor'), `7${Date.now() % 100000}`);
    item = items[0];
    await recordPeriods(records, prefix, [item], '2019Q2', '2019-07-10');
    admin = await signIn('sysadmin');
  });

  afterAll(async () => {
    if (channelIds.length > 0) await retireChannels(db, channelIds);
    await db?.destroy();
    await receiver.stop();
  });

  /** A unit of its own with one webhook channel, and one notification to its reporter; returns the delivery row. */
  async function deliverTo(target: string, label: string): Promise<{ status: string; last_error: string | null }> {
    const unit = await makeUnit(db, `钩子安全-${label}`, ['reporter']);
    channelIds.push(await addChannel(db, { unitId: unit.unitId, type: 'webhook', target, secret: 'hook-secret', kinds: ['*'] }));
    await records.notify({
      stepKey: `${prefix}:${item.code}:2019Q2:${label}`,
      recipientIds: [unit.people[0].id],
      channel: 'inbox',
      kind: 'reminder.open',
      itemId: item.id,
      periodKey: '2019Q2',
      subject: 'subject',
      body: 'body',
    });
    return eventually(`the webhook delivery of ${label}`, async () => {
      const rows = (await db.query(`SELECT status, last_error FROM notification_delivery WHERE key LIKE $1 AND channel = 'webhook'`, [
        `${prefix}%:${label}>%`,
      ])) as { status: string; last_error: string | null }[];
      return rows.length === 1 && rows[0].last_error !== null ? rows[0] : undefined;
    });
  }

  const post = (token: string, target: string, base?: string) =>
    base
      ? fetch(`${base}/deliveries/channels`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ unitId: unitIdForPosts, type: 'webhook', target, kinds: ['*'] }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }))
      : api('POST', '/deliveries/channels', { token, body: { unitId: unitIdForPosts, type: 'webhook', target, kinds: ['*'] } });
  let unitIdForPosts: string;

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://100.100.100.200/latest/meta-data/',
    'http://10.0.0.1/hook',
    'http://192.168.1.10/hook',
    'http://172.16.5.4/hook',
    'http://127.0.0.2/hook',
    'http://[::1]/hook',
    'http://[::ffff:169.254.169.254]/',
    'ftp://hooks.example.test/hook',
  ])('refuses a channel pointing at %s with a 400 on target, storing nothing', async (target) => {
    unitIdForPosts ??= (await makeUnit(db, '钩子安全-post', ['reporter'])).unitId;
    const before = (await db.query(`SELECT count(*)::int AS n FROM notification_channel WHERE unit_id = $1`, [unitIdForPosts]))[0].n;
    const res = await post(admin, target);
    expect(res).toMatchObject({ status: 400, body: { field: 'target' } });
    expect((await db.query(`SELECT count(*)::int AS n FROM notification_channel WHERE unit_id = $1`, [unitIdForPosts]))[0].n).toBe(before);
  });

  it('refuses loopback unless WEBHOOK_ALLOWED_ADDRESSES lists it (the test stack lists 127.0.0.1)', async () => {
    unitIdForPosts ??= (await makeUnit(db, '钩子安全-post', ['reporter'])).unitId;
    const target = `http://127.0.0.1:${receiver.port}/ok`;
    const allowed = await post(admin, target);
    expect(allowed.status).toBe(201);
    channelIds.push(allowed.body.id);
    const strict = await startExtraApi('no-allow-list', { WEBHOOK_ALLOWED_ADDRESSES: '' });
    try {
      expect(await post(admin, target, strict.url)).toMatchObject({ status: 400, body: { field: 'target' } });
    } finally {
      await strict.stop();
    }
  }, 180_000);

  it('checks again at send time: a stored target inside the network is never contacted', async () => {
    const row = await deliverTo(`http://127.0.0.2:${receiver.port}/inside`, 'inside');
    expect(row).toEqual({ status: 'failed', last_error: 'webhook: target refused (address)' });
    expect(receiver.hits).not.toContain('/inside');
  });

  it('does not follow redirects', async () => {
    const row = await deliverTo(`http://127.0.0.1:${receiver.port}/redirect`, 'redirect');
    expect(row).toEqual({ status: 'failed', last_error: 'webhook: HTTP 302 (redirect not followed)' });
    expect(receiver.hits).toContain('/redirect');
    expect(receiver.hits).not.toContain('/landing');
  });

  it('keeps only the status in lastError, never the answer body', async () => {
    const refused = await deliverTo(`http://127.0.0.1:${receiver.port}/refuse`, 'refuse');
    expect(refused).toEqual({ status: 'failed', last_error: 'webhook: HTTP 400' });
    const retried = await deliverTo(`http://127.0.0.1:${receiver.port}/error`, 'error');
    expect(retried.last_error).toBe('webhook: HTTP 500');
    const listed = await api<Array<{ lastError: string | null }>>('GET', `/deliveries?itemId=${item.id}`, { token: admin });
    expect(listed.status).toBe(200);
    expect(listed.body.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(listed.body)).not.toContain('hunter2');
    const stored = (await db.query(`SELECT count(*)::int AS n FROM notification_delivery WHERE last_error LIKE '%hunter2%'`))[0].n;
    expect(stored).toBe(0);
  });
});
