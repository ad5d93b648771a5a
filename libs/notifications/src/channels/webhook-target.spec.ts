import { WebhookTargetError, WebhookTargetPolicy } from './webhook-target';

const resolvesTo =
  (table: Record<string, string[]>) =>
  (hostname: string): Promise<Array<{ address: string; family: number }>> =>
    table[hostname]
      ? Promise.resolve(table[hostname].map((address) => ({ address, family: address.includes(':') ? 6 : 4 })))
      : Promise.reject(new Error('ENOTFOUND'));

async function refusal(policy: WebhookTargetPolicy, url: string): Promise<string | undefined> {
  try {
    await policy.check(url);
    return undefined;
  } catch (err) {
    return err instanceof WebhookTargetError ? err.reason : `unexpected ${String(err)}`;
  }
}

describe('webhook target policy', () => {
  const lookup = resolvesTo({
    'hooks.example.com': ['93.184.216.34'],
    'rebind.example.com': ['93.184.216.34', '10.0.0.5'],
    'metadata.example.com': ['169.254.169.254'],
    'v6.example.com': ['2606:2800:220:1:248:1893:25c8:1946'],
  });
  const policy = new WebhookTargetPolicy([], lookup);

  it('lets public http(s) targets through', async () => {
    expect(await refusal(policy, 'https://hooks.example.com/robot?key=1')).toBeUndefined();
    expect(await refusal(policy, 'http://93.184.216.34:8080/hook')).toBeUndefined();
    expect(await refusal(policy, 'https://v6.example.com/')).toBeUndefined();
  });

  it.each([
    'http://127.0.0.1:3000/hook',
    'http://127.1/hook',
    'http://2130706433/hook',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.100.100.200/latest/meta-data/',
    'http://10.1.2.3/',
    'http://172.16.0.1/',
    'http://192.168.1.1/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://0.0.0.0/',
    'https://metadata.example.com/',
    'https://rebind.example.com/',
  ])('refuses %s (loopback, private, link-local, metadata or a name resolving to one)', async (url) => {
    expect(await refusal(policy, url)).toBe('address');
  });

  it('refuses other schemes and names that do not resolve', async () => {
    expect(await refusal(policy, 'file:///etc/passwd')).toBe('scheme');
    expect(await refusal(policy, 'gopher://hooks.example.com/')).toBe('scheme');
    expect(await refusal(policy, 'not a url')).toBe('scheme');
    expect(await refusal(policy, 'https://nowhere.example.com/')).toBe('unresolved');
  });

  it('lets through what the allow-list names, and nothing more', async () => {
    const allowing = new WebhookTargetPolicy(['127.0.0.1', '10.0.0.0/8'], lookup);
    expect(await refusal(allowing, 'http://127.0.0.1:3000/hook')).toBeUndefined();
    expect(await refusal(allowing, 'http://10.200.0.1/hook')).toBeUndefined();
    expect(await refusal(allowing, 'https://rebind.example.com/')).toBeUndefined();
    expect(await refusal(allowing, 'http://127.0.0.2/hook')).toBe('address');
    expect(await refusal(allowing, 'http://169.254.169.254/')).toBe('address');
  });

  it('refuses at connection time what a name resolves to then', async () => {
    const connect = policy.connectLookup();
    const answer = (host: string) =>
      new Promise<{ err: Error | null; address: unknown }>((resolve) => connect(host, {}, (err, address) => resolve({ err, address })));
    expect(await answer('hooks.example.com')).toEqual({ err: null, address: '93.184.216.34' });
    expect((await answer('metadata.example.com')).err).toBeInstanceOf(WebhookTargetError);
    expect((await answer('nowhere.example.com')).err).toBeInstanceOf(WebhookTargetError);
  });

  it('gives up on a lookup that does not answer', async () => {
    const slow = new WebhookTargetPolicy([], () => new Promise(() => undefined), 50);
    expect(await refusal(slow, 'https://slow.example.com/')).toBe('unresolved');
  });
});
