import type { ReviewDecision } from '@duban/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A supervisor's review (审核) of a report: approve (通过) or return (退回) with a comment. */
@Entity('review')
export class Review {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'text', name: 'idempotency_key', unique: true }) idempotencyKey: string;

  @Column({ type: 'uuid', name: 'report_id', unique: true }) reportId: string;

  @Column({ type: 'text' }) decision: ReviewDecision;

  @Column({ type: 'text', nullable: true }) comment: string | null;

  @Column({ type: 'uuid', name: 'reviewer_id' }) reviewerId: string;

  /** For a return: when the resubmission is due. */
  @Column({ type: 'date', name: 'resubmit_due_on', nullable: true }) resubmitDueOn: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'reviewed_at' }) reviewedAt: Date;
}
