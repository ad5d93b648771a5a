import { DataSource, In, type EntityManager } from 'typeorm';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';
import { Person } from '../person/person.entity';
import { ItemUnit } from '../plan/item-unit.entity';
import { audit } from '../plan/plan.service';
import { cycleThrough } from './unit-directory';
import { Unit, UnitGroupMember, type UnitKind } from './unit.entity';

export interface NewUnit {
  name: string;
  fullName?: string;
  kind?: UnitKind;
  aliases?: string[];
  parentId?: string | null;
  membersChosenAtReview?: boolean;
}

export interface UnitChanges {
  fullName?: string;
  kind?: UnitKind;
  aliases?: string[];
  parentId?: string | null;
  membersChosenAtReview?: boolean;
  needsReview?: boolean;
}

/** A unit as the directory lists it: with its group's members (empty for a plain unit). */
export type DirectoryUnit = Unit & { memberIds: string[] };

/** An item a unit still has work on: in a plan under supervision and not closed (办结). */
export interface OpenDuty {
  planCode: string;
  itemCode: string;
  role: 'lead' | 'co';
}

/**
 * The unit directory as data: units with kind, parent and aliases, groups with their members, renames, merges and
 * retirements. Every change is audited; a refused change changes nothing. Changes are serialised by one advisory
 * lock, because "no other unit has this name or alias" and "no cycle" are facts about the whole directory.
 */
export class UnitDirectoryService {
  constructor(private readonly db: DataSource) {}

  async list(): Promise<DirectoryUnit[]> {
    const units = await this.db.getRepository(Unit).find({ order: { name: 'ASC' } });
    const members = await this.db.getRepository(UnitGroupMember).find();
    return units.map((unit) => ({ ...unit, memberIds: members.filter((m) => m.groupId === unit.id).map((m) => m.memberId) }));
  }

  async get(unitId: string): Promise<DirectoryUnit> {
    const unit = await this.db.getRepository(Unit).findOneBy({ id: unitId });
    if (!unit) throw new NotFoundError('unit', unitId);
    const members = await this.db.getRepository(UnitGroupMember).findBy({ groupId: unitId });
    return { ...unit, memberIds: members.map((m) => m.memberId) };
  }

  create(input: NewUnit, actor: string): Promise<DirectoryUnit> {
    return this.change(async (tx) => {
      const kind = input.kind ?? 'department';
      const aliases = normaliseAliases(input.aliases ?? [], input.name);
      await assertNamesFree(tx, [input.name, ...aliases], null);
      if (input.parentId) await assertParent(tx, input.parentId, null);
      assertGroupOnly(kind, input.membersChosenAtReview);
      const unit = await tx.getRepository(Unit).save(
        tx.getRepository(Unit).create({
          name: input.name,
          fullName: input.fullName ?? null,
          kind,
          aliases,
          parentId: input.parentId ?? null,
          membersChosenAtReview: input.membersChosenAtReview ?? false,
          needsReview: false,
        }),
      );
      await audit(tx, actor, 'unit.created', 'unit', unit.id, null, describe(unit));
      return unit.id;
    });
  }

  update(unitId: string, changes: UnitChanges, actor: string): Promise<DirectoryUnit> {
    return this.change(async (tx) => {
      const unit = await lockUnit(tx, unitId);
      const before = describe(unit);
      const next = { ...unit, ...changes };
      if (changes.aliases) {
        next.aliases = normaliseAliases(changes.aliases, unit.name);
        await assertNamesFree(tx, next.aliases, unit.id);
      }
      if (changes.parentId) await assertParent(tx, changes.parentId, unit.id);
      if (changes.kind && changes.kind !== 'group' && unit.kind === 'group' && (await tx.getRepository(UnitGroupMember).existsBy({ groupId: unit.id })))
        throw new ConflictError(`${unit.name} is a group with members: remove its members before it becomes a ${changes.kind}`, unit.kind);
      assertGroupOnly(next.kind, changes.membersChosenAtReview);
      const fields = {
        fullName: next.fullName,
        kind: next.kind,
        aliases: next.aliases,
        parentId: next.parentId,
        membersChosenAtReview: next.membersChosenAtReview,
        needsReview: next.needsReview,
      };
      await tx.getRepository(Unit).update(unit.id, fields);
      await audit(tx, actor, 'unit.updated', 'unit', unit.id, before, describe({ ...unit, ...fields }));
      return unit.id;
    });
  }

