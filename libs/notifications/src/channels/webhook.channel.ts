import { createHmac } from 'node:crypto';
import { DeliveryError, idempotencyHeader, type ChannelSender, type ChannelTarget, type OutgoingMessage } from './message';

export const SIGNATURE_HEADER = 'X-Duban-Signature';
export const IDEMPOTENCY_HEADER = 'X-Duban-Idempotency-Key';

/** HMAC-SHA256 of the raw body with the channel's secret, as `sha256=<hex>`. */
export function signBody(rawBody: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Generic JSON webhook: the message and its idempotency key; signed when the channel has a secret. */
export function genericPayload(message: OutgoingMessage): Record<string, unknown> {
  return {
    idempotencyKey: message.idempotencyKey,
    kind: message.kind,
    critical: message.critical,
    locale: message.locale,
    subject: message.subject,
    text: message.text,
    link: message.link,
    itemId: message.itemId,
    periodKey: message.periodKey,
    notificationKeys: message.notificationKeys,
  };
}

/** WeCom (企业微信) group robot: a markdown message. */
export function wecomPayload(message: OutgoingMessage): Record<string, unknown> {
  return { msgtype: 'markdown', markdown: { content: `**${message.subject}**\n\n${message.text}` } };
}

/** DingTalk (钉钉) group robot: a markdown message with a title. */
export function dingtalkPayload(message: OutgoingMessage): Record<string, unknown> {
  return { msgtype: 'markdown', markdown: { title: message.subject, text: `#### ${message.subject}\n\n${message.text}` } };
}

/** DingTalk's signed URL: timestamp and base64 HMAC-SHA256 of "timestamp\nsecret" keyed by the secret. */
export function dingtalkSignedUrl(url: string, secret: string, now: number): string {
  const sign = createHmac('sha256', secret).update(`${now}\n${secret}`).digest('base64');
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(now));
  signed.searchParams.set('sign', sign);
  return signed.toString();
}

/** Posts JSON to generic webhooks and to WeCom / DingTalk group robots. */
export class WebhookSender implements ChannelSender {
  constructor(
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async send(target: ChannelTarget, message: OutgoingMessage): Promise<void> {
    const payload = target.type === 'wecom' ? wecomPayload(message) : target.type === 'dingtalk' ? dingtalkPayload(message) : genericPayload(message);
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      [IDEMPOTENCY_HEADER]: idempotencyHeader(message.idempotencyKey),
    };
    let url = target.target;
    if (target.type === 'webhook' && target.secret) headers[SIGNATURE_HEADER] = signBody(body, target.secret);
    if (target.type === 'dingtalk' && target.secret) url = dingtalkSignedUrl(url, target.secret, this.now());
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new DeliveryError(`${target.type}: ${(err as Error).message}`);
    }
    const text = await res.text().catch(() => '');
    // A 4xx other than a timeout or a rate limit says the request itself is wrong: retrying will not help.
    if (!res.ok)
      throw new DeliveryError(
        `${target.type}: HTTP ${res.status} ${text.slice(0, 200)}`,
        res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429,
      );
    if (target.type === 'wecom' || target.type === 'dingtalk') {
      // The robots answer 200 with an errcode; anything but 0 did not post.
      let errcode: unknown = 0;
      try {
        errcode = (JSON.parse(text) as { errcode?: unknown }).errcode ?? 0;
      } catch {
        throw new DeliveryError(`${target.type}: unreadable answer ${text.slice(0, 200)}`);
      }
      if (errcode !== 0) throw new DeliveryError(`${target.type}: errcode ${String(errcode)} ${text.slice(0, 200)}`);
    }
  }
}
