import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DeliveryError, idempotencyHeader, type ChannelSender, type ChannelTarget, type OutgoingMessage } from './message';
import { WebhookTargetError, WebhookTargetPolicy } from './webhook-target';

export const SIGNATURE_HEADER = 'X-Duban-Signature';
export const IDEMPOTENCY_HEADER = 'X-Duban-Idempotency-Key';
export const TIMESTAMP_HEADER = 'X-Duban-Timestamp';

/**
 * HMAC-SHA256 with the channel's secret over `<timestamp>.<raw body>`, as `sha256=<hex>`; the timestamp (Unix seconds,
 * sent as X-Duban-Timestamp) lets a receiver refuse a replayed old message.
 */
export function signBody(rawBody: string | Buffer, secret: string, timestamp: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
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

/**
 * The robots render markdown and some HTML (WeCom's <font>, links, images), while a message's subject and text are plain
 * text holding names from records. Each character that starts markup becomes its full-width form, which reads the
 * same to a Chinese reader and is never markup; URLs (the item link) use none of them and stay clickable.
 */
const MARKUP = /[<>[\]()*_`#~|!\\]/g;
export function robotText(text: string): string {
  return text.replace(MARKUP, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** WeCom (企业微信) group robot: a markdown message. */
export function wecomPayload(message: OutgoingMessage): Record<string, unknown> {
  return { msgtype: 'markdown', markdown: { content: `**${robotText(message.subject)}**\n\n${robotText(message.text)}` } };
}

/** DingTalk (钉钉) group robot: a markdown message with a title. */
export function dingtalkPayload(message: OutgoingMessage): Record<string, unknown> {
  return { msgtype: 'markdown', markdown: { title: robotText(message.subject), text: `#### ${robotText(message.subject)}\n\n${robotText(message.text)}` } };
}

/** DingTalk's signed URL: timestamp and base64 HMAC-SHA256 of "timestamp\nsecret" keyed by the secret. */
export function dingtalkSignedUrl(url: string, secret: string, now: number): string {
  const sign = createHmac('sha256', secret).update(`${now}\n${secret}`).digest('base64');
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(now));
  signed.searchParams.set('sign', sign);
  return signed.toString();
}

/** How much of an answer is read: enough for a robot's `{"errcode":0}`, never kept. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Posts JSON to generic webhooks and to WeCom / DingTalk group robots over node:http(s), whose `lookup` is the target
 * policy's: the address is checked when the socket connects, redirects are not followed (node:http never follows
 * them), and `lastError` gets the status or a short fixed reason, never the answer's text.
 */
export class WebhookSender implements ChannelSender {
  constructor(
    private readonly timeoutMs: number,
    private readonly policy: WebhookTargetPolicy = new WebhookTargetPolicy(),
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
    if (target.type === 'webhook' && target.secret) {
      const timestamp = String(Math.floor(this.now() / 1000));
      headers[TIMESTAMP_HEADER] = timestamp;
      headers[SIGNATURE_HEADER] = signBody(body, target.secret, timestamp);
    }
    if (target.type === 'dingtalk' && target.secret) url = dingtalkSignedUrl(url, target.secret, this.now());
    try {
      await this.policy.check(url);
    } catch (err) {
      if (err instanceof WebhookTargetError) throw new DeliveryError(`${target.type}: target refused (${err.reason})`, true);
      throw err;
    }
    const answer = await this.post(url, headers, body).catch((err: unknown) => {
      if (err instanceof WebhookTargetError) throw new DeliveryError(`${target.type}: target refused (${err.reason})`, true);
      throw new DeliveryError(`${target.type}: ${transportReason(err)}`);
    });
    if (answer.status >= 300 && answer.status < 400) throw new DeliveryError(`${target.type}: HTTP ${answer.status} (redirect not followed)`, true);
    // A 4xx other than a timeout or a rate limit says the request itself is wrong: retrying will not help.
    if (answer.status < 200 || answer.status >= 300)
      throw new DeliveryError(
        `${target.type}: HTTP ${answer.status}`,
        answer.status >= 400 && answer.status < 500 && answer.status !== 408 && answer.status !== 429,
      );
    if (target.type === 'wecom' || target.type === 'dingtalk') {
      // The robots answer 200 with an errcode; anything but 0 did not post. Only a numeric code is kept.
      let errcode: unknown;
      try {
        errcode = (JSON.parse(answer.text) as { errcode?: unknown }).errcode ?? 0;
      } catch {
        throw new DeliveryError(`${target.type}: unreadable answer`);
      }
      if (errcode !== 0) throw new DeliveryError(`${target.type}: errcode ${Number.isSafeInteger(errcode) ? String(errcode) : 'not a number'}`);
    }
  }

  private post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
    const parsed = new URL(url);
    const request = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        parsed,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          lookup: this.policy.connectLookup() as never,
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new TimeoutError()));
      req.on('error', reject);
      req.end(body);
    });
  }
}

class TimeoutError extends Error {}

/** A fixed reason for a failed connection: its kind, not a message that may quote the host's words. */
function transportReason(err: unknown): string {
  if (err instanceof TimeoutError) return 'timed out';
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^E[A-Z_]+$/.test(code) ? `connection failed (${code})` : 'connection failed';
}
