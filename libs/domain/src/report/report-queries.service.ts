import { DataSource } from 'typeorm';
import { AuditEvent } from '../audit/audit-event.entity';
import { assertMayReadItem, type Reader } from '../access/item-access';
import { NotFoundError } from '../errors';
import { ReportingPeriod } from '../period/reporting-period.entity';
import { Item } from '../plan/item.entity';
import { Report } from './report.entity';
import type { IndicatorReading } from '../progress/expected-progress';

export interface OpenPeriodRow {
  itemId: string;
  itemCode: string;
  itemTitle: string;
  planId: string;
  planCode: string;
  planTitle: string;
  keyItem: boolean;
  /** lead: the unit submits the report; co: the unit contributes to the lead unit's report. */
  unitRole: 'lead' | 'co';
  periodKey: string;
  periodState: string;
  opensOn: string;
  dueOn: string;
  overdue: boolean;
}

/** One report of a period as its unit reads it afterwards: what became of it, and the reviewer's reason for a return. */
export interface SentReportRow {
  id: string;
  attempt: number;
  status: string;
  submittedAt: string;
  reviewComment: string | null;
  reviewedAt: string | null;
  resubmitDueOn: string | null;
}

/** One period of one item of a unit, with every report sent for it. */
export interface UnitHistoryRow {
  itemId: string;
  itemCode: string;
  itemTitle: string;
  itemState: string;
  planId: string;
  planCode: string;
  planTitle: string;
  unitRole: 'lead' | 'co';
  periodKey: string;
  periodState: string;
  opensOn: string;
  dueOn: string;
  reports: SentReportRow[];
}

/** An audit event with the person who took the step, when it was a person. */
export type AuditTrailEntry = AuditEvent & { actorName: string | null; actorRole: string | null; actorUnitName: string | null };

export interface QueueRow {
  reportId: string;
  itemId: string;
  itemCode: string;
  itemTitle: string;
  planId: string;
  periodKey: string;
  attempt: number;
  unitId: string;
  submittedAt: Date;
  waitingSeconds: number;
}

/** Read side for the API: projections the workflows wrote. */
export class ReportQueries {
  constructor(private readonly db: DataSource) {}

