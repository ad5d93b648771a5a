import type { IndicatorValue } from '@duban/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A cooperating unit's (配合单位) input to the lead unit's report of a period; listed with that report. */
@Entity('contribution')
@Index(['periodId', 'unitId'])
export class Contribution {
  @PrimaryGeneratedColumn('uuid') id: string;

  /** workflowId:period:contribution:unit:n */
  @Column({ type: 'text', unique: true }) key: string;

  @Column({ type: 'uuid', name: 'period_id' }) periodId: string;

  @Column({ type: 'uuid', name: 'item_id' }) itemId: string;

  @Column({ type: 'text', name: 'period_key' }) periodKey: string;

  @Column({ type: 'uuid', name: 'unit_id' }) unitId: string;

  @Column({ type: 'uuid', name: 'submitted_by' }) submittedBy: string;

  @Column({ type: 'text' }) narrative: string;

  @Column({ type: 'jsonb', name: 'indicator_values', default: () => "'[]'" }) indicatorValues: IndicatorValue[];

  @CreateDateColumn({ type: 'timestamptz', name: 'submitted_at' }) submittedAt: Date;
}
