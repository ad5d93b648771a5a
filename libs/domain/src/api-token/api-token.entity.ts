import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** `read`: GET requests; `write`: every other method; `metrics`: GET /metrics only (a scraper needs no more). */
export type ApiTokenScope = 'read' | 'write' | 'metrics';
export const API_TOKEN_SCOPES: readonly ApiTokenScope[] = ['read', 'write', 'metrics'];

/** A long-lived credential for a machine client; only the sha256 of the token is stored. */
@Entity('api_token')
export class ApiToken {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'text' }) name: string;

  /** The person the client acts as: its role and unit decide what it may do. */
  @Column({ type: 'uuid', name: 'person_id' }) personId: string;

  @Column({ type: 'text', name: 'token_hash', unique: true, select: false }) tokenHash: string;

  @Column({ type: 'uuid', name: 'created_by' }) createdBy: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;

  /** Every token expires (issue 12): a forgotten token is not a key for ever. */
  @Column({ type: 'timestamptz', name: 'expires_at' }) expiresAt: Date;

  /** What the token may do, narrower than its person's role (see API_TOKEN_SCOPES). */
  @Column({ type: 'text', array: true }) scopes: ApiTokenScope[];

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true }) revokedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'last_used_at', nullable: true }) lastUsedAt: Date | null;
}
