import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Unit } from '../unit/unit.entity';

/**
 * Administration is split three ways (三员分立): the system administrator keeps units, channels, policies and service
 * tokens; the security administrator people, roles, password resets and sessions; the audit administrator reads the
 * audit trail. None of them reads report contents or acts for another.
 */
export type AdministratorRole = 'system-admin' | 'security-admin' | 'audit-admin';
export type Role = 'reporter' | 'unit-head' | 'supervisor' | 'leader' | AdministratorRole;
export const ADMINISTRATOR_ROLES: readonly AdministratorRole[] = ['system-admin', 'security-admin', 'audit-admin'];
export const ROLES: readonly Role[] = ['reporter', 'unit-head', 'supervisor', 'leader', ...ADMINISTRATOR_ROLES];

/** For code that means "any of the three administrators". */
export function isAdministrator(role: Role | string): role is AdministratorRole {
  return (ADMINISTRATOR_ROLES as readonly string[]).includes(role);
}

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

  /** Set by a security administrator: no sign-in, and every session of the person ends at its next request. */
  @Column({ type: 'timestamptz', name: 'disabled_at', nullable: true }) disabledAt: Date | null;

  /** After an administrator's reset: the person may do nothing but change the password. */
  @Column({ type: 'boolean', name: 'must_change_password', default: false }) mustChangePassword: boolean;

  @Column({ type: 'timestamptz', name: 'password_changed_at', nullable: true }) passwordChangedAt: Date | null;
}
