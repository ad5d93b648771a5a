import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A supervision office (督查室): it owns plans; its supervisors see and act on those plans only. */
@Entity('office')
export class Office {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'text', unique: true }) name: string;

  /** The unit the office sits in (the working group's office in 市工业和信息化委). */
  @Column({ type: 'uuid', name: 'unit_id', nullable: true }) unitId: string | null;

  /** A supervisor whose own unit leads an item does not review its reports (on by default). */
  @Column({ type: 'boolean', name: 'separation_of_duties', default: true }) separationOfDuties: boolean;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
}

/** The office a supervisor works in (one at a time). */
@Entity('office_member')
export class OfficeMember {
  @PrimaryColumn({ type: 'uuid', name: 'person_id' }) personId: string;

  @Column({ type: 'uuid', name: 'office_id' }) officeId: string;
}
