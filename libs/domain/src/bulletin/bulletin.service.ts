import { DataSource } from 'typeorm';
import { NotFoundError } from '../errors';
import { DashboardService, ORIGINAL_DUE_ON, type IndicatorProgress } from '../dashboard/dashboard.service';
import { Item } from '../plan/item.entity';
import { Plan } from '../plan/plan.entity';

export interface BulletinLine {
  itemId: string;
  itemCode: string;
  itemTitle: string;
  unitId: string;
  unitName: string;
  periodState: string;
  /** The due date the first report was judged against (before any return moved it). */
  dueOn: string;
  /** Asia/Shanghai date of the first submission; null when nothing was submitted. */
  submittedOn: string | null;
  onTime: boolean;
  overdue: boolean;
  statusColour: string;
}

export interface BulletinUnit {
  unitId: string;
  unitName: string;
  items: Array<Pick<BulletinLine, 'itemCode' | 'itemTitle' | 'dueOn' | 'submittedOn' | 'periodState'>>;
}

export interface EscalatedItem {
  itemId: string;
  itemCode: string;
  itemTitle: string;
  unitName: string;
  reason: 'overdue' | 'late' | 'escalation';
  level: number | null;
}

export interface Bulletin {
  plan: { id: string; code: string; title: string };
  periodKey: string;
  generatedAt: string;
  due: number;
  onTime: number;
  late: number;
  onTimeRate: number | null;
  onTimeUnits: BulletinUnit[];
  lateUnits: BulletinUnit[];
  escalatedItems: EscalatedItem[];
  targets: IndicatorProgress[];
  lines: BulletinLine[];
}

/** A bulletin (通报) for one period of a plan: who reported on time, who was late, what escalated, target progress. */
export class BulletinService {
  constructor(
    private readonly db: DataSource,
    private readonly dashboard: DashboardService = new DashboardService(db),
  ) {}

  async forPeriod(planId: string, periodKey: string, today: string): Promise<Bulletin> {
    const plan = await this.db.getRepository(Plan).findOneBy({ id: planId });
    if (!plan) throw new NotFoundError('plan', planId);
    const lines: BulletinLine[] = await this.db.query(
      `SELECT i.id AS "itemId", i.code AS "itemCode", i.title AS "itemTitle", u.id AS "unitId", u.name AS "unitName", p.state AS "periodState",
              to_char(d.due_on, 'YYYY-MM-DD') AS "dueOn", to_char(f.first_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "submittedOn",
              (f.first_at IS NOT NULL AND (f.first_at AT TIME ZONE 'Asia/Shanghai')::date <= d.due_on) AS "onTime",
              (f.first_at IS NULL AND p.due_on < $3::date) AS overdue, i.status_colour AS "statusColour"
         FROM reporting_period p
         JOIN item i ON i.id = p.item_id
         JOIN item_unit iu ON iu.item_id = i.id AND iu.role = 'lead' AND iu.position = 0
         JOIN unit u ON u.id = iu.unit_id
         LEFT JOIN LATERAL (SELECT min(r.submitted_at) AS first_at FROM report r WHERE r.period_id = p.id) f ON true
         CROSS JOIN LATERAL (SELECT ${ORIGINAL_DUE_ON} AS due_on) d
        WHERE i.plan_id = $1 AND p.key = $2
        ORDER BY i.position`,
      [planId, periodKey, today],
    );
    if (lines.length === 0) throw new NotFoundError(`period ${periodKey} of plan`, planId);

    const due = lines.filter((l) => l.submittedOn !== null || l.dueOn < today);
    const onTime = due.filter((l) => l.onTime);
    const lateLines = due.filter((l) => !l.onTime);
    const lateUnitIds = new Set(lateLines.map((l) => l.unitId));
    const onTimeUnitIds = new Set(onTime.map((l) => l.unitId).filter((id) => !lateUnitIds.has(id)));
    const items = await this.db.getRepository(Item).findBy({ planId });
    const escalations = await this.escalationLevels(
      lines.map((l) => l.itemId),
      periodKey,
    );
    return {
      plan: { id: plan.id, code: plan.code, title: plan.title },
      periodKey,
      generatedAt: new Date().toISOString(),
      due: due.length,
      onTime: onTime.length,
      late: lateLines.length,
      onTimeRate: due.length > 0 ? Math.round((onTime.length / due.length) * 1000) / 1000 : null,
      onTimeUnits: groupByUnit(onTime.filter((l) => onTimeUnitIds.has(l.unitId))),
      lateUnits: groupByUnit(lateLines),
      escalatedItems: lines
        .filter((l) => l.overdue || escalations.has(l.itemId) || (l.submittedOn !== null && !l.onTime))
        .map((l) => ({
          itemId: l.itemId,
          itemCode: l.itemCode,
          itemTitle: l.itemTitle,
          unitName: l.unitName,
          reason: escalations.has(l.itemId) ? 'escalation' : l.overdue ? 'overdue' : 'late',
          level: escalations.get(l.itemId) ?? null,
        })),
      targets: await this.dashboard.indicators(items, periodKey),
      lines,
    };
  }

  /** Highest escalation level each item reached for the period (level -1: started, no notice issued yet). */
  private async escalationLevels(itemIds: string[], periodKey: string): Promise<Map<string, number>> {
    const rows: Array<{ itemId: string; level: number }> = await this.db.query(
      `SELECT item_id AS "itemId", max(level)::int AS level FROM escalation WHERE item_id = ANY($1::uuid[]) AND period_key = $2 AND level >= 0 GROUP BY item_id`,
      [itemIds, periodKey],
    );
    return new Map(rows.map((r) => [r.itemId, r.level]));
  }
}

function groupByUnit(lines: BulletinLine[]): BulletinUnit[] {
  const units = new Map<string, BulletinUnit>();
  for (const l of lines) {
    const unit = units.get(l.unitId) ?? { unitId: l.unitId, unitName: l.unitName, items: [] };
    unit.items.push({ itemCode: l.itemCode, itemTitle: l.itemTitle, dueOn: l.dueOn, submittedOn: l.submittedOn, periodState: l.periodState });
    units.set(l.unitId, unit);
  }
  return [...units.values()];
}
