import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 'lapsed' (失效): still undecided when its period ended (report approved, or the item closed); nobody can decide it now. */
export type RequestDecision = 'pending' | 'approved' | 'rejected' | 'lapsed';

/** A lead unit's request for more time (延期申请); only an approved one moves the due date. */
@Entity('extension_request')
@Index(['itemId', 'periodKey'])
export class ExtensionRequest {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'text', unique: true }) key: string;

  @Column({ type: 'uuid', name: 'item_id' }) itemId: string;

  @Column({ type: 'text', name: 'period_key' }) periodKey: string;

  @Column({ type: 'uuid', name: 'unit_id' }) unitId: string;

  @Column({ type: 'uuid', name: 'requested_by' }) requestedBy: string;

  @Column({ type: 'text' }) reason: string;

  @Column({ type: 'date', name: 'current_due_on' }) currentDueOn: string;

  @Column({ type: 'date', name: 'requested_due_on' }) requestedDueOn: string;

  @Column({ type: 'text', default: 'pending' }) status: RequestDecision;

  @Column({ type: 'uuid', name: 'decided_by', nullable: true }) decidedBy: string | null;

  @Column({ type: 'text', name: 'decision_comment', nullable: true }) decisionComment: string | null;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true }) decidedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
}
