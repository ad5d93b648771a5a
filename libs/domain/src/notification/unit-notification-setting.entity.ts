import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A unit's delivery preferences: with `digest`, its reminders of one day go out together as one message. */
@Entity('unit_notification_setting')
export class UnitNotificationSetting {
  @PrimaryColumn({ type: 'uuid', name: 'unit_id' }) unitId: string;

  @Column({ type: 'boolean', default: false }) digest: boolean;

  /** How long the first reminder waits for others to join its digest. */
  @Column({ type: 'int', name: 'digest_window_seconds', default: 3600 }) digestWindowSeconds: number;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
