import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

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

  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true }) expiresAt: Date | null;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true }) revokedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'last_used_at', nullable: true }) lastUsedAt: Date | null;
}
