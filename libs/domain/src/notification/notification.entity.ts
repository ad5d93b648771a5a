import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type NotificationChannel = 'inbox' | 'email' | 'webhook';

/**
 * One message to one recipient on one channel. The key (workflow id + period + step + recipient + channel)
 * is unique, so a retried activity never sends the same message twice.
 */
@Entity('notification')
@Index(['recipientId', 'createdAt'])
export class Notification {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'text', unique: true }) key: string;

  @Column({ type: 'uuid', name: 'recipient_id' }) recipientId: string;

  @Column({ type: 'text' }) channel: NotificationChannel;

  /** reminder.open, reminder.pre-due, reminder.due, report.returned, … */
  @Column({ type: 'text' }) kind: string;

  @Column({ type: 'uuid', name: 'item_id', nullable: true }) itemId: string | null;

  @Column({ type: 'text', name: 'period_key', nullable: true }) periodKey: string | null;

  @Column({ type: 'text' }) subject: string;

  @Column({ type: 'text' }) body: string;

  @Column({ type: 'timestamptz', name: 'read_at', nullable: true }) readAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
}
