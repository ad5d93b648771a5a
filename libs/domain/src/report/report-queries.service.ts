import { DataSource } from 'typeorm';
import { NotFoundError } from '../errors';
import { ReportingPeriod } from '../period/reporting-period.entity';
import { Item } from '../plan/item.entity';
import { Report } from './report.entity';

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
      .select(['r.id AS "reportId"', 'r.item_id AS "itemId"', 'i.code AS "itemCode"', 'i.title AS "itemTitle"', 'i.plan_id AS "planId"', 'p.key AS "periodKey"', 'r.attempt AS attempt', 'r.unit_id AS "unitId"', 'r.submitted_at AS "submittedAt"'])
      .where("r.status = 'pending'")
      .orderBy('r.submitted_at', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .limit(limit)
      .getRawMany<Omit<QueueRow, 'waitingSeconds'>>();
    const now = Date.now();
    return rows.map((r) => ({ ...r, waitingSeconds: Math.round((now - new Date(r.submittedAt).getTime()) / 1000) }));
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
}
