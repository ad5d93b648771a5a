import { ConfigError, loadConfig } from './config';

const valid = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/duban', JWT_SECRET: 'x'.repeat(32) };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(valid);
    expect(config.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'duban-supervision', workflowBundle: undefined });
    expect(config.api).toEqual({ port: 3000, host: '127.0.0.1' });
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
});
