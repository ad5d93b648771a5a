import type { DataSource } from 'typeorm';
import { NotFoundError } from '../errors';
import { UnitScope } from './unit-scope';

const ITEM = '11111111-1111-4111-8111-111111111111';
const PLAN = '22222222-2222-4222-8222-222222222222';
const MINE = '33333333-3333-4333-8333-333333333333';
const GROUP = '44444444-4444-4444-8444-444444444444';
const OTHER = '55555555-5555-4555-8555-555555555555';

/** A database of one plan with one item, led by GROUP, of which MINE is a member. */
function fakeDb(): DataSource {
  const members = new Map([[MINE, [GROUP]]]);
  const duties = [{ itemId: ITEM, unitId: GROUP }];
  const query = async (sql: string, params: string[]) => {
    const units = (unit: string) => [unit, ...(members.get(unit) ?? [])];
    if (sql.includes('FROM "plan" WHERE')) return params[0] === PLAN ? [{}] : [];
    if (sql.includes('FROM "item" WHERE "id"')) return params[0] === ITEM ? [{ item_id: ITEM }] : [];
    if (sql.includes('i."plan_id" = $1'))
      return params[0] === PLAN ? duties.filter((d) => units(params[1]).includes(d.unitId)).map((d) => ({ item_id: d.itemId })) : [];
    if (sql.includes('"item_id" = $1')) return duties.filter((d) => d.itemId === params[0] && units(params[1]).includes(d.unitId)).map(() => ({}));
    return [];
  };
  return { query } as unknown as DataSource;
}

describe('UnitScope', () => {
  const scope = new UnitScope(fakeDb());

  it('lets a member of the group that leads the item read it and its plan', async () => {
    const me = { role: 'reporter' as const, unitId: MINE };
    expect(await scope.mayReadItem(me, ITEM)).toBe(true);
    await expect(scope.assertMayKnow(me, { itemId: ITEM, planId: PLAN, unitId: MINE })).resolves.toBeUndefined();
    expect(await scope.readableItems(me, PLAN)).toEqual(new Set([ITEM]));
  });

  it('does not let a unit with no duty know the item, the plan or another unit', async () => {
    const outsider = { role: 'unit-head' as const, unitId: OTHER };
    expect(await scope.mayReadItem(outsider, ITEM)).toBe(false);
    await expect(scope.assertMayKnow(outsider, { itemId: ITEM })).rejects.toThrow(NotFoundError);
    await expect(scope.assertMayKnow(outsider, { planId: PLAN })).rejects.toThrow(NotFoundError);
    await expect(scope.assertMayKnow(outsider, { unitId: MINE })).rejects.toThrow(NotFoundError);
    expect(await scope.readableItems(outsider, PLAN)).toEqual(new Set());
    expect(await scope.mayReadItem({ role: 'reporter', unitId: null }, ITEM)).toBe(false);
  });

  it('leaves supervisors and leaders unscoped, and unknown ids to the handler', async () => {
    for (const role of ['supervisor', 'leader'] as const) {
      await expect(scope.assertMayKnow({ role, unitId: null }, { itemId: ITEM, planId: PLAN, unitId: OTHER })).resolves.toBeUndefined();
      expect(await scope.readableItems({ role, unitId: null }, PLAN)).toBeUndefined();
    }
    await expect(scope.assertMayKnow({ role: 'reporter', unitId: OTHER }, { itemId: OTHER, planId: OTHER })).resolves.toBeUndefined();
  });
});
