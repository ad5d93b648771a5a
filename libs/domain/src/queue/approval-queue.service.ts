import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';
import { audit } from '../plan/plan.service';
import type { StatusColour } from '../plan/item.entity';
import { Report, type ReportStatus } from '../report/report.entity';
import { ReportClaim } from './report-claim.entity';

export interface QueueFilter {
  planId?: string;
  unitId?: string;
  itemId?: string;
  keyItem?: boolean;
  status?: ReportStatus;
  colour?: StatusColour;
  /** mine: claimed by me; unclaimed: nobody holds a live claim; claimed: somebody does. */
  claim?: 'mine' | 'unclaimed' | 'claimed';
  /** Words found in the item's code or title, the reporting unit's name or the plan's title or code. */
  q?: string;
  cursor?: string;
  limit?: number;
  /** Only this office's plans (a supervisor's queue: see OfficeScope). */
  office?: { officeId: string | null };
}

export interface QueueEntry {
  reportId: string;
  reportStatus: ReportStatus;
  itemId: string;
  itemCode: string;
  itemTitle: string;
  keyItem: boolean;
  statusColour: StatusColour;
  planId: string;
  planCode: string;
  periodKey: string;
  dueOn: string;
  attempt: number;
  unitId: string;
  unitName: string;
  submittedAt: string;
  waitingSeconds: number;
  claimedBy: string | null;
  claimExpiresAt: string | null;
}

export interface QueuePage {
  rows: QueueEntry[];
  /** Pass as cursor to get the next page; null on the last page. */
  nextCursor: string | null;
}

export type ClaimView = {
  reportId: string;
  claimedBy: string;
  claimedAt: string;
  expiresAt: string;
};

const CLAIM_SECONDS = 15 * 60;

/** The supervisors' approval queue (审核队列): oldest-waiting first, keyset-paginated, with expiring claims. */
export class ApprovalQueueService {
  constructor(private readonly db: DataSource) {}

