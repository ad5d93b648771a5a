import { createTransport, type Transporter } from 'nodemailer';
import { DeliveryError, idempotencyHeader, messageIdFor, type ChannelSender, type ChannelTarget, type OutgoingMessage } from './message';

export interface EmailSettings {
  smtpUrl?: string;
  from: string;
  timeoutMs: number;
}

/** Email over SMTP (nodemailer). The Message-ID is derived from the idempotency key, so a resend is recognisable. */
export class EmailSender implements ChannelSender {
  private transport?: Transporter;

  constructor(private readonly settings: EmailSettings) {}

  async send(target: ChannelTarget, message: OutgoingMessage): Promise<void> {
    if (!this.settings.smtpUrl) throw new DeliveryError('SMTP_URL is not set', true);
    this.transport ??= createTransport(this.settings.smtpUrl, {
      connectionTimeout: this.settings.timeoutMs,
      greetingTimeout: this.settings.timeoutMs,
      socketTimeout: this.settings.timeoutMs,
    } as Record<string, unknown>);
    try {
      await this.transport.sendMail({
        from: this.settings.from,
        to: target.target,
        subject: message.subject,
        text: message.text,
        messageId: messageIdFor(message.idempotencyKey),
        headers: { 'X-Duban-Idempotency-Key': idempotencyHeader(message.idempotencyKey), 'X-Duban-Kind': message.kind },
      });
    } catch (err) {
      // Relays answer 5xx for passing trouble too (a full queue, a greylist); retries are bounded by the attempt limit.
      throw new DeliveryError(`smtp: ${(err as Error).message}`);
    }
  }

  close(): void {
    this.transport?.close();
  }
}
