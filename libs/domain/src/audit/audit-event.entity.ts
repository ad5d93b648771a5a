import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only audit trail: a database trigger refuses UPDATE and DELETE on this table. */
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
}
