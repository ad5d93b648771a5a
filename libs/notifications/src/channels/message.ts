import { createHash } from 'node:crypto';

/** What goes out on a channel: already rendered, with the key a receiver uses to drop a repeat. */
export interface OutgoingMessage {
  /** The same on every attempt of this message (the delivery's batch key). */
  idempotencyKey: string;
  subject: string;
  text: string;
  link: string;
  kind: string;
  critical: boolean;
  itemId: string | null;
  periodKey: string | null;
  /** The inbox notifications this message carries (several for a digest). */
  notificationKeys: string[];
  locale: string;
}

export interface ChannelTarget {
  type: 'email' | 'webhook' | 'wecom' | 'dingtalk';
  /** An email address or a URL. */
  target: string;
  secret: string | null;
}

export interface ChannelSender {
  send(target: ChannelTarget, message: OutgoingMessage): Promise<void>;
}

/** A delivery attempt that failed; `permanent` failures are not retried (a bad address, a missing setting). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** A Message-ID from the idempotency key: deterministic, and valid whatever characters the key has. */
export function messageIdFor(idempotencyKey: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@duban>`;
}

/** The idempotency key as a header value: percent-encoded, since keys may hold Chinese plan codes. */
export function idempotencyHeader(idempotencyKey: string): string {
  return encodeURIComponent(idempotencyKey);
}