  /** Pending reports across all plans, oldest-waiting first. */
  async approvalQueue(limit = 50): Promise<QueueRow[]> {
    const rows = await this.db
      .getRepository(Report)
      .createQueryBuilder('r')
      .innerJoin(Item, 'i', 'i.id = r.item_id')
      .innerJoin(ReportingPeriod, 'p', 'p.id = r.period_id')
      .select([
        'r.id AS "reportId"',
        'r.item_id AS "itemId"',
        'i.code AS "itemCode"',
        'i.title AS "itemTitle"',
        'i.plan_id AS "planId"',
        'p.key AS "periodKey"',
        'r.attempt AS attempt',
        'r.unit_id AS "unitId"',
        'r.submitted_at AS "submittedAt"',
      ])
      .where("r.status = 'pending'")
      .orderBy('r.submitted_at', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .limit(limit)
      .getRawMany<Omit<QueueRow, 'waitingSeconds'>>();
    const now = Date.now();
    return rows.map((r) => ({ ...r, waitingSeconds: Math.round((now - new Date(r.submittedAt).getTime()) / 1000) }));
  }

  /** A report, for a reader allowed to see it (oversight roles, or the units of its item). */
  async reportFor(reportId: string, reader: Reader): Promise<Report> {
    const report = await this.report(reportId);
    await assertMayReadItem(this.db, report.itemId, reader);
    return report;
  }

  async report(reportId: string): Promise<Report> {
    const report = await this.db.getRepository(Report).findOneBy({ id: reportId });
    if (!report) throw new NotFoundError('report', reportId);
    return report;
  }

  periods(itemId: string): Promise<ReportingPeriod[]> {
    return this.db.getRepository(ReportingPeriod).find({ where: { itemId }, order: { startsOn: 'ASC' } });
  }

  async item(itemId: string): Promise<Item> {
    const item = await this.db.getRepository(Item).findOne({ where: { id: itemId }, relations: { units: { unit: true } } });
    if (!item) throw new NotFoundError('item', itemId);
    return item;
  }

  /** The periods a unit has to report on now (open or returned), soonest due first. */
  async openPeriodsOfUnit(unitId: string, today: string): Promise<OpenPeriodRow[]> {
    return this.db.query(
      `SELECT i.id AS "itemId", i.code AS "itemCode", i.title AS "itemTitle", i.plan_id AS "planId", pl.code AS "planCode", pl.title AS "planTitle", i.key_item AS "keyItem",
              iu.role AS "unitRole", p.key AS "periodKey", p.state AS "periodState", to_char(p.opens_on, 'YYYY-MM-DD') AS "opensOn",
              to_char(p.due_on, 'YYYY-MM-DD') AS "dueOn", (p.due_on < $2::date) AS overdue
         FROM item_unit iu
         JOIN item i ON i.id = iu.item_id
         JOIN plan pl ON pl.id = i.plan_id
         JOIN reporting_period p ON p.item_id = i.id
        WHERE iu.unit_id = $1 AND p.state IN ('open', 'returned') AND i.state = 'supervised'
        ORDER BY p.due_on ASC, pl.code ASC, i.position ASC`,
      [unitId, today],
    );
  }

  /**
   * Every period of every item the unit leads or cooperates on — begun or not, done or not — each with the reports
   * sent for it (every attempt, with the review's outcome): what a unit looks back on after it has reported.
   */
  async historyOfUnit(unitId: string): Promise<UnitHistoryRow[]> {
    return this.db.query(
      `SELECT i.id AS "itemId", i.code AS "itemCode", i.title AS "itemTitle", i.state AS "itemState", i.plan_id AS "planId",
              pl.code AS "planCode", pl.title AS "planTitle", iu.role AS "unitRole", p.key AS "periodKey", p.state AS "periodState",
              to_char(p.opens_on, 'YYYY-MM-DD') AS "opensOn", to_char(p.due_on, 'YYYY-MM-DD') AS "dueOn",
              COALESCE((SELECT json_agg(json_build_object(
                         'id', r.id, 'attempt', r.attempt, 'status', r.status, 'submittedAt', r.submitted_at,
                         'reviewComment', v.comment, 'reviewedAt', v.reviewed_at, 'resubmitDueOn', to_char(v.resubmit_due_on, 'YYYY-MM-DD'))
                         ORDER BY r.attempt)
                  FROM report r LEFT JOIN review v ON v.report_id = r.id WHERE r.period_id = p.id), '[]'::json) AS reports
         FROM item_unit iu
         JOIN item i ON i.id = iu.item_id
         JOIN plan pl ON pl.id = i.plan_id
         JOIN reporting_period p ON p.item_id = i.id
        WHERE iu.unit_id = $1 AND i.state <> 'draft'
        ORDER BY pl.title ASC, pl.code ASC, i.position ASC, p.starts_on DESC`,
      [unitId],
    );
  }

  /** Every report of the item (optionally of one period), oldest attempt first, with its review, for a reader allowed to see the item. */
  async reportsOfItem(itemId: string, reader: Reader, periodKey?: string): Promise<Array<SentReportRow & { periodKey: string }>> {
    await this.item(itemId);
    await assertMayReadItem(this.db, itemId, reader);
    return this.db.query(
      `SELECT r.id, r.attempt, r.status, r.submitted_at AS "submittedAt", v.comment AS "reviewComment", v.reviewed_at AS "reviewedAt",
              to_char(v.resubmit_due_on, 'YYYY-MM-DD') AS "resubmitDueOn", p.key AS "periodKey"
         FROM report r JOIN reporting_period p ON p.id = r.period_id LEFT JOIN review v ON v.report_id = r.id
        WHERE r.item_id = $1 AND ($2::text IS NULL OR p.key = $2)
        ORDER BY p.starts_on ASC, r.attempt ASC`,
      [itemId, periodKey ?? null],
    );
  }

  /** The item's audit trail, oldest first; read-only (the table refuses UPDATE and DELETE). */
  /** Every indicator value of the item's approved reports, dated by the end of the period it reports. */
  async approvedReadings(itemId: string): Promise<IndicatorReading[]> {
    const rows = await this.db
      .getRepository(Report)
      .createQueryBuilder('r')
      .innerJoin(ReportingPeriod, 'p', 'p.id = r.period_id')
      .select(['r.indicator_values AS "values"', 'p.ends_on AS "on"'])
      .where("r.item_id = :itemId AND r.status = 'approved'", { itemId })
      .getRawMany<{ values: Array<{ indicator: string; value: number }>; on: string }>();
    return rows.flatMap((row) => row.values.map((v) => ({ indicator: v.indicator, value: v.value, on: row.on })));
  }

  /** The trail with each step's person, as a timeline sentence names them: unit, role, name (null for the system). */
  async auditTrail(itemId: string): Promise<AuditTrailEntry[]> {
    await this.item(itemId);
    const events = await this.db.getRepository(AuditEvent).find({ where: { itemId }, order: { id: 'ASC' } });
    const actors = [...new Set(events.map((e) => e.actor).filter((a) => /^[0-9a-f-]{36}$/i.test(a)))];
    const people: Array<{ id: string; displayName: string; role: string; unitName: string | null }> = actors.length
      ? await this.db.query(
          `SELECT p.id, p.display_name AS "displayName", p.role, u.name AS "unitName" FROM person p LEFT JOIN unit u ON u.id = p.unit_id WHERE p.id = ANY($1::uuid[])`,
          [actors],
        )
      : [];
    const byId = new Map(people.map((p) => [p.id, p]));
    return events.map((e) => {
      const who = byId.get(e.actor);
      return { ...e, actorName: who?.displayName ?? null, actorRole: who?.role ?? null, actorUnitName: who?.unitName ?? null };
    });
  }
}
