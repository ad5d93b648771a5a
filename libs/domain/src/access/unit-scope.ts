import type { DataSource } from 'typeorm';
import { NotFoundError } from '../errors';
import type { Role } from '../person/person.entity';
import type { ScopeTarget } from './office-scope';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The roles whose reads are bounded by their unit's duties. */
export const UNIT_SCOPED_ROLES: readonly Role[] = ['reporter', 'unit-head'];

export interface UnitScopedPerson {
  role: Role;
  unitId: string | null;
}

export interface UnitScopeTarget extends ScopeTarget {
  unitId?: string;
}

/** The units whose duties are this unit's: the unit itself and every group it is a member of. */
const MY_UNITS = `SELECT $2::uuid UNION SELECT "group_id" FROM "unit_group_member" WHERE "member_id" = $2`;

/**
 * Reporters and unit heads know the items where their unit (or a group their unit is a member of) leads or
 * cooperates — the item_unit duties, including those made for a group's members at activation — and nothing
 * else: another unit's item, its report, escalation, request or attachment, a plan their unit has no duty in and
 * another unit's schedule are unknown to them (404), not forbidden. Supervisors and leaders are not scoped here
 * (supervisors by OfficeScope).
 */
export class UnitScope {
  constructor(private readonly db: DataSource) {}

  /** Whether this person's reads are bounded by their unit. */
  static applies(person: UnitScopedPerson): boolean {
    return UNIT_SCOPED_ROLES.includes(person.role);
  }

  /** May this person read this item? */
  async mayReadItem(person: UnitScopedPerson, itemId: string): Promise<boolean> {
    if (!UnitScope.applies(person)) return true;
    if (!person.unitId) return false;
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM "item_unit" WHERE "item_id" = $1 AND "unit_id" IN (${MY_UNITS}) LIMIT 1`, [
      itemId,
      person.unitId,
    ]);
    return rows.length > 0;
  }

  /** The ids of the items of this plan the person may read, or undefined when their reads are not unit-bounded. */
  async readableItems(person: UnitScopedPerson, planId: string): Promise<Set<string> | undefined> {
    if (!UnitScope.applies(person)) return undefined;
    if (!person.unitId) return new Set();
    const rows: Array<{ item_id: string }> = await this.db.query(
      `SELECT DISTINCT iu."item_id" FROM "item_unit" iu JOIN "item" i ON i."id" = iu."item_id"
        WHERE i."plan_id" = $1 AND iu."unit_id" IN (${MY_UNITS})`,
      [planId, person.unitId],
    );
    return new Set(rows.map((r) => r.item_id));
  }

  async assertMayKnow(person: UnitScopedPerson, target: UnitScopeTarget): Promise<void> {
    if (!UnitScope.applies(person)) return;
    if (target.unitId && UUID.test(target.unitId) && target.unitId !== person.unitId) {
      throw new NotFoundError('unit', target.unitId);
    }
    if (target.planId && UUID.test(target.planId)) {
      const known: unknown[] = await this.db.query(`SELECT 1 FROM "plan" WHERE "id" = $1`, [target.planId]);
      if (known.length && !(await this.readableItems(person, target.planId))?.size) throw new NotFoundError('plan', target.planId);
    }
    const item = await this.itemOf(target);
    if (item && !(await this.mayReadItem(person, item.itemId))) throw new NotFoundError(item.what, item.id);
  }

  private async itemOf(target: UnitScopeTarget): Promise<{ itemId: string; what: string; id: string } | null> {
    const lookups: Array<[keyof ScopeTarget, string, string]> = [
      ['itemId', 'item', `SELECT "id" AS "item_id" FROM "item" WHERE "id" = $1`],
      ['reportId', 'report', `SELECT "item_id" FROM "report" WHERE "id" = $1`],
      ['escalationId', 'escalation', `SELECT "item_id" FROM "escalation" WHERE "id" = $1`],
      ['requestId', 'request', `SELECT "item_id" FROM "extension_request" WHERE "id" = $1 UNION ALL SELECT "item_id" FROM "closure_request" WHERE "id" = $1`],
      ['attachmentId', 'attachment', `SELECT r."item_id" FROM "attachment" a JOIN "report" r ON r."id" = a."report_id" WHERE a."id" = $1`],
    ];
    for (const [key, what, sql] of lookups) {
      const id = target[key];
      if (!id || !UUID.test(id)) continue;
      const rows: Array<{ item_id: string }> = await this.db.query(sql, [id]);
      if (rows[0]) return { itemId: rows[0].item_id, what, id };
    }
    return null;
  }
}
