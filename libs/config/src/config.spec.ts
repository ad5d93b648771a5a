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
});
