import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * Why a webhook target is refused; the reason is all a caller (and `lastError`) is told, never what the host answered.
 * `scheme`: not http(s). `address`: the host is or resolves to a loopback, private, link-local, metadata or other
 * non-public address not in WEBHOOK_ALLOWED_ADDRESSES. `unresolved`: the name does not resolve.
 */
export type TargetRefusal = 'scheme' | 'address' | 'unresolved';

export class WebhookTargetError extends Error {
  constructor(readonly reason: TargetRefusal) {
    super(`webhook target refused (${reason})`);
    this.name = 'WebhookTargetError';
  }
}

type Lookup = (hostname: string) => Promise<LookupAddress[]>;

const systemLookup: Lookup = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

/**
 * Which addresses a webhook may reach: public unicast ones, and what the allow-list names (addresses or CIDR ranges,
 * e.g. a receiver on the office's own network). ipaddr.js names the ranges (RFC 6890 and friends), so 169.254.169.254
 * (link-local, the cloud metadata address), 100.100.100.200 (carrier-grade NAT), fd00::/8, ::1 and IPv4-mapped
 * forms of all of them are refused without a list of our own.
 */
export class WebhookTargetPolicy {
  private readonly allowed: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;

  constructor(
    allowList: string[] = [],
    private readonly lookup: Lookup = systemLookup,
    private readonly lookupTimeoutMs = 5000,
  ) {
    this.allowed = allowList.map((entry) => (entry.includes('/') ? ipaddr.parseCIDR(entry) : fullRange(entry)));
  }

  /** Whether one resolved address may be reached. */
  mayReach(address: string): boolean {
    if (!ipaddr.isValid(address)) return false;
    const parsed = ipaddr.process(address);
    if (this.allowed.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits))) return true;
    return parsed.range() === 'unicast';
  }

  /** Refuses a URL that is not http(s), whose host is not a public address, or whose name resolves to one that is not. */
  async check(target: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new WebhookTargetError('scheme');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookTargetError('scheme');
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const addresses = ipaddr.isValid(host) ? [host] : (await this.resolve(host)).map((a) => a.address);
    // Every address the name has must be allowed: a client may connect to any of them.
    if (addresses.length === 0 || !addresses.every((a) => this.mayReach(a))) throw new WebhookTargetError('address');
  }

  /**
   * A `lookup` for node:http that refuses non-public answers at connection time: the name is resolved once more when
   * the message is sent, and the socket goes to the very address that was checked (no DNS rebinding in between).
   */
  connectLookup(): (hostname: string, options: unknown, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => void {
    return (hostname, options, callback) => {
      const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all === true;
      this.resolve(hostname).then(
        (addresses) => {
          if (addresses.length === 0 || !addresses.every((a) => this.mayReach(a.address))) return callback(new WebhookTargetError('address'), '', 0);
          if (all) return callback(null, addresses);
          return callback(null, addresses[0].address, addresses[0].family);
        },
        () => callback(new WebhookTargetError('unresolved'), '', 0),
      );
    };
  }

  private async resolve(hostname: string): Promise<LookupAddress[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new WebhookTargetError('unresolved')), this.lookupTimeoutMs);
    });
    try {
      return await Promise.race([this.lookup(hostname), timeout]);
    } catch {
      throw new WebhookTargetError('unresolved');
    } finally {
      clearTimeout(timer);
    }
  }
}

function fullRange(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  const plain = ipaddr.process(entry);
  return [plain, plain.kind() === 'ipv4' ? 32 : 128];
}
