import type { SupervisionPolicy } from '@duban/contracts';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { PlanTarget } from './plan.entity';
import { Plan } from './plan.entity';
import { ItemUnit } from './item-unit.entity';

export type ItemSection = 'task' | 'safeguard';
export type ItemState = 'draft' | 'supervised' | 'closed';
export type StatusColour = 'green' | 'yellow' | 'red';

export interface ItemDeadline {
  date: string;
  text: string;
  /** The document's wording is ambiguous (2021年前): a supervisor should confirm the date. */
  confirm: boolean;
}

export type ItemTarget = PlanTarget;

/** A supervision item (督办事项): a main task or a safeguard measure of a plan. */
@Entity('item')
@Index(['planId', 'code'], { unique: true })
export class Item {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'uuid', name: 'plan_id' }) planId: string;

  @ManyToOne(() => Plan, (plan) => plan.items, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id' })
  plan?: Relation<Plan>;

  /** T01… for main tasks, S01… for safeguard measures, in document order. */
  @Column({ type: 'text' }) code: string;

  @Column({ type: 'text' }) section: ItemSection;

  /** Order in the document. */
  @Column({ type: 'int', default: 0 }) position: number;

  @Column({ type: 'text' }) number: string;

  @Column({ type: 'text' }) title: string;

  @Column({ type: 'text' }) body: string;

  @Column({ type: 'jsonb', default: () => "'[]'" }) deadlines: ItemDeadline[];

  @Column({ type: 'jsonb', default: () => "'[]'" }) targets: ItemTarget[];

  /** 重点督办事项: switches to the plan's key-item policy at the next period boundary. */
  @Column({ type: 'boolean', name: 'key_item', default: false }) keyItem: boolean;

  @Column({ type: 'jsonb', name: 'policy_override', nullable: true }) policyOverride: SupervisionPolicy | null;

  @Column({ type: 'text', default: 'draft' }) state: ItemState;

  @Column({ type: 'text', name: 'status_colour', default: 'green' }) statusColour: StatusColour;

  @Column({ type: 'text', name: 'status_reason', nullable: true }) statusReason: string | null;

  @Column({ type: 'text', name: 'workflow_id', nullable: true, unique: true }) workflowId: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;

  @OneToMany(() => ItemUnit, (iu) => iu.item, { cascade: true }) units?: Relation<ItemUnit[]>;
}
