import type { IndicatorValue } from '@duban/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ReportStatus = 'pending' | 'approved' | 'returned';

/** A progress report (进展报告) of the lead unit for one period; each resubmission is a new row. */
@Entity('report')
@Index(['periodId', 'attempt'], { unique: true })
export class Report {
  @PrimaryGeneratedColumn('uuid') id: string;

  /** workflowId:period:report:attempt — the second write of the same step is a no-op. */
  @Column({ type: 'text', name: 'idempotency_key', unique: true }) idempotencyKey: string;

  @Column({ type: 'uuid', name: 'period_id' }) periodId: string;

  @Column({ type: 'uuid', name: 'item_id' }) itemId: string;

  @Column({ type: 'uuid', name: 'unit_id' }) unitId: string;

  @Column({ type: 'uuid', name: 'submitted_by' }) submittedBy: string;

  @Column({ type: 'int' }) attempt: number;

  @Column({ type: 'text' }) narrative: string;

  @Column({ type: 'jsonb', name: 'indicator_values', default: () => "'[]'" }) indicatorValues: IndicatorValue[];

  @Column({ type: 'text', nullable: true }) problems: string | null;

  @Column({ type: 'text', name: 'next_steps', nullable: true }) nextSteps: string | null;

  @Column({ type: 'text', default: 'pending' }) status: ReportStatus;

  @CreateDateColumn({ type: 'timestamptz', name: 'submitted_at' }) submittedAt: Date;
}
