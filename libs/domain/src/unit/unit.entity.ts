import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation } from 'typeorm';

/**
 * What a unit is: the city government and its general office, a department (市政府工作部门), a party organ (党委工作机关),
 * a district government (区政府), a street or town (街道/镇), a state-owned enterprise (国有企业), something else — or
 * a group (各区政府): a named set of units, resolved into its members when a plan is activated.
 */
export const UNIT_KINDS = ['government', 'department', 'party', 'district-government', 'street', 'soe', 'other', 'group'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** A retired unit (撤并) keeps its name and its history; its successor takes over what is still open. */
export type UnitStatus = 'active' | 'retired';

/** A responsible unit (单位): a lead or cooperating unit of items, or a group such as 各区政府. */
@Entity('unit')
export class Unit {
  @PrimaryGeneratedColumn('uuid') id: string;

  /** The name as plans write it (市工业和信息化委). */
  @Column({ type: 'text', unique: true }) name: string;

  @Column({ type: 'text', name: 'full_name', nullable: true }) fullName: string | null;

  @Column({ type: 'text', default: 'department' }) kind: UnitKind;

  /** Other names documents use for it (市政府 for 广州市人民政府); a name or alias belongs to one unit only. */
  @Column({ type: 'text', array: true, default: () => "'{}'" }) aliases: string[];

  /** The unit it sits under: a district's departments under the district government. */
  @Column({ type: 'uuid', name: 'parent_id', nullable: true }) parentId: string | null;

  @ManyToOne(() => Unit, { nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<Unit> | null;

  @Column({ type: 'text', default: 'active' }) status: UnitStatus;

  /** Who took over when it was retired (市工业和信息化委 → 市工业和信息化局). */
  @Column({ type: 'uuid', name: 'successor_id', nullable: true }) successorId: string | null;

  @Column({ type: 'timestamptz', name: 'retired_at', nullable: true }) retiredAt: Date | null;

  /** A "有关" group (各有关区政府): its members are chosen by the supervisor at import review, never guessed. */
  @Column({ type: 'boolean', name: 'members_chosen_at_review', default: false }) membersChosenAtReview: boolean;

  /** Created by an import from a name the directory does not know: a supervisor should confirm it. */
  @Column({ type: 'boolean', name: 'needs_review', default: false }) needsReview: boolean;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
}

/** A group's member: a unit, or another group (市相关部门 inside a wider group); never the group itself. */
@Entity('unit_group_member')
export class UnitGroupMember {
  @PrimaryColumn({ type: 'uuid', name: 'group_id' }) groupId: string;

  @PrimaryColumn({ type: 'uuid', name: 'member_id' }) memberId: string;

  @ManyToOne(() => Unit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member?: Relation<Unit>;
}
