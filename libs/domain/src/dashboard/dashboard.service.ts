import { DataSource } from 'typeorm';
import { NotFoundError } from '../errors';
import { Item, type ItemTarget, type StatusColour } from '../plan/item.entity';
import { Plan } from '../plan/plan.entity';
import { Unit } from '../unit/unit.entity';
import { unreachedUnits, type UnreachedUnit } from '../unit/unreached-units';

/**
 * The due date a period's first report is judged against: a return moves the period's due date to the resubmission's,
 * so the date before the first return is the one that counted (an extension granted before it is already in it).
 */
export const ORIGINAL_DUE_ON = `COALESCE((SELECT (a.before->>'dueOn')::date FROM audit_event a JOIN report rr ON a.entity_id = rr.id::text
   WHERE rr.period_id = p.id AND a.action = 'report.returned' ORDER BY a.id LIMIT 1), p.due_on)`;

/** One period of the trend; periods that have not opened yet (or were closed before they began) are left out. */
export interface PeriodTrend {
  periodKey: string;
  periods: number;
  /** Periods whose due date has passed or that have a report. */
  due: number;
  submitted: number;
  onTime: number;
  approved: number;
  overdue: number;
  /** onTime / due, null while nothing is due. */
  onTimeRate: number | null;
}

export interface IndicatorProgress {
  itemId: string;
  itemCode: string;
  indicator: string;
  unit: string;
  year: number | null;
  goal: number | null;
  latestValue: number | null;
  latestPeriodKey: string | null;
  /** latestValue / goal, null when either is unknown. */
  progress: number | null;
}

export interface EscalationCount {
  level: number;
  count: number;
}

export interface Dashboard {
  scope: { kind: 'plan' | 'unit'; id: string; name: string };
  items: number;
  itemsByColour: Record<StatusColour, number>;
  keyItems: number;
  onTimeRate: number | null;
  overdue: number;
  /** Escalations not yet resolved, by the level reached (0 = first rung of the ladder). */
  escalationsByLevel: EscalationCount[];
  indicators: IndicatorProgress[];
  trend: PeriodTrend[];
  /** Units whose reminders reach nobody of their own (no reporter), and who gets them instead. */
  unreachedUnits: UnreachedUnit[];
}

/** Figures for the dashboard (per plan or per unit) and the bulletin, read from the workflows' projections. */
export class DashboardService {
  constructor(private readonly db: DataSource) {}

  async forPlan(planId: string, today: string): Promise<Dashboard> {
    const plan = await this.db.getRepository(Plan).findOneBy({ id: planId });
    if (!plan) throw new NotFoundError('plan', planId);
    const items = await this.db.getRepository(Item).find({ where: { planId }, order: { position: 'ASC' } });
    return this.build({ kind: 'plan', id: plan.id, name: plan.title }, items, today);
  }

  /** A unit's dashboard covers the items it leads. */
  async forUnit(unitId: string, today: string): Promise<Dashboard> {
    const unit = await this.db.getRepository(Unit).findOneBy({ id: unitId });
    if (!unit) throw new NotFoundError('unit', unitId);
    const items = await this.db
      .getRepository(Item)
      .createQueryBuilder('i')
      .where("EXISTS (SELECT 1 FROM item_unit iu WHERE iu.item_id = i.id AND iu.unit_id = :unitId AND iu.role = 'lead')", { unitId })
      .orderBy('i.plan_id')
      .addOrderBy('i.position')
      .getMany();
    return this.build({ kind: 'unit', id: unit.id, name: unit.name }, items, today);
  }

  /** One item's targets with their latest approved values: what its dashboard row shows, for whoever may read the item. */
  async forItem(itemId: string): Promise<IndicatorProgress[]> {
    const item = await this.db.getRepository(Item).findOneBy({ id: itemId });
    if (!item) throw new NotFoundError('item', itemId);
    return this.indicators([item]);
  }

