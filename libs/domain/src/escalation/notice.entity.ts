import type { EscalationRole, NoticeColour } from '@duban/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A numbered supervision notice (督办单) of an escalation: 督办〔2026〕第0001号. Numbers run per year without
 * gaps; the key (escalation + step) makes a retried issue find the number it already took.
 */
@Entity('notice')
@Index(['year', 'seq'], { unique: true })
@Index(['itemId', 'issuedOn'])
export class Notice {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'text', unique: true }) key: string;

  @Column({ type: 'uuid', name: 'escalation_id' }) escalationId: string;

  @Column({ type: 'uuid', name: 'item_id' }) itemId: string;

  @Column({ type: 'text', name: 'period_key' }) periodKey: string;

  @Column({ type: 'int' }) year: number;

  @Column({ type: 'int' }) seq: number;

  /** 督办〔2026〕第0001号 */
  @Column({ type: 'text', unique: true }) number: string;

  @Column({ type: 'int' }) level: number;

  /** 0 for the first notice of a level, n for its n-th repeat. */
  @Column({ type: 'int', name: 'step' }) step: number;

  @Column({ type: 'text' }) colour: NoticeColour;

  @Column({ type: 'jsonb', name: 'recipient_roles' }) recipientRoles: EscalationRole[];

  @Column({ type: 'jsonb', name: 'recipient_ids' }) recipientIds: string[];

  @Column({ type: 'boolean', name: 'list_in_bulletin' }) listInBulletin: boolean;

  @Column({ type: 'date', name: 'issued_on' }) issuedOn: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
}
