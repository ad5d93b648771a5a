import type { EscalationResolution } from '@duban/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type EscalationStatus = 'active' | 'acknowledged' | 'resolved';

/** An escalation (升级) of one overdue period of one item: one row per escalation workflow. */
@Entity('escalation')
@Index(['itemId', 'periodKey'])
export class Escalation {
  @PrimaryGeneratedColumn('uuid') id: string;

  /** The escalation's workflow id (item:<plan>:<item>:escalation:<period>:<round>): a retried start finds its row. */
  @Column({ type: 'text', unique: true }) key: string;

  @Column({ type: 'uuid', name: 'item_id' }) itemId: string;

  @Column({ type: 'text', name: 'parent_workflow_id' }) parentWorkflowId: string;

  @Column({ type: 'text', name: 'period_key' }) periodKey: string;

  /** The due date that was missed. */
  @Column({ type: 'date', name: 'due_on' }) dueOn: string;

  @Column({ type: 'date', name: 'started_on' }) startedOn: string;

  /** The highest level reached (0-based); -1 before the first notice. */
  @Column({ type: 'int', default: -1 }) level: number;

  @Column({ type: 'text', default: 'active' }) status: EscalationStatus;

  @Column({ type: 'uuid', name: 'acknowledged_by', nullable: true }) acknowledgedBy: string | null;

  @Column({ type: 'date', name: 'acknowledged_on', nullable: true }) acknowledgedOn: string | null;

  @Column({ type: 'text', name: 'acknowledge_comment', nullable: true }) acknowledgeComment: string | null;

  @Column({ type: 'text', nullable: true }) resolution: EscalationResolution | null;

  @Column({ type: 'date', name: 'resolved_on', nullable: true }) resolvedOn: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
