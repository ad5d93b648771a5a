import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** requested → approved (by a supervisor) → closed (signed off, or no new instruction in time); or rejected / instructed. */
export type ClosureStatus = 'requested' | 'approved' | 'rejected' | 'signed-off' | 'instructed' | 'closed';

/** A lead unit's request to close the item as done (办结). */
@Entity('closure_request')
@Index(['itemId', 'createdAt'])
export class ClosureRequest {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'text', unique: true }) key: string;

  @Column({ type: 'uuid', name: 'item_id' }) itemId: string;

  @Column({ type: 'uuid', name: 'unit_id' }) unitId: string;

  @Column({ type: 'uuid', name: 'requested_by' }) requestedBy: string;

  @Column({ type: 'text' }) reason: string;

  @Column({ type: 'text', default: 'requested' }) status: ClosureStatus;

  /** Closes at the end of this day unless the leader gives a new instruction. */
  @Column({ type: 'date', name: 'sign_off_by', nullable: true }) signOffBy: string | null;

  @Column({ type: 'uuid', name: 'approved_by', nullable: true }) approvedBy: string | null;

  @Column({ type: 'text', name: 'leader_id', nullable: true }) leaderId: string | null;

  /** The supervisor's comment, or the leader's new instruction (批示). */
  @Column({ type: 'text', nullable: true }) comment: string | null;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true }) closedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
}
