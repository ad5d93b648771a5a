import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** email over SMTP, a generic signed JSON webhook, a WeCom (企业微信) or DingTalk (钉钉) group robot. */
export type DeliveryChannelType = 'email' | 'webhook' | 'wecom' | 'dingtalk';
export const DELIVERY_CHANNEL_TYPES: readonly DeliveryChannelType[] = ['email', 'webhook', 'wecom', 'dingtalk'];

/**
 * Where a unit's or a person's notifications go besides the inbox, and which kinds. `kinds` holds exact kinds
 * (reminder.due), prefixes (reminder.*) or `*`; critical ones (escalations) go to every enabled channel anyway.
 */
@Entity('notification_channel')
export class NotificationChannelConfig {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'uuid', name: 'unit_id', nullable: true }) unitId: string | null;

  @Column({ type: 'uuid', name: 'person_id', nullable: true }) personId: string | null;

  @Column({ type: 'text' }) type: DeliveryChannelType;

  /** An email address or a webhook URL; for a person's email, null means the person's own address. */
  @Column({ type: 'text', nullable: true }) target: string | null;

  /** HMAC key of a generic webhook, or the signing secret of a DingTalk robot. */
  @Column({ type: 'text', nullable: true, select: false }) secret: string | null;

  @Column({ type: 'jsonb', default: () => `'["*"]'` }) kinds: string[];

  @Column({ type: 'boolean', default: true }) enabled: boolean;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
}
