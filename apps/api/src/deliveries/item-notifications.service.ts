import { Injectable } from '@nestjs/common';
import { assertMayReadItem, Notification, NotificationDelivery, OVERSIGHT_ROLES, Person, ReportQueries, Unit } from '@duban/domain';
import { redactTarget } from '@duban/notifications';
import { DataSource, In } from 'typeorm';
import type { CurrentPerson } from '../auth/current-person';
import type { ItemNotificationResponseDto } from './item-notifications.dto';

/** The key of a notification is `<step>:<recipient>:<channel>`; the step is what one send to several people shares. */
function stepOf(key: string): string {
  return key.split(':').slice(0, -2).join(':');
}

/** What Duban sent about one item — reminders, returns, urges, notices — with each message's outside deliveries. */
@Injectable()
export class ItemNotificationsService {
  constructor(
    private readonly db: DataSource,
    private readonly queries: ReportQueries,
  ) {}

  /** Newest first. Readable by whoever may read the item's reports: oversight roles and the item's units. */
  async list(itemId: string, reader: CurrentPerson, limit = 500): Promise<ItemNotificationResponseDto[]> {
    await this.queries.item(itemId);
    await assertMayReadItem(this.db, itemId, reader);
    const oversight = OVERSIGHT_ROLES.includes(reader.role);
    const notifications = await this.db.getRepository(Notification).find({ where: { itemId }, order: { createdAt: 'DESC', id: 'ASC' }, take: limit });
    if (notifications.length === 0) return [];
    const ids = notifications.map((n) => n.id);
    const [people, deliveries] = await Promise.all([
      this.db.getRepository(Person).find({ where: { id: In([...new Set(notifications.map((n) => n.recipientId))]) } }),
      this.db.getRepository(NotificationDelivery).find({ where: { notificationId: In(ids) }, order: { createdAt: 'ASC', id: 'ASC' } }),
    ]);
    const unitIds = [...new Set([...people.map((p) => p.unitId), ...deliveries.map((d) => d.unitId)].filter((id): id is string => !!id))];
    const units = unitIds.length ? await this.db.getRepository(Unit).find({ where: { id: In(unitIds) } }) : [];
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const personById = new Map(people.map((p) => [p.id, p]));
    const deliveriesOf = new Map<string, NotificationDelivery[]>();
    for (const d of deliveries) deliveriesOf.set(d.notificationId, [...(deliveriesOf.get(d.notificationId) ?? []), d]);
    return notifications.map((n) => {
      const person = personById.get(n.recipientId);
      return {
        id: n.id,
        kind: n.kind,
        periodKey: n.periodKey,
        step: stepOf(n.key),
        subject: n.subject,
        body: n.body,
        recipient: person
          ? {
              id: person.id,
              username: person.username,
              displayName: person.displayName,
              role: person.role,
              unitId: person.unitId,
              unitName: person.unitId ? (unitName.get(person.unitId) ?? null) : null,
            }
          : null,
        channel: n.channel,
        readAt: oversight || n.recipientId === reader.id ? n.readAt : null,
        createdAt: n.createdAt,
        deliveries: (deliveriesOf.get(n.id) ?? []).map((d) => ({
          channel: d.channel,
          target: oversight ? redactTarget(d.target) : null,
          unitName: d.unitId ? (unitName.get(d.unitId) ?? null) : null,
          status: d.status,
          attempts: d.attempts,
          lastError: oversight ? d.lastError : null,
          deliveredAt: d.deliveredAt,
        })),
      };
    });
  }
}
