import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One email as the SMTP server received it. */
export interface ReceivedMail {
  messageId: string;
  idempotencyKey: string;
  to: string[];
  subject: string;
  text: string;
}

/** A real SMTP server in the test process; it can refuse recipients for a while (451) and answer slowly. */
export class TestSmtpServer {
  readonly mails: ReceivedMail[] = [];
  refused = 0;
  /** Until this instant (ms), every RCPT is refused with 451. */
  refuseUntil = 0;
  /** Milliseconds to wait before accepting each message's data. */
  delayMs = 0;
  /**
   * The first message this matches is received (kept in `mails`) but never answered: the sender sees no 250, as when
   * it dies between handing a message over and hearing it was taken. Cleared once it has caught one.
   */
  holdFirst: ((mail: ReceivedMail) => boolean) | null = null;
  /** Resolves with the message `holdFirst` caught. */
  readonly held: Promise<ReceivedMail>;
  private onHeld: (mail: ReceivedMail) => void = () => undefined;
  private server?: SMTPServer;

  constructor() {
    this.held = new Promise((resolve) => (this.onHeld = resolve));
  }

  async start(port: number): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (Date.now() < this.refuseUntil) {
          this.refused += 1;
          const err = new Error('mailbox temporarily unavailable') as Error & { responseCode: number };
          err.responseCode = 451;
          return callback(err);
        }
        callback();
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then(async (mail) => {
            if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
            const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
            const received: ReceivedMail = {
              messageId: mail.messageId ?? '',
              idempotencyKey: decodeURIComponent(String(mail.headers.get('x-duban-idempotency-key') ?? '')),
              to,
              subject: mail.subject ?? '',
              text: mail.text ?? '',
            };
            this.mails.push(received);
            if (this.holdFirst?.(received)) {
              this.holdFirst = null;
              this.onHeld(received);
              return; // no answer: the connection stays open until the sender goes away
            }
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, '127.0.0.1', () => resolve());
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** What a receiver keeps after dropping repeats of a Message-ID. */
  distinct(): ReceivedMail[] {
    return [...new Map(this.mails.map((m) => [m.messageId, m])).values()];
  }
}

export interface ReceivedHook {
  path: string;
  idempotencyKey: string;
  body: any;
  /** The X-Duban-Signature (generic) or DingTalk sign checked against the secret. */
  signed: boolean;
}

/** A real HTTP server on 127.0.0.1 receiving generic webhooks, WeCom and DingTalk robot posts; checks signatures. */
export class TestWebhookReceiver {
  readonly hooks: ReceivedHook[] = [];
  delayMs = 0;
  private server?: Server;
  port = 0;

  constructor(private readonly secrets: { webhook: string; dingtalk: string }) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      // A sender killed mid-request (the crash suite's kill -9) resets the connection: not an error of the receiver.
      req.on('error', () => undefined);
      res.on('error', () => undefined);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void (async () => {
          if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
          const raw = Buffer.concat(chunks);
          const url = new URL(req.url ?? '/', 'http://127.0.0.1');
          const path = url.pathname;
          if (path === '/broken') {
            res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"no such hook"}');
            return;
          }
          let signed = false;
          if (path === '/hook') {
            // As the README's receiver: HMAC over `<timestamp>.<body>`, and nothing older than five minutes.
            const timestamp = String(req.headers['x-duban-timestamp'] ?? '');
            const expected = `sha256=${createHmac('sha256', this.secrets.webhook).update(`${timestamp}.`).update(raw).digest('hex')}`;
            const given = String(req.headers['x-duban-signature'] ?? '');
            const fresh = /^\d+$/.test(timestamp) && Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300;
            signed = fresh && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
          } else if (path === '/dingtalk') {
            const timestamp = url.searchParams.get('timestamp') ?? '';
            const sign = createHmac('sha256', this.secrets.dingtalk).update(`${timestamp}\n${this.secrets.dingtalk}`).digest('base64');
            signed = url.searchParams.get('sign') === sign && url.searchParams.get('access_token') === 'ding-token';
          } else if (path === '/wecom') {
            signed = url.searchParams.get('key') === 'wecom-key';
          }
          if (!signed) {
            res.writeHead(401).end('bad signature');
            return;
          }
          this.hooks.push({
            path,
            idempotencyKey: decodeURIComponent(String(req.headers['x-duban-idempotency-key'] ?? '')),
            body: JSON.parse(raw.toString('utf8')),
            signed,
          });
          res.writeHead(200, { 'content-type': 'application/json' }).end(path === '/hook' ? '{"ok":true}' : '{"errcode":0,"errmsg":"ok"}');
        })();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** What a receiver keeps after dropping repeats of an idempotency key. */
  distinct(path: string): ReceivedHook[] {
    return [...new Map(this.hooks.filter((h) => h.path === path).map((h) => [h.idempotencyKey, h])).values()];
  }
}