  async list(filter: QueueFilter, me: string): Promise<QueuePage> {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
    const status = filter.status ?? 'pending';
    const where: string[] = ['r.status = $1'];
    const params: unknown[] = [status];
    // A report still pending when its item was closed (办结) can no longer be reviewed: it waits for nobody.
    if (status === 'pending') where.push("i.state <> 'closed'");
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.office) add('pl.office_id IS NOT DISTINCT FROM ?::uuid', filter.office.officeId);
    if (filter.planId) add('i.plan_id = ?', filter.planId);
    if (filter.unitId) add('r.unit_id = ?', filter.unitId);
    if (filter.itemId) add('r.item_id = ?', filter.itemId);
    if (filter.keyItem !== undefined) add('i.key_item = ?', filter.keyItem);
    if (filter.colour) add('i.status_colour = ?', filter.colour);
    if (filter.q?.trim()) {
      params.push(`%${filter.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const n = params.length;
      where.push(`(i.code ILIKE $${n} OR i.title ILIKE $${n} OR u.name ILIKE $${n} OR pl.title ILIKE $${n} OR pl.code ILIKE $${n})`);
    }
    if (filter.claim === 'mine') add('c.claimed_by = ? AND c.expires_at > now()', me);
    if (filter.claim === 'claimed') where.push('c.expires_at > now()');
    if (filter.claim === 'unclaimed') where.push('(c.report_id IS NULL OR c.expires_at <= now())');
    if (filter.cursor) {
      const { submittedAt, id } = decodeCursor(filter.cursor);
      params.push(submittedAt, id);
      where.push(`(r.submitted_at, r.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows: Array<QueueEntry & { cursorAt: string }> = await this.db.query(
      `SELECT r.id AS "reportId", r.status AS "reportStatus", r.item_id AS "itemId", i.code AS "itemCode", i.title AS "itemTitle",
              i.key_item AS "keyItem", i.status_colour AS "statusColour", i.plan_id AS "planId", pl.code AS "planCode",
              p.key AS "periodKey", to_char(p.due_on, 'YYYY-MM-DD') AS "dueOn", r.attempt, r.unit_id AS "unitId", u.name AS "unitName",
              r.submitted_at AS "submittedAt", floor(extract(epoch FROM now() - r.submitted_at))::int AS "waitingSeconds",
              CASE WHEN c.expires_at > now() THEN c.claimed_by END AS "claimedBy",
              CASE WHEN c.expires_at > now() THEN c.expires_at END AS "claimExpiresAt",
              to_char(r.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"
         FROM report r
         JOIN item i ON i.id = r.item_id
         JOIN plan pl ON pl.id = i.plan_id
         JOIN reporting_period p ON p.id = r.period_id
         JOIN unit u ON u.id = r.unit_id
         LEFT JOIN report_claim c ON c.report_id = r.id
        WHERE ${where.join(' AND ')}
        ORDER BY r.submitted_at ASC, r.id ASC
        LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      rows: page.map(({ cursorAt: _cursor, ...row }) => ({
        ...row,
        submittedAt: new Date(row.submittedAt).toISOString(),
        claimExpiresAt: row.claimExpiresAt ? new Date(row.claimExpiresAt).toISOString() : null,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.cursorAt, last.reportId) : null,
    };
  }

  /** Claims a pending report for `me` (renewing my own claim); another supervisor's live claim is a 409. */
  async claim(reportId: string, me: string): Promise<ClaimView> {
    return this.db.transaction(async (tx) => {
      const report = await this.pendingReport(tx, reportId);
      const current = await tx.getRepository(ReportClaim).findOne({ where: { reportId }, lock: { mode: 'pessimistic_write' } });
      const now = new Date();
      if (current && current.claimedBy !== me && current.expiresAt > now) throw claimedByOther(current);
      const claim = { reportId, claimedBy: me, claimedAt: now, expiresAt: new Date(now.getTime() + CLAIM_SECONDS * 1000) };
      await tx.getRepository(ReportClaim).upsert(claim, ['reportId']);
      await audit(tx, me, 'report.claimed', 'report', reportId, current ? claimView(current) : null, claimView(claim), report.itemId);
      return claimView(claim);
    });
  }

  /** Gives a claim back; releasing a report nobody (live) claims is a no-op. */
  async release(reportId: string, me: string): Promise<{ reportId: string; released: boolean }> {
    return this.db.transaction(async (tx) => {
      const report = await tx.getRepository(Report).findOneBy({ id: reportId });
      if (!report) throw new NotFoundError('report', reportId);
      const current = await tx.getRepository(ReportClaim).findOne({ where: { reportId }, lock: { mode: 'pessimistic_write' } });
      if (!current || current.expiresAt <= new Date()) return { reportId, released: false };
      if (current.claimedBy !== me) throw claimedByOther(current);
      await tx.getRepository(ReportClaim).delete({ reportId });
      await audit(tx, me, 'report.released', 'report', reportId, claimView(current), null, report.itemId);
      return { reportId, released: true };
    });
  }

  /** A report another supervisor holds a live claim on is theirs to review. */
  async assertMayReview(reportId: string, me: string): Promise<void> {
    const current = await this.db.getRepository(ReportClaim).findOneBy({ reportId });
    if (current && current.claimedBy !== me && current.expiresAt > new Date()) throw claimedByOther(current);
  }

  /** After the review the claim has served its purpose. */
  async clear(reportId: string): Promise<void> {
    await this.db.getRepository(ReportClaim).delete({ reportId });
  }

  private async pendingReport(tx: EntityManager, reportId: string): Promise<Report> {
    const report = await tx.getRepository(Report).findOneBy({ id: reportId });
    if (!report) throw new NotFoundError('report', reportId);
    if (report.status !== 'pending') throw new ConflictError(`report ${reportId} is ${report.status}, not waiting for review`, report.status);
    return report;
  }
}

function claimView(claim: Pick<ReportClaim, 'reportId' | 'claimedBy' | 'claimedAt' | 'expiresAt'>): ClaimView {
  return { reportId: claim.reportId, claimedBy: claim.claimedBy, claimedAt: claim.claimedAt.toISOString(), expiresAt: claim.expiresAt.toISOString() };
}

function claimedByOther(claim: ReportClaim): ConflictError {
  return new ConflictError(`report ${claim.reportId} is claimed by another supervisor until ${claim.expiresAt.toISOString()}`, 'claimed');
}

function encodeCursor(submittedAt: string, id: string): string {
  return Buffer.from(JSON.stringify([submittedAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): { submittedAt: string; id: string } {
  try {
    const [submittedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof submittedAt === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(submittedAt) && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id))
      return { submittedAt, id };
  } catch {
    // fall through to the error below
  }
  throw new InvalidInputError('cursor: not a cursor this queue issued', 'cursor');
}
