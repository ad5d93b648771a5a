import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type IdempotencyState = 'in-progress' | 'done';

/** The first answer to a POST with an Idempotency-Key, kept so a retry gets the same answer and changes nothing. */
@Entity('idempotency_record')
@Index('UQ_idempotency_record_scope_key', ['scope', 'method', 'path', 'key'], { unique: true })
export class IdempotencyRecord {
  @PrimaryGeneratedColumn('uuid') id: string;

  /** Who sent it (person id): two callers never share a key. */
  @Column({ type: 'text' }) scope: string;

  @Column({ type: 'text' }) method: string;

  @Column({ type: 'text' }) path: string;

  @Column({ type: 'text' }) key: string;

  /** sha256 of the request body: the same key with another body is a client bug (422). */
  @Column({ type: 'text', name: 'request_hash' }) requestHash: string;

  @Column({ type: 'text', default: 'in-progress' }) state: IdempotencyState;

  @Column({ type: 'int', name: 'status_code', nullable: true }) statusCode: number | null;

  @Column({ type: 'jsonb', nullable: true }) response: unknown;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;

  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true }) completedAt: Date | null;
}