  /** A new name after a reform that changed only the name; the old one stays an alias so older documents still match. */
  rename(unitId: string, name: string, actor: string): Promise<DirectoryUnit> {
    return this.change(async (tx) => {
      const unit = await lockUnit(tx, unitId);
      if (unit.status === 'retired') throw new ConflictError(`${unit.name} is retired: rename its successor instead`, unit.status);
      if (name === unit.name) throw new InvalidInputError(`name: ${unit.name} is already called so`, 'name');
      await assertNamesFree(tx, [name], unit.id);
      const aliases = normaliseAliases([...unit.aliases, unit.name], name);
      await tx.getRepository(Unit).update(unit.id, { name, aliases });
      await audit(tx, actor, 'unit.renamed', 'unit', unit.id, { name: unit.name }, { name, aliases });
      return unit.id;
    });
  }

  /**
   * Retires a unit (撤销). Its open duties need a successor: without one the retirement is refused, naming the items.
   * With a successor (a merge, 合并), its people, sub-units, group memberships and leaders in charge move to the successor and its duties
   * in draft plans are reassigned; its records keep pointing at it, so history stays under the old name.
   */
  retire(unitId: string, successorId: string | null, actor: string): Promise<DirectoryUnit> {
    return this.change(async (tx) => {
      if (successorId === unitId) throw new InvalidInputError('successorId: a unit cannot be merged into itself', 'successorId');
      const unit = await lockUnit(tx, unitId);
      if (unit.status === 'retired') throw new ConflictError(`${unit.name} is already retired`, unit.status);
      const duties = await openDuties(tx, unit.id);
      const successor = successorId ? await tx.getRepository(Unit).findOneBy({ id: successorId }) : null;
      if (successorId && !successor) throw new NotFoundError('unit', successorId);
      if (!successor && duties.length > 0)
        throw new ConflictError(`${unit.name} still has open duties (${listDuties(duties)}): name a successor to take them over`, 'open-duties');
      if (successor) {
        if (successor.status === 'retired') throw new ConflictError(`${successor.name} is retired itself: merge into its successor`, successor.status);
        if ((successor.kind === 'group') !== (unit.kind === 'group'))
          throw new InvalidInputError(`successorId: a ${unit.kind} cannot be merged into a ${successor.kind}`, 'successorId');
        if (duties.length > 0)
          // Moving duties under supervision needs each item's workflow to learn its new unit (not built yet).
          throw new ConflictError(
            `${unit.name} has duties in items under supervision (${listDuties(duties)}); moving them to ${successor.name} is not supported yet`,
            'open-duties',
          );
        await this.handOver(tx, unit, successor);
      }
      await tx.getRepository(Unit).update(unit.id, { status: 'retired', successorId: successor?.id ?? null, retiredAt: new Date() });
      await audit(
        tx,
        actor,
        successor ? 'unit.merged' : 'unit.retired',
        'unit',
        unit.id,
        { status: unit.status },
        { status: 'retired', successor: successor?.name ?? null },
      );
      return unit.id;
    });
  }

