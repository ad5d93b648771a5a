import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** upcoming → open → submitted → (returned → submitted)* → approved. */
/** closed: the item was closed (办结) while the period still owed or awaited a report; nothing more is asked for it. */
export type PeriodState = 'upcoming' | 'open' | 'submitted' | 'returned' | 'approved' | 'closed';

/** A reporting period (报告期) of one item, written only by the item's workflow through activities. */
@Entity('reporting_period')
@Index(['itemId', 'key'], { unique: true })
export class ReportingPeriod {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'uuid', name: 'item_id' }) itemId: string;

  @Column({ type: 'text', name: 'workflow_id' }) workflowId: string;

  /** 2018Q1, 2018-03, 2018H1, 2018. */
  @Column({ type: 'text' }) key: string;

  @Column({ type: 'date', name: 'starts_on' }) startsOn: string;

  @Column({ type: 'date', name: 'ends_on' }) endsOn: string;

  @Column({ type: 'date', name: 'opens_on' }) opensOn: string;

  /** The current due date: moved by a return (resubmission) or an approved extension. */
  @Column({ type: 'date', name: 'due_on' }) dueOn: string;

  @Column({ type: 'date', name: 'co_due_on' }) coDueOn: string;

  @Column({ type: 'text' }) state: PeriodState;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true }) closedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
