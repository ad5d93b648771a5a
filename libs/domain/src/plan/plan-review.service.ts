import { DataSource } from 'typeorm';
import { NotFoundError } from '../errors';
import { closestNames } from '../unit/unit-directory';
import { unreachedUnits, type UnreachedUnit } from '../unit/unreached-units';
import { UnitDirectoryService } from '../unit/unit-directory.service';
import { resolveGroupDuties, type UnresolvedGroup } from './group-duties';
import { Item } from './item.entity';
import { Plan } from './plan.entity';

/** A name the document uses that the unit directory does not know: confirm it (admin) or correct the items. */
export interface UnknownUnit {
  name: string;
  unitId: string;
  /** Codes of the items that name it. */
  items: string[];
  /** The directory's names (or aliases) closest to it, best first; none is chosen for the supervisor. */
  closest: string[];
}

export interface PlanReview {
  planId: string;
  unknownUnits: UnknownUnit[];
  /** Groups on draft items activation cannot resolve yet ("有关" groups without chosen members, groups with none). */
  unresolvedGroups: UnresolvedGroup[];
  /** "有关" groups whose members were chosen, with the names chosen. */
  chosenGroups: ChosenGroup[];
}

export interface ChosenGroup {
  itemId: string;
  itemCode: string;
  groupId: string;
  group: string;
  chosen: string[];
}

/** What a supervisor must settle before a draft plan's items are assigned: what the directory cannot decide. */
export class PlanReviewService {
  constructor(
    private readonly db: DataSource,
    private readonly units: UnitDirectoryService = new UnitDirectoryService(db),
  ) {}

  async review(planId: string): Promise<PlanReview> {
    if (!(await this.db.getRepository(Plan).existsBy({ id: planId }))) throw new NotFoundError('plan', planId);
    const items = await this.db.getRepository(Item).find({ where: { planId }, relations: { units: { unit: true } }, order: { position: 'ASC' } });
    const unknown = new Map<string, UnknownUnit>();
    for (const item of items)
      for (const { unit } of item.units ?? []) {
        if (!unit?.needsReview) continue;
        const entry = unknown.get(unit.id) ?? { name: unit.name, unitId: unit.id, items: [], closest: [] };
        if (!entry.items.includes(item.code)) entry.items.push(item.code);
        unknown.set(unit.id, entry);
      }
    if (unknown.size > 0) {
      const known = await this.units.knownNames();
      for (const entry of unknown.values()) entry.closest = closestNames(entry.name, known);
    }
    const drafts = items.filter((item) => item.state === 'draft');
    const { unresolved } = await resolveGroupDuties(this.db, drafts);
    return { planId, unknownUnits: [...unknown.values()], unresolvedGroups: unresolved, chosenGroups: await this.chosen(drafts) };
  }

  /** Units of the plan's supervised items whose reminders would reach nobody of their own. */
  async unreachedUnits(planId: string): Promise<UnreachedUnit[]> {
    const items = await this.db.getRepository(Item).find({ select: { id: true }, where: { planId, state: 'supervised' } });
    return unreachedUnits(
      this.db,
      items.map((i) => i.id),
    );
  }

  private async chosen(items: Item[]): Promise<ChosenGroup[]> {
    if (items.length === 0) return [];
    const rows: Array<{ item_id: string; group_id: string; group_name: string; unit_name: string }> = await this.db.query(
      `SELECT c."item_id", c."group_id", g."name" AS "group_name", u."name" AS "unit_name" FROM "item_group_choice" c
         JOIN "unit" g ON g."id" = c."group_id" JOIN "unit" u ON u."id" = c."unit_id"
        WHERE c."item_id" = ANY($1::uuid[]) ORDER BY u."name"`,
      [items.map((i) => i.id)],
    );
    const byKey = new Map<string, ChosenGroup>();
    for (const row of rows) {
      const key = `${row.item_id}:${row.group_id}`;
      const code = items.find((i) => i.id === row.item_id)?.code ?? '';
      const entry = byKey.get(key) ?? { itemId: row.item_id, itemCode: code, groupId: row.group_id, group: row.group_name, chosen: [] };
      entry.chosen.push(row.unit_name);
      byKey.set(key, entry);
    }
    return [...byKey.values()];
  }
}

/** One line per unknown unit, for the activation's warnings. */
export function unknownUnitWarning(unit: UnknownUnit): string {
  const closest = unit.closest.length > 0 ? `; closest known: ${unit.closest.join('、')}` : '';
  return `unit ${unit.name} (${unit.items.join(', ')}) is not in the unit directory${closest}`;
}
