import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Unit } from '../unit/unit.entity';

export type Role = 'reporter' | 'unit-head' | 'supervisor' | 'leader' | 'admin';
export const ROLES: readonly Role[] = ['reporter', 'unit-head', 'supervisor', 'leader', 'admin'];

@Entity('person')
export class Person {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'text', unique: true }) username: string;

  @Column({ type: 'text', name: 'display_name' }) displayName: string;

  @Column({ type: 'text' }) role: Role;

  @Column({ type: 'uuid', name: 'unit_id', nullable: true }) unitId: string | null;

  @ManyToOne(() => Unit, { nullable: true })
  @JoinColumn({ name: 'unit_id' })
  unit?: Relation<Unit> | null;

  @Column({ type: 'text', name: 'password_hash', select: false }) passwordHash: string;

  @Column({ type: 'text', nullable: true }) email: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
}
