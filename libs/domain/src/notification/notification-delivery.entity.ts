import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { DeliveryChannelType } from './notification-channel.entity';

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed';

/**
 * One notification on one outside channel to one target: the outbox row the dispatcher works. The key is
 * unique (notification key + channel + target for a person's channel; step + unit channel for a unit's group
 * robot, so a unit hears of a step once however many of its people were addressed).
 */
@Entity('notification_delivery')
export class NotificationDelivery {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'text', unique: true }) key: string;

  @Column({ type: 'uuid', name: 'notification_id' }) notificationId: string;

  @Column({ type: 'uuid', name: 'item_id', nullable: true }) itemId: string | null;

  @Column({ type: 'uuid', name: 'recipient_id', nullable: true }) recipientId: string | null;

  /** Set for a unit's channel. */
  @Column({ type: 'uuid', name: 'unit_id', nullable: true }) unitId: string | null;

  @Column({ type: 'uuid', name: 'channel_id', nullable: true }) channelId: string | null;

  @Column({ type: 'text' }) channel: DeliveryChannelType;

  /** Email address or webhook URL (without secrets). */
  @Column({ type: 'text' }) target: string;

  @Column({ type: 'text' }) kind: string;

  @Column({ type: 'boolean', default: false }) critical: boolean;

  /** Deliveries that share it go out as one message (a unit's reminders of a day). */
  @Column({ type: 'text', name: 'digest_key', nullable: true }) digestKey: string | null;

  /** Fixed when a message is claimed; its Message-ID / idempotency key, the same on every retry. */
  @Column({ type: 'text', name: 'batch_key', nullable: true }) batchKey: string | null;

  @Column({ type: 'text', default: 'pending' }) status: DeliveryStatus;

  @Column({ type: 'int', default: 0 }) attempts: number;

  @Column({ type: 'text', name: 'last_error', nullable: true }) lastError: string | null;

  @Column({ type: 'timestamptz', name: 'next_attempt_at' }) nextAttemptAt: Date;

  @Column({ type: 'timestamptz', name: 'delivered_at', nullable: true }) deliveredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}

/** Marks a notification whose deliveries have been created (the outbox's cursor, one row per notification). */
@Entity('notification_fanout')
export class NotificationFanout {
  @PrimaryColumn({ type: 'uuid', name: 'notification_id' }) notificationId: string;

  @Column({ type: 'int' }) deliveries: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'fanned_out_at' }) fannedOutAt: Date;
}
