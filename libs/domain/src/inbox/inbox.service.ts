import { DataSource, IsNull, type FindOptionsWhere } from 'typeorm';
import { InvalidInputError, NotFoundError } from '../errors';
import { Notification } from '../notification/notification.entity';
import { audit } from '../plan/plan.service';

export interface InboxQuery {
  unreadOnly?: boolean;
  /** The id of the last notification of the previous page. */
  before?: string;
  limit?: number;
}

export interface InboxPage {
  rows: Notification[];
  nextCursor: string | null;
}

/** Each person's inbox: the notifications addressed to them on the inbox channel. */
export class InboxService {
  constructor(private readonly db: DataSource) {}

  async list(personId: string, query: InboxQuery): Promise<InboxPage> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
    const qb = this.db
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.recipient_id = :personId', { personId })
      .andWhere("n.channel = 'inbox'")
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(limit + 1);
    if (query.unreadOnly) qb.andWhere('n.read_at IS NULL');
    if (query.before) {
      const anchor = await this.db.getRepository(Notification).findOneBy({ id: query.before, recipientId: personId });
      if (!anchor) throw new InvalidInputError('cursor: not a notification of yours', 'cursor');
      qb.andWhere('(n.created_at, n.id) < (:at, :id)', { at: anchor.createdAt, id: anchor.id });
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    return { rows: page, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
  }

  async unreadCount(personId: string): Promise<{ unread: number }> {
    const unread = await this.db.getRepository(Notification).countBy({ recipientId: personId, channel: 'inbox', readAt: IsNull() });
    return { unread };
  }

  /** Marking read twice keeps the first time; another person's notification is not found. */
  async markRead(personId: string, notificationId: string): Promise<Notification> {
    return this.db.transaction(async (tx) => {
      const where: FindOptionsWhere<Notification> = { id: notificationId, recipientId: personId };
      const notification = await tx.getRepository(Notification).findOne({ where, lock: { mode: 'pessimistic_write' } });
      if (!notification) throw new NotFoundError('notification', notificationId);
      if (notification.readAt) return notification;
      notification.readAt = new Date();
      await tx.getRepository(Notification).update(notification.id, { readAt: notification.readAt });
      await audit(
        tx,
        personId,
        'notification.read',
        'notification',
        notification.id,
        { readAt: null },
        { readAt: notification.readAt.toISOString() },
        notification.itemId,
      );
      return notification;
    });
  }

  async markAllRead(personId: string): Promise<{ marked: number }> {
    return this.db.transaction(async (tx) => {
      const rows: Array<{ id: string }> = await tx
        .query(`UPDATE notification SET read_at = now() WHERE recipient_id = $1 AND channel = 'inbox' AND read_at IS NULL RETURNING id`, [personId])
        .then((r: [Array<{ id: string }>, number]) => r[0]);
      if (rows.length > 0) await audit(tx, personId, 'notification.read-all', 'person', personId, { unread: rows.length }, { unread: 0 });
      return { marked: rows.length };
    });
  }
}
