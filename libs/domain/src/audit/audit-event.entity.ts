import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only audit trail: a database trigger refuses UPDATE and DELETE on this table, and another chains each row to
 * the one before (seq, prevHash, hash are set by the database; `npx duban audit verify` recomputes them).
 */
@Entity('audit_event')
@Index(['itemId', 'at'])
export class AuditEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;

  /** Deterministic key of the step that wrote it, so a retried activity records it once. */
  @Column({ type: 'text', unique: true, nullable: true }) key: string | null;

  @CreateDateColumn({ type: 'timestamptz' }) at: Date;

  /** Person id, or 'system' for the workflow's own steps. */
  @Column({ type: 'text' }) actor: string;

  @Column({ type: 'text' }) action: string;

  @Column({ type: 'text' }) entity: string;

  @Column({ type: 'text', name: 'entity_id' }) entityId: string;

  @Column({ type: 'uuid', name: 'item_id', nullable: true }) itemId: string | null;

  @Column({ type: 'jsonb', nullable: true }) before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true }) after: Record<string, unknown> | null;

  /** The client address of the request that caused it, if it came through the API. */
  @Column({ type: 'text', nullable: true }) address: string | null;

  /** The API token a machine client acted with (the actor is the token's person). */
  @Column({ type: 'uuid', name: 'token_id', nullable: true }) tokenId: string | null;

  /** Place in the chain, given by the database trigger under the chain head's lock. */
  @Column({ type: 'bigint', insert: false, update: false }) seq: string;

  @Column({ type: 'text', name: 'prev_hash', nullable: true, insert: false, update: false }) prevHash: string | null;

  @Column({ type: 'text', insert: false, update: false }) hash: string;
}
