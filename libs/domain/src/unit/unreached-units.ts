import type { DataSource, EntityManager } from 'typeorm';

/**
 * A unit with duties on supervised items and no reporter: its reminders would reach nobody, so they go to its head,
 * or — without a head either — to the supervision office (the supervisors). Listed at activation and on the dashboard.
 */
export interface UnreachedUnit {
  unitId: string;
  unitName: string;
  itemCodes: string[];
  fallback: 'unit-head' | 'office';
}

export async function unreachedUnits(db: DataSource | EntityManager, itemIds: string[]): Promise<UnreachedUnit[]> {
  if (itemIds.length === 0) return [];
  const rows: Array<{ unit_id: string; unit_name: string; item_codes: string[]; has_head: boolean }> = await db.query(
    `SELECT u."id" AS "unit_id", u."name" AS "unit_name", array_agg(DISTINCT i."code" ORDER BY i."code") AS "item_codes",
            EXISTS (SELECT 1 FROM "person" h WHERE h."unit_id" = u."id" AND h."role" = 'unit-head') AS "has_head"
       FROM "item_unit" iu JOIN "unit" u ON u."id" = iu."unit_id" JOIN "item" i ON i."id" = iu."item_id"
      WHERE iu."item_id" = ANY($1::uuid[]) AND (u."kind" <> 'group' OR u."needs_review")
        AND NOT EXISTS (SELECT 1 FROM "person" r WHERE r."unit_id" = u."id" AND r."role" = 'reporter')
      GROUP BY u."id", u."name" ORDER BY u."name"`,
    [itemIds],
  );
  return rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, itemCodes: r.item_codes, fallback: r.has_head ? 'unit-head' : 'office' }));
}

/** The activation's warning for one such unit. */
export function unreachedUnitWarning(unit: UnreachedUnit): string {
  const to = unit.fallback === 'unit-head' ? 'its head' : 'the supervision office';
  return `unit ${unit.unitName} (${unit.itemCodes.join(', ')}) has no reporter: its reminders go to ${to}`;
}