  /** Sets a group's members (units or other groups); refuses a member that is the group itself or contains it. */
  setMembers(groupId: string, memberIds: string[], actor: string): Promise<DirectoryUnit> {
    return this.change(async (tx) => {
      const group = await lockUnit(tx, groupId);
      if (group.kind !== 'group') throw new InvalidInputError(`${group.name} is a ${group.kind}, not a group: only a group has members`, 'kind');
      const wanted = [...new Set(memberIds)];
      if (wanted.includes(group.id)) throw new InvalidInputError(`memberIds: ${group.name} cannot contain itself`, 'memberIds');
      const members = wanted.length > 0 ? await tx.getRepository(Unit).findBy({ id: In(wanted) }) : [];
      const missing = wanted.find((id) => !members.some((m) => m.id === id));
      if (missing) throw new NotFoundError('unit', missing);
      const retired = members.filter((m) => m.status === 'retired');
      if (retired.length > 0) throw new ConflictError(`retired units cannot join a group: ${retired.map((m) => m.name).join('、')}`, 'retired');
      const edges = await tx.getRepository(UnitGroupMember).find();
      const next = (id: string) => (id === group.id ? wanted : edges.filter((e) => e.groupId === id).map((e) => e.memberId));
      const cycle = cycleThrough(group.id, next);
      if (cycle) throw new ConflictError(`memberIds: ${group.name} would contain itself through ${await namePath(tx, cycle)}`, 'cycle');
      const before = edges.filter((e) => e.groupId === group.id).map((e) => e.memberId);
      await tx.getRepository(UnitGroupMember).delete({ groupId: group.id });
      if (wanted.length > 0) await tx.getRepository(UnitGroupMember).insert(wanted.map((memberId) => ({ groupId: group.id, memberId })));
      await audit(tx, actor, 'unit.group-members-set', 'unit', group.id, { memberIds: before }, { memberIds: wanted });
      return group.id;
    });
  }

  /** Every name and alias of the active, confirmed units: what an unknown name is compared with at review. */
  async knownNames(): Promise<string[]> {
    const units = await this.db.getRepository(Unit).findBy({ status: 'active', needsReview: false });
    return units.flatMap((u) => [u.name, ...u.aliases]);
  }

  private async handOver(tx: EntityManager, unit: Unit, successor: Unit): Promise<void> {
    await tx.getRepository(Person).update({ unitId: unit.id }, { unitId: successor.id });
    await tx.getRepository(Unit).update({ parentId: unit.id }, { parentId: successor.id });
    await tx.query(
      `INSERT INTO "unit_group_member" ("group_id", "member_id") SELECT "group_id", $2 FROM "unit_group_member" WHERE "member_id" = $1 AND "group_id" <> $2 ON CONFLICT DO NOTHING`,
      [unit.id, successor.id],
    );
    await tx.getRepository(UnitGroupMember).delete({ memberId: unit.id });
    await tx.query(`INSERT INTO "leader_unit" ("person_id", "unit_id") SELECT "person_id", $2 FROM "leader_unit" WHERE "unit_id" = $1 ON CONFLICT DO NOTHING`, [
      unit.id,
      successor.id,
    ]);
    await tx.query(`DELETE FROM "leader_unit" WHERE "unit_id" = $1`, [unit.id]);
    // Duties in drafts move (a draft has no history yet); where the successor already has the same part, it keeps it.
    const drafts: Array<{ item_id: string; role: string; position: number }> = await tx.query(
      `SELECT iu."item_id", iu."role", iu."position" FROM "item_unit" iu JOIN "item" i ON i."id" = iu."item_id" JOIN "plan" p ON p."id" = i."plan_id"
        WHERE iu."unit_id" = $1 AND p."status" = 'draft'`,
      [unit.id],
    );
    for (const duty of drafts) {
      await tx.getRepository(ItemUnit).delete({ itemId: duty.item_id, unitId: unit.id, role: duty.role as 'lead' | 'co' });
      await tx
        .createQueryBuilder()
        .insert()
        .into(ItemUnit)
        .values({ itemId: duty.item_id, unitId: successor.id, role: duty.role as 'lead' | 'co', position: duty.position })
        .orIgnore()
        .execute();
    }
  }

