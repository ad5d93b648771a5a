import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Unit } from '../unit/unit.entity';
import { Item } from './item.entity';

export type UnitRole = 'lead' | 'co';

/** A unit's part in an item: lead (牵头单位) or cooperating (配合单位), in the document's order. */
@Entity('item_unit')
export class ItemUnit {
  @PrimaryColumn({ type: 'uuid', name: 'item_id' }) itemId: string;

  @PrimaryColumn({ type: 'uuid', name: 'unit_id' }) unitId: string;

  @PrimaryColumn({ type: 'text' }) role: UnitRole;

  @Column({ type: 'int' }) position: number;

  /** Set on a member's duty that a group (各区政府) held in the document: the group it came through at activation. */
  @Column({ type: 'uuid', name: 'via_group_id', nullable: true }) viaGroupId: string | null;

  @ManyToOne(() => Item, (item) => item.units, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id' })
  item?: Relation<Item>;

  @ManyToOne(() => Unit)
  @JoinColumn({ name: 'unit_id' })
  unit?: Relation<Unit>;
}

/** A member the supervisor chose at review for a "有关" group (各有关区政府) on one item. */
@Entity('item_group_choice')
export class ItemGroupChoice {
  @PrimaryColumn({ type: 'uuid', name: 'item_id' }) itemId: string;

  @PrimaryColumn({ type: 'uuid', name: 'group_id' }) groupId: string;

  @PrimaryColumn({ type: 'uuid', name: 'unit_id' }) unitId: string;
}
