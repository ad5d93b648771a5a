import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** department · government (district) · party · group (各区政府) — as the unit directory names them. */
export type UnitKind = string;

/** A responsible unit (单位): a lead or cooperating unit of items, or a group such as 各区政府. */
@Entity('unit')
export class Unit {
  @PrimaryGeneratedColumn('uuid') id: string;

  /** The name as plans write it (市工业和信息化委). */
  @Column({ type: 'text', unique: true }) name: string;

  @Column({ type: 'text', name: 'full_name', nullable: true }) fullName: string | null;

  @Column({ type: 'text', default: 'department' }) kind: UnitKind;

  /** Created by an import from a name the directory does not know: a supervisor should confirm it. */
  @Column({ type: 'boolean', name: 'needs_review', default: false }) needsReview: boolean;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
}
