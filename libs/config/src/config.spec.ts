import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';
import { temporalConnectionOptions, temporalWorkerDeployment } from './temporal-connection';

const valid = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/duban', JWT_SECRET: 'x'.repeat(32) };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(valid);
    expect(config.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'duban-supervision', workflowBundle: undefined });
    expect(config.api).toEqual({ port: 3000, host: '127.0.0.1', idempotencyTakeoverSeconds: 300 });
  });

  it('converts numeric settings', () => {
    expect(loadConfig({ ...valid, API_PORT: '8080' }).api.port).toBe(8080);
  });

  it('lists every invalid setting at once', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', JWT_SECRET: 'short', API_PORT: '70000' })).toThrow(ConfigError);
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', JWT_SECRET: 'short', API_PORT: '70000' });
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('JWT_SECRET');
      expect(message).toContain('API_PORT');
    }
  });

  it('reads the calendar adjustments file setting (a .json path; unset means the package alone)', () => {
    expect(loadConfig(valid).calendarAdjustments).toBeUndefined();
    expect(loadConfig({ ...valid, DUBAN_CALENDAR_ADJUSTMENTS: '/etc/duban/calendar.json' }).calendarAdjustments).toBe('/etc/duban/calendar.json');
    expect(() => loadConfig({ ...valid, DUBAN_CALENDAR_ADJUSTMENTS: '/etc/duban/calendar.yaml' })).toThrow(
      /DUBAN_CALENDAR_ADJUSTMENTS must name a \.json file/,
    );
  });

  it('reads the notification delivery settings, with office hours in Asia/Shanghai', () => {
    const defaults = loadConfig(valid).delivery;
    expect(defaults).toMatchObject({
      enabled: true,
      smtpUrl: undefined,
      consoleUrl: 'http://127.0.0.1:3000',
      locale: 'zh-CN',
      pollMs: 2000,
      quietHours: true,
      workingHours: { start: 540, end: 1080 },
    });
    const set = loadConfig({
      ...valid,
      SMTP_URL: 'smtp://127.0.0.1:2525',
      CONSOLE_URL: 'https://duban.example/',
      DELIVERY_POLL_MS: '100',
      DELIVERY_QUIET_HOURS: 'false',
      WORKING_HOURS: '08:30-17:30',
    }).delivery;
    expect(set).toMatchObject({
      smtpUrl: 'smtp://127.0.0.1:2525',
      consoleUrl: 'https://duban.example',
      pollMs: 100,
      quietHours: false,
      workingHours: { start: 510, end: 1050 },
    });
    expect(() => loadConfig({ ...valid, SMTP_URL: 'http://x' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ ...valid, WORKING_HOURS: '18:00-09:00' })).toThrow(/WORKING_HOURS/);
  });

  it('publishes /docs unless production says otherwise, and API_DOCS decides when set', () => {
    expect(loadConfig(valid).apiDocs).toBe(true);
    expect(loadConfig({ ...valid, NODE_ENV: 'production' }).apiDocs).toBe(false);
    expect(loadConfig({ ...valid, NODE_ENV: 'production', API_DOCS: 'true' }).apiDocs).toBe(true);
    expect(loadConfig({ ...valid, API_DOCS: 'false' }).apiDocs).toBe(false);
    expect(() => loadConfig({ ...valid, API_DOCS: 'yes' })).toThrow(/API_DOCS/);
  });

  it('reads the webhook allow-list of addresses and CIDR ranges, refusing anything else', () => {
    expect(loadConfig(valid).delivery.webhookAllowedAddresses).toEqual([]);
    expect(loadConfig({ ...valid, WEBHOOK_ALLOWED_ADDRESSES: '127.0.0.1, 10.20.0.0/16,::1' }).delivery.webhookAllowedAddresses).toEqual([
      '127.0.0.1',
      '10.20.0.0/16',
      '::1',
    ]);
    expect(() => loadConfig({ ...valid, WEBHOOK_ALLOWED_ADDRESSES: '127.0.0.1,intranet.local' })).toThrow(/WEBHOOK_ALLOWED_ADDRESSES: .*intranet\.local/);
  });

  it('reaches Temporal in plaintext by default, over mTLS with TEMPORAL_TLS_*, and sends an API key over TLS', () => {
    expect(temporalConnectionOptions(loadConfig(valid).temporal)).toEqual({ address: '127.0.0.1:7233' });

    const dir = mkdtempSync(join(tmpdir(), 'duban-config-'));
    for (const name of ['client.pem', 'client.key', 'ca.pem']) writeFileSync(join(dir, name), `-- ${name} --`);
    const mtls = loadConfig({
      ...valid,
      TEMPORAL_ADDRESS: 'temporal.example:7233',
      TEMPORAL_TLS_CERT: join(dir, 'client.pem'),
      TEMPORAL_TLS_KEY: join(dir, 'client.key'),
      TEMPORAL_TLS_CA: join(dir, 'ca.pem'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    expect(temporalConnectionOptions(mtls.temporal)).toEqual({
      address: 'temporal.example:7233',
      tls: {
        serverNameOverride: 'temporal.internal',
        serverRootCACertificate: Buffer.from('-- ca.pem --'),
        clientCertPair: { crt: Buffer.from('-- client.pem --'), key: Buffer.from('-- client.key --') },
      },
    });

    const cloud = loadConfig({ ...valid, TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233', TEMPORAL_API_KEY: 'key-123' });
    expect(temporalConnectionOptions(cloud.temporal)).toEqual({ address: 'eu-west-1.aws.api.temporal.io:7233', tls: {}, apiKey: 'key-123' });
  });

  it('runs a worker as a Worker Deployment version when TEMPORAL_DEPLOYMENT_NAME and TEMPORAL_BUILD_ID are set', () => {
    expect(temporalWorkerDeployment(loadConfig(valid).temporal)).toBeUndefined();
    const versioned = loadConfig({ ...valid, TEMPORAL_DEPLOYMENT_NAME: 'duban', TEMPORAL_BUILD_ID: '2026.12.1' });
    expect(temporalWorkerDeployment(versioned.temporal)).toEqual({
      version: { deploymentName: 'duban', buildId: '2026.12.1' },
      useWorkerVersioning: true,
      defaultVersioningBehavior: 'PINNED',
    });
    expect(() => loadConfig({ ...valid, TEMPORAL_BUILD_ID: '2026.12.1' })).toThrow(/TEMPORAL_DEPLOYMENT_NAME and TEMPORAL_BUILD_ID/);
    expect(() => loadConfig({ ...valid, TEMPORAL_DEPLOYMENT_NAME: 'duban city', TEMPORAL_BUILD_ID: 'x' })).toThrow(/TEMPORAL_DEPLOYMENT_NAME must be/);
  });

  it('refuses a client certificate without its key, and names a certificate file that cannot be read', () => {
    expect(() => loadConfig({ ...valid, TEMPORAL_TLS_CERT: '/etc/duban/client.pem' })).toThrow(/TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY/);
    const config = loadConfig({ ...valid, TEMPORAL_TLS_CERT: '/nonexistent/client.pem', TEMPORAL_TLS_KEY: '/nonexistent/client.key' });
    expect(() => temporalConnectionOptions(config.temporal)).toThrow('TEMPORAL_TLS_CERT=/nonexistent/client.pem cannot be read: ENOENT');
  });
});
