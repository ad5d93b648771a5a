import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { WorkingDayCalendar } from '@duban/calendar';
import type { DubanConfig } from '@duban/config';
import { DeliveryDispatcher, EmailSender, WebhookSender, WebhookTargetPolicy } from '@duban/notifications';
import { DataSource } from 'typeorm';
import { CALENDAR, CONFIG } from './tokens';

/** Runs the notification outbox beside the Temporal worker: fans inbox rows out to email and webhooks. */
@Injectable()
export class DeliveryDispatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryDispatcherService.name);
  private dispatcher?: DeliveryDispatcher;
  private email?: EmailSender;

  constructor(
    @Inject(CONFIG) private readonly config: DubanConfig,
    @Inject(CALENDAR) private readonly calendar: WorkingDayCalendar,
    private readonly db: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    const delivery = this.config.delivery;
    if (!delivery.enabled) {
      this.logger.log('notification delivery is off (DELIVERY_ENABLED=false)');
      return;
    }
    this.email = new EmailSender({ smtpUrl: delivery.smtpUrl, from: delivery.smtpFrom, timeoutMs: delivery.timeoutMs });
    this.dispatcher = new DeliveryDispatcher(delivery, {
      db: this.db,
      calendar: this.calendar,
      email: this.email,
      webhook: new WebhookSender(delivery.timeoutMs, new WebhookTargetPolicy(delivery.webhookAllowedAddresses)),
      log: (level, message) => this.logger[level](message),
    });
    this.dispatcher.start();
    this.logger.log(`delivering notifications every ${delivery.pollMs} ms${delivery.smtpUrl ? '' : ' (no SMTP_URL: email deliveries will fail)'}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher?.stop();
    this.email?.close();
  }
}