  async trend(itemIds: string[], today: string): Promise<PeriodTrend[]> {
    if (itemIds.length === 0) return [];
    const rows: Array<Omit<PeriodTrend, 'onTimeRate'>> = await this.db.query(
      `WITH per AS (
         SELECT p.key, p.starts_on, p.due_on, p.state, (SELECT min(r.submitted_at) FROM report r WHERE r.period_id = p.id) AS first_at,
                ${ORIGINAL_DUE_ON} AS original_due_on
           FROM reporting_period p
          WHERE p.item_id = ANY($1::uuid[]) AND p.state <> 'upcoming'
            -- A closure (办结) also closes the next period when it was already recorded: one that began after the item closed never
            -- opened, so it is no period of the trend (nor the latest bulletin's).
            AND NOT (p.state = 'closed' AND p.starts_on > COALESCE(
              (SELECT max((c.closed_at AT TIME ZONE 'Asia/Shanghai')::date) FROM closure_request c WHERE c.item_id = p.item_id AND c.closed_at IS NOT NULL),
              $2::date)))
       SELECT key AS "periodKey", count(*)::int AS periods,
              count(*) FILTER (WHERE first_at IS NOT NULL OR due_on < $2::date)::int AS due,
              count(*) FILTER (WHERE first_at IS NOT NULL)::int AS submitted,
              count(*) FILTER (WHERE first_at IS NOT NULL AND (first_at AT TIME ZONE 'Asia/Shanghai')::date <= original_due_on)::int AS "onTime",
              count(*) FILTER (WHERE state = 'approved')::int AS approved,
              count(*) FILTER (WHERE state IN ('open', 'returned') AND due_on < $2::date)::int AS overdue
         FROM per GROUP BY key ORDER BY min(starts_on)`,
      [itemIds, today],
    );
    return rows.map((r) => ({ ...r, onTimeRate: rate(r.onTime, r.due) }));
  }

  /** Latest approved value of each target's indicator, up to and including `untilPeriodKey` when given. */
  async indicators(items: Item[], untilPeriodKey?: string): Promise<IndicatorProgress[]> {
    if (items.length === 0) return [];
    const reports: Array<{ itemId: string; periodKey: string; values: Array<{ indicator: string; value: number }> }> = await this.db.query(
      `SELECT r.item_id AS "itemId", p.key AS "periodKey", r.indicator_values AS values
         FROM report r JOIN reporting_period p ON p.id = r.period_id
        WHERE r.status = 'approved' AND r.item_id = ANY($1::uuid[])
          AND ($2::text IS NULL OR p.starts_on <= (SELECT max(q.starts_on) FROM reporting_period q WHERE q.item_id = r.item_id AND q.key = $2))
        ORDER BY p.starts_on ASC, r.attempt ASC`,
      [items.map((i) => i.id), untilPeriodKey ?? null],
    );
    const latest = new Map<string, { value: number; periodKey: string }>();
    for (const report of reports)
      for (const v of report.values ?? []) latest.set(`${report.itemId}\u0000${v.indicator}`, { value: v.value, periodKey: report.periodKey });
    return items.flatMap((item) =>
      (item.targets ?? []).map((target: ItemTarget) => {
        const goal = target.value ?? target.min ?? target.max ?? null;
        const found = latest.get(`${item.id}\u0000${target.indicator}`);
        return {
          itemId: item.id,
          itemCode: item.code,
          indicator: target.indicator,
          unit: target.unit,
          year: target.year ?? null,
          goal,
          latestValue: found?.value ?? null,
          latestPeriodKey: found?.periodKey ?? null,
          progress: found && goal ? Math.round((found.value / goal) * 1000) / 1000 : null,
        };
      }),
    );
  }

  /** Open escalations (not resolved) of these items by the level they have reached; level -1 (no notice yet) is left out. */
  async escalationsByLevel(itemIds: string[]): Promise<EscalationCount[]> {
    if (itemIds.length === 0) return [];
    return this.db.query(
      `SELECT level, count(*)::int AS count FROM escalation
        WHERE item_id = ANY($1::uuid[]) AND status <> 'resolved' AND level >= 0 GROUP BY level ORDER BY level`,
      [itemIds],
    );
  }

  private async build(scope: Dashboard['scope'], items: Item[], today: string): Promise<Dashboard> {
    const ids = items.map((i) => i.id);
    const supervised = items.filter((i) => i.state === 'supervised').map((i) => i.id);
    const [trend, indicators, escalationsByLevel, unreached] = await Promise.all([
      this.trend(ids, today),
      this.indicators(items),
      this.escalationsByLevel(ids),
      unreachedUnits(this.db, supervised),
    ]);
    const itemsByColour: Record<StatusColour, number> = { green: 0, yellow: 0, red: 0 };
    for (const item of items) itemsByColour[item.statusColour] = (itemsByColour[item.statusColour] ?? 0) + 1;
    const due = trend.reduce((n, t) => n + t.due, 0);
    const onTime = trend.reduce((n, t) => n + t.onTime, 0);
    return {
      scope,
      items: items.length,
      itemsByColour,
      keyItems: items.filter((i) => i.keyItem).length,
      onTimeRate: rate(onTime, due),
      overdue: trend.reduce((n, t) => n + t.overdue, 0),
      escalationsByLevel,
      indicators,
      trend,
      unreachedUnits: unreached,
    };
  }
}

function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null;
}
