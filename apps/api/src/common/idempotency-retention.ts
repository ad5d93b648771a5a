import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IdempotencyService } from '@duban/domain';

/** Idempotency keys are honoured for 24 hours; older answers are purged hourly so the table stays small. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;

@Injectable()
export class IdempotencyRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyRetention.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly store: IdempotencyService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge(), 3600 * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async purge(): Promise<void> {
    try {
      const purged = await this.store.purgeOlderThan(IDEMPOTENCY_RETENTION_HOURS);
      if (purged > 0) this.logger.log(`purged ${purged} idempotency records older than ${IDEMPOTENCY_RETENTION_HOURS} h`);
    } catch (err) {
      this.logger.warn(`idempotency purge failed; next try in an hour: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
