import { DataSource, In, type EntityManager } from 'typeorm';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';
import { Unit, UnitGroupMember } from '../unit/unit.entity';
import { audit } from './plan.service';
import { ItemGroupChoice, ItemUnit, type UnitRole } from './item-unit.entity';
import { Item } from './item.entity';
import { Plan } from './plan.entity';

/** A group on a draft item that activation cannot resolve yet, and why. */
export interface UnresolvedGroup {
  itemId: string;
  itemCode: string;
  groupId: string;
  group: string;
  role: UnitRole;
  reason: 'members-to-choose' | 'no-members' | 'group-leads';
  /** For a "有关" group: the members chosen so far (none when unresolved). */
  chosen: string[];
}

export interface GroupResolution {
  /** One duty per member unit, in the group's place. */
  duties: Array<Pick<ItemUnit, 'itemId' | 'unitId' | 'role' | 'position' | 'viaGroupId'>>;
  unresolved: UnresolvedGroup[];
}

/**
 * Resolves the groups of draft items into their member units: a fixed group (各区政府) into its members (through
 * groups within it), a "有关" group into the members the supervisor chose for that item. A group with nobody to
 * resolve to is unresolved, never skipped. A group as lead unit is unresolved too: supervising each member for itself
 * (one report per member) is not built yet, and one member's report must not stand for the others'.
 */
export async function resolveGroupDuties(db: DataSource | EntityManager, items: Item[]): Promise<GroupResolution> {
  const groupDuties = items.flatMap((item) => (item.units ?? []).filter((u) => isResolvedGroup(u.unit) && !u.viaGroupId).map((u) => ({ item, duty: u })));
  if (groupDuties.length === 0) return { duties: [], unresolved: [] };
  const units = new Map((await db.getRepository(Unit).find()).map((u) => [u.id, u]));
  const edges = await db.getRepository(UnitGroupMember).find();
  const choices = await db.getRepository(ItemGroupChoice).findBy({ itemId: In([...new Set(groupDuties.map((g) => g.item.id))]) });
  const membersOf = (groupId: string, seen = new Set<string>()): string[] => {
    seen.add(groupId);
    return edges
      .filter((e) => e.groupId === groupId && !seen.has(e.memberId))
      .flatMap((e) => (units.get(e.memberId)?.kind === 'group' ? membersOf(e.memberId, seen) : [e.memberId]))
      .filter((id) => units.get(id)?.status === 'active');
  };
  const duties: GroupResolution['duties'] = [];
  const unresolved: UnresolvedGroup[] = [];
  for (const { item, duty } of groupDuties) {
    const group = units.get(duty.unitId) as Unit;
    const chosen = choices.filter((c) => c.itemId === item.id && c.groupId === group.id).map((c) => c.unitId);
    const members = group.membersChosenAtReview ? chosen : [...new Set(membersOf(group.id))];
    const problem = duty.role === 'lead' ? 'group-leads' : members.length === 0 ? (group.membersChosenAtReview ? 'members-to-choose' : 'no-members') : null;
    if (problem) {
      unresolved.push({ itemId: item.id, itemCode: item.code, groupId: group.id, group: group.name, role: duty.role, reason: problem, chosen: [] });
      continue;
    }
    const direct = new Set((item.units ?? []).filter((u) => u.role === duty.role).map((u) => u.unitId));
    for (const unitId of members.filter((id) => !direct.has(id)))
      duties.push({ itemId: item.id, unitId, role: duty.role, position: duty.position, viaGroupId: group.id });
  }
  return { duties, unresolved };
}

/**
 * A confirmed group stands for its members. A collective name an import created (needsReview) is not resolved: it
 * stays a duty of its own, flagged at review, until an admin confirms it as a group with members.
 */
export function isResolvedGroup(unit: Pick<Unit, 'kind' | 'needsReview'> | undefined): boolean {
  return unit?.kind === 'group' && !unit.needsReview;
}

/** The sentence a 409 at activation gives for what blocks it. */
export function unresolvedGroupsMessage(unresolved: UnresolvedGroup[]): string {
  const reason: Record<UnresolvedGroup['reason'], string> = {
    'members-to-choose': 'choose its members at review',
    'no-members': 'the group has no members in the unit directory',
    'group-leads': 'a group as lead unit is not supported yet: name its member units as lead units',
  };
  return `groups not resolved: ${unresolved.map((u) => `${u.itemCode} ${u.group} (${reason[u.reason]})`).join('; ')}`;
}

