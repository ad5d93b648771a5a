import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A working-day calendar version (`chinese-days@1.5.7+2027-notice`) the running supervision was told of. */
@Entity('calendar_version')
export class CalendarVersion {
  @PrimaryColumn({ type: 'text' }) version: string;

  /** The years the calendar's data covers (the rest fall back to Monday–Friday). */
  @Column({ type: 'jsonb', default: () => "'[]'" }) years: number[];

  /** How many item workflows were told to recompute their open period when it was (last) applied. */
  @Column({ type: 'int', name: 'workflows_signalled', default: 0 }) workflowsSignalled: number;

  @Column({ type: 'timestamptz', name: 'first_applied_at', default: () => 'now()' }) firstAppliedAt: Date;

  /** The latest application: the row with the latest `applied_at` is the calendar in force. */
  @Column({ type: 'timestamptz', name: 'applied_at', default: () => 'now()' }) appliedAt: Date;
}
