import { DataSource } from 'typeorm';
import { NotFoundError } from '../errors';
import { closestNames } from '../unit/unit-directory';
import { UnitDirectoryService } from '../unit/unit-directory.service';
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
    return { planId, unknownUnits: [...unknown.values()] };
  }
}

/** One line per unknown unit, for the activation's warnings. */
export function unknownUnitWarning(unit: UnknownUnit): string {
  const closest = unit.closest.length > 0 ? `; closest known: ${unit.closest.join('、')}` : '';
  return `unit ${unit.name} (${unit.items.join(', ')}) is not in the unit directory${closest}`;
}
