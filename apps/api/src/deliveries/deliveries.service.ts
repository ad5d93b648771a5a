import { Injectable } from '@nestjs/common';
import { NotificationDelivery } from '@duban/domain';
import { redactTarget } from '@duban/notifications';
import { DataSource } from 'typeorm';
import type { DeliveryQueryDto, DeliveryResponseDto } from './dto';

/** Reads the outbox: what went out on email and webhooks, what is still trying, what failed for good. */
@Injectable()
export class DeliveriesService {
  constructor(private readonly db: DataSource) {}

  async list(query: DeliveryQueryDto): Promise<DeliveryResponseDto[]> {
    const rows = await this.db.getRepository(NotificationDelivery).find({
      where: { ...(query.status ? { status: query.status } : {}), ...(query.itemId ? { itemId: query.itemId } : {}) },
      order: { updatedAt: 'DESC', id: 'ASC' },
      take: query.limit ?? 100,
    });
    return rows.map((d) => ({
      id: d.id,
      key: d.key,
      notificationId: d.notificationId,
      itemId: d.itemId,
      recipientId: d.recipientId,
      unitId: d.unitId,
      channel: d.channel,
      target: redactTarget(d.target),
      kind: d.kind,
      critical: d.critical,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      nextAttemptAt: d.nextAttemptAt,
      deliveredAt: d.deliveredAt,
      createdAt: d.createdAt,
    }));
  }
}