/** Review decisions recorded in advance (seeds/review-choices.yaml): item code → group name → member unit names. */
export type RecordedChoices = Record<string, Record<string, string[]>>;

/** The supervisor's choice of a "有关" group's members on one draft item (各有关区政府 → 天河区政府, 黄埔区政府). */
export class GroupDutyService {
  constructor(private readonly db: DataSource) {}

  /**
   * Fills in recorded review decisions on a freshly imported draft: only for "有关" groups the items really name, and
   * only with units the directory knows. Returns how many groups were filled.
   */
  async applyRecordedChoices(planId: string, choices: RecordedChoices, actor: string): Promise<number> {
    const items = await this.db.getRepository(Item).find({ where: { planId, state: 'draft' }, relations: { units: { unit: true } } });
    const names = [...new Set(Object.values(choices).flatMap((groups) => Object.values(groups).flat()))];
    const units = new Map((names.length > 0 ? await this.db.getRepository(Unit).findBy({ name: In(names), status: 'active' }) : []).map((u) => [u.name, u]));
    let filled = 0;
    for (const item of items)
      for (const [groupName, memberNames] of Object.entries(choices[item.code] ?? {})) {
        const group = (item.units ?? []).find((u) => u.unit?.name === groupName && u.unit.membersChosenAtReview)?.unit;
        const memberIds = memberNames.flatMap((name) => (units.get(name) && units.get(name)?.kind !== 'group' ? [units.get(name)?.id as string] : []));
        if (!group || memberIds.length === 0) continue;
        await this.chooseMembers({ planId, itemId: item.id, groupId: group.id, memberIds, actor });
        filled += 1;
      }
    return filled;
  }

  async chooseMembers(input: {
    planId: string;
    itemId: string;
    groupId: string;
    memberIds: string[];
    actor: string;
  }): Promise<{ groupId: string; memberIds: string[] }> {
    return this.db.transaction(async (tx) => {
      const plan = await tx.getRepository(Plan).findOneBy({ id: input.planId });
      if (!plan) throw new NotFoundError('plan', input.planId);
      const item = await tx.getRepository(Item).findOne({ where: { id: input.itemId, planId: plan.id }, lock: { mode: 'pessimistic_write' } });
      if (!item) throw new NotFoundError('item', input.itemId);
      if (plan.status !== 'draft' || item.state !== 'draft')
        throw new ConflictError(`plan ${plan.code} is under supervision: its groups were resolved at activation`, plan.status);
      const onItem = await tx.getRepository(ItemUnit).findOneBy({ itemId: item.id, unitId: input.groupId });
      const group = await tx.getRepository(Unit).findOneBy({ id: input.groupId });
      if (!onItem || !group) throw new NotFoundError('group on item', input.groupId);
      if (!group.membersChosenAtReview)
        throw new InvalidInputError(
          `groupId: ${group.name} ${group.kind === 'group' ? 'has its members in the unit directory' : 'is not a group'}; only a "有关" group's members are chosen`,
          'groupId',
        );
      const wanted = [...new Set(input.memberIds)];
      const members = wanted.length > 0 ? await tx.getRepository(Unit).findBy({ id: In(wanted) }) : [];
      const missing = wanted.find((id) => !members.some((m) => m.id === id));
      if (missing) throw new NotFoundError('unit', missing);
      const unfit = members.filter((m) => m.kind === 'group' || m.status !== 'active' || m.needsReview);
      if (unfit.length > 0) throw new InvalidInputError(`memberIds: not an active, confirmed unit: ${unfit.map((m) => m.name).join('、')}`, 'memberIds');
      const before = (await tx.getRepository(ItemGroupChoice).findBy({ itemId: item.id, groupId: group.id })).map((c) => c.unitId);
      await tx.getRepository(ItemGroupChoice).delete({ itemId: item.id, groupId: group.id });
      if (wanted.length > 0) await tx.getRepository(ItemGroupChoice).insert(wanted.map((unitId) => ({ itemId: item.id, groupId: group.id, unitId })));
      await audit(
        tx,
        input.actor,
        'item.group-members-chosen',
        'item',
        item.id,
        { group: group.name, memberIds: before },
        { group: group.name, memberIds: wanted },
        item.id,
      );
      return { groupId: group.id, memberIds: wanted };
    });
  }
}
