import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditEvent } from './audit-event.entity';

export interface AuditChainVerdict {
  ok: boolean;
  /** Rows checked, in chain order. */
  rows: number;
  /** The first row that does not match, and why; absent when the chain is whole. */
  firstBad?: { seq: string; id: string; reason: 'content changed' | 'link broken' | 'rows missing at the end' };
}

/** How many rows one round trip reads while verifying: bounded memory on a trail of millions of rows. */
const VERIFY_PAGE = 5000;

/** Reading the audit trail (the audit administrator's view) and checking its hash chain. */
export class AuditTrailService {
  constructor(private readonly db: DataSource) {}

  /** Rows in chain order after `afterSeq`, at most `limit`. */
  list(input: { afterSeq?: string; limit: number; action?: string }): Promise<AuditEvent[]> {
    const query = this.db
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('e.seq > :after', { after: input.afterSeq ?? '0' })
      .orderBy('e.seq', 'ASC')
      .limit(input.limit);
    if (input.action) query.andWhere('e.action LIKE :action', { action: `${input.action.replace(/[%_\\]/g, '\\$&')}%` });
    return query.getMany();
  }

  /**
   * Recomputes every row's hash from its content (the database's canonical text of the row, hashed here, not by the
   * database) and checks that each row names the hash of the one before, and that the chain head names the last row.
   */
  async verify(): Promise<AuditChainVerdict> {
    let previous: string | null = null;
    let expectedSeq = 1n;
    let after = '0';
    let rows = 0;
    for (;;) {
      const page: { seq: string; id: string; prev_hash: string | null; hash: string; content: string }[] = await this.db.query(
        `SELECT e.seq::text AS seq, e.id::text AS id, e.prev_hash, e.hash, audit_event_content(e) AS content
           FROM audit_event e WHERE e.seq > $1 ORDER BY e.seq LIMIT $2`,
        [after, VERIFY_PAGE],
      );
      for (const row of page) {
        rows += 1;
        if (BigInt(row.seq) !== expectedSeq || row.prev_hash !== previous)
          return { ok: false, rows, firstBad: { seq: row.seq, id: row.id, reason: 'link broken' } };
        if (createHash('sha256').update(row.content, 'utf8').digest('hex') !== row.hash)
          return { ok: false, rows, firstBad: { seq: row.seq, id: row.id, reason: 'content changed' } };
        previous = row.hash;
        expectedSeq += 1n;
        after = row.seq;
      }
      if (page.length < VERIFY_PAGE) break;
    }
    const [head]: { seq: string; hash: string | null }[] = await this.db.query(`SELECT seq::text AS seq, hash FROM audit_chain_head WHERE id = 1`);
    if (head && (head.seq !== (expectedSeq - 1n).toString() || head.hash !== previous)) {
      return { ok: false, rows, firstBad: { seq: expectedSeq.toString(), id: '', reason: 'rows missing at the end' } };
    }
    return { ok: true, rows };
  }
}
