import type { SupervisionPolicy } from '@duban/contracts';
import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Item } from './item.entity';

export type PlanStatus = 'draft' | 'active';

export interface PlanTarget {
  year: number | null;
  indicator: string;
  value?: number;
  min?: number;
  max?: number;
  unit: string;
  text: string;
}

/** An implementation plan (实施方案) put under supervision. */
@Entity('plan')
export class Plan {
  @PrimaryGeneratedColumn('uuid') id: string;

  /** Stable, ASCII code used in workflow ids (item:<planCode>:<itemCode>). */
  @Column({ type: 'text', unique: true }) code: string;

  @Column({ type: 'text' }) title: string;

  @Column({ type: 'text', name: 'doc_number', nullable: true }) docNumber: string | null;

  @Column({ type: 'text', nullable: true }) issuer: string | null;

  @Column({ type: 'date', name: 'issued_on', nullable: true }) issuedOn: string | null;

  @Column({ type: 'text', default: 'draft' }) status: PlanStatus;

  /** sha256 of the imported document: re-importing the same document is a no-op. */
  @Column({ type: 'text', name: 'source_hash' }) sourceHash: string;

  /** The document as imported, for side-by-side review; read on its own (large). */
  @Column({ type: 'text', name: 'source_text', nullable: true, select: false }) sourceText: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" }) targets: PlanTarget[];

  @Column({ type: 'jsonb' }) policy: SupervisionPolicy;

  @Column({ type: 'jsonb', name: 'key_item_policy' }) keyItemPolicy: SupervisionPolicy;

  /** Reporting periods start with the period containing this date. */
  @Column({ type: 'date', name: 'supervision_starts_on', nullable: true }) supervisionStartsOn: string | null;

  @Column({ type: 'timestamptz', name: 'activated_at', nullable: true }) activatedAt: Date | null;

  /** The supervision office (督查室) the plan belongs to: set at import from the importing supervisor's office. */
  @Column({ type: 'uuid', name: 'office_id', nullable: true }) officeId: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;

  @OneToMany(() => Item, (item) => item.plan) items?: Relation<Item[]>;
}