  private async change(step: (tx: EntityManager) => Promise<string>): Promise<DirectoryUnit> {
    const id = await this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('duban:unit-directory'))`);
      return step(tx);
    });
    return this.get(id);
  }
}

async function lockUnit(tx: EntityManager, unitId: string): Promise<Unit> {
  const unit = await tx.getRepository(Unit).findOne({ where: { id: unitId }, lock: { mode: 'pessimistic_write' } });
  if (!unit) throw new NotFoundError('unit', unitId);
  return unit;
}

/** Each name or alias names one unit only: another unit's name or alias is refused, naming that unit. */
async function assertNamesFree(tx: EntityManager, names: string[], except: string | null): Promise<void> {
  const holders: Array<{ id: string; name: string; taken: string }> = await tx.query(
    `SELECT u."id", u."name", n AS "taken" FROM "unit" u, unnest($1::text[]) n WHERE (u."name" = n OR n = ANY(u."aliases")) AND u."id" IS DISTINCT FROM $2`,
    [names, except],
  );
  const [first] = holders;
  if (!first) return;
  throw new ConflictError(
    first.taken === first.name ? `a unit named ${first.taken} exists already` : `${first.taken} is already an alias of ${first.name}`,
    'exists',
  );
}

/** A parent must exist, not be a group, and not sit under the unit itself (no cycle of parents). */
async function assertParent(tx: EntityManager, parentId: string, unitId: string | null): Promise<void> {
  if (parentId === unitId) throw new InvalidInputError('parentId: a unit cannot be its own parent', 'parentId');
  const parent = await tx.getRepository(Unit).findOneBy({ id: parentId });
  if (!parent) throw new NotFoundError('unit', parentId);
  if (parent.kind === 'group') throw new InvalidInputError(`parentId: ${parent.name} is a group; a parent is a unit`, 'parentId');
  if (!unitId) return;
  const parents: Array<{ id: string; parent_id: string | null }> = await tx.query(`SELECT "id", "parent_id" FROM "unit" WHERE "parent_id" IS NOT NULL`);
  const next = (id: string) => (id === unitId ? [parentId] : parents.filter((p) => p.id === id && p.parent_id).map((p) => p.parent_id as string));
  const cycle = cycleThrough(unitId, next);
  if (cycle) throw new ConflictError(`parentId: a cycle of parents ${await namePath(tx, cycle)}`, 'cycle');
}

function assertGroupOnly(kind: UnitKind, membersChosenAtReview: boolean | undefined): void {
  if (membersChosenAtReview && kind !== 'group')
    throw new InvalidInputError('membersChosenAtReview: only a group has members to choose', 'membersChosenAtReview');
}

function normaliseAliases(aliases: string[], name: string): string[] {
  const trimmed = aliases.map((a) => a.trim());
  if (trimmed.some((a) => a.length === 0)) throw new InvalidInputError('aliases: an alias must not be blank', 'aliases');
  return [...new Set(trimmed)].filter((a) => a !== name);
}

async function openDuties(tx: EntityManager, unitId: string): Promise<OpenDuty[]> {
  const rows: Array<{ plan_code: string; item_code: string; role: 'lead' | 'co' }> = await tx.query(
    `SELECT p."code" AS "plan_code", i."code" AS "item_code", iu."role" FROM "item_unit" iu JOIN "item" i ON i."id" = iu."item_id"
      JOIN "plan" p ON p."id" = i."plan_id" WHERE iu."unit_id" = $1 AND p."status" <> 'draft' AND i."state" <> 'closed' ORDER BY p."code", i."position"`,
    [unitId],
  );
  return rows.map((r) => ({ planCode: r.plan_code, itemCode: r.item_code, role: r.role }));
}

function listDuties(duties: OpenDuty[]): string {
  const shown = duties.slice(0, 10).map((d) => `${d.planCode} ${d.itemCode}`);
  return duties.length > shown.length ? `${shown.join(', ')} and ${duties.length - shown.length} more` : shown.join(', ');
}

async function namePath(tx: EntityManager, ids: string[]): Promise<string> {
  const units = await tx.getRepository(Unit).findBy({ id: In([...new Set(ids)]) });
  return ids.map((id) => units.find((u) => u.id === id)?.name ?? id).join(' → ');
}

function describe(unit: Unit): Record<string, unknown> {
  return {
    name: unit.name,
    fullName: unit.fullName,
    kind: unit.kind,
    aliases: unit.aliases,
    parentId: unit.parentId,
    membersChosenAtReview: unit.membersChosenAtReview,
    needsReview: unit.needsReview,
  };
}
