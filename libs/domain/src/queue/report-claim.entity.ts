import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A supervisor's claim on a pending report, so two supervisors do not review the same one; it expires. */
@Entity('report_claim')
export class ReportClaim {
  @PrimaryColumn({ type: 'uuid', name: 'report_id' }) reportId: string;

  @Column({ type: 'uuid', name: 'claimed_by' }) claimedBy: string;

  @Column({ type: 'timestamptz', name: 'claimed_at' }) claimedAt: Date;

  @Column({ type: 'timestamptz', name: 'expires_at' }) expiresAt: Date;
}
