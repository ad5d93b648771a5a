import type { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../errors';
import type { Role } from '../person/person.entity';

/** What a request is about, by the ids in its path. */
export interface ScopeTarget {
  planId?: string;
  itemId?: string;
  reportId?: string;
  escalationId?: string;
  requestId?: string;
  attachmentId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ScopedPerson {
  id: string;
  role: Role;
}

/** The office a person works in, or null (an installation with no offices set up). */
export async function officeOf(db: DataSource | EntityManager, personId: string): Promise<string | null> {
  if (!UUID.test(personId)) return null; // a command-line actor ('cli') works in no office
  const rows: Array<{ office_id: string }> = await db.query(`SELECT "office_id" FROM "office_member" WHERE "person_id" = $1`, [personId]);
  return rows[0]?.office_id ?? null;
}

/**
 * Supervisors of an office see and act on their office's plans only (督查室): a plan of another office (or of none,
 * from before offices), and everything in it, is unknown to them (404), not forbidden — they may not know it exists.
 * A supervisor in no office is not scoped (an installation that set up no offices works as before). Other roles are
 * scoped by their units and charge, not here.
 */
export class OfficeScope {
  constructor(private readonly db: DataSource) {}

  /** The office whose plans this person's lists show, or undefined when their lists are not scoped by office. */
  async listScope(person: ScopedPerson): Promise<{ officeId: string | null } | undefined> {
    if (person.role !== 'supervisor') return undefined;
    const officeId = await officeOf(this.db, person.id);
    return officeId ? { officeId } : undefined;
  }

  async assertMayKnow(person: ScopedPerson, target: ScopeTarget): Promise<void> {
    if (person.role !== 'supervisor') return;
    const mine = await officeOf(this.db, person.id);
    if (!mine) return;
    const plan = await this.planOf(target);
    if (!plan) return; // unknown ids: the handler answers 404 itself
    if (plan.officeId !== mine) throw new NotFoundError(plan.what, plan.id);
  }

  private async planOf(target: ScopeTarget): Promise<{ officeId: string | null; what: string; id: string } | null> {
    const lookups: Array<[keyof ScopeTarget, string, string]> = [
      ['planId', 'plan', `SELECT "office_id" FROM "plan" WHERE "id" = $1`],
      ['itemId', 'item', `SELECT pl."office_id" FROM "item" i JOIN "plan" pl ON pl."id" = i."plan_id" WHERE i."id" = $1`],
      [
        'reportId',
        'report',
        `SELECT pl."office_id" FROM "report" r JOIN "item" i ON i."id" = r."item_id" JOIN "plan" pl ON pl."id" = i."plan_id" WHERE r."id" = $1`,
      ],
      [
        'escalationId',
        'escalation',
        `SELECT pl."office_id" FROM "escalation" e JOIN "item" i ON i."id" = e."item_id" JOIN "plan" pl ON pl."id" = i."plan_id" WHERE e."id" = $1`,
      ],
      [
        'requestId',
        'request',
        `SELECT pl."office_id" FROM (SELECT "item_id" FROM "extension_request" WHERE "id" = $1 UNION ALL SELECT "item_id" FROM "closure_request" WHERE "id" = $1) q
           JOIN "item" i ON i."id" = q."item_id" JOIN "plan" pl ON pl."id" = i."plan_id"`,
      ],
      [
        'attachmentId',
        'attachment',
        `SELECT pl."office_id" FROM "attachment" a JOIN "report" r ON r."id" = a."report_id" JOIN "item" i ON i."id" = r."item_id" JOIN "plan" pl ON pl."id" = i."plan_id" WHERE a."id" = $1`,
      ],
    ];
    for (const [key, what, sql] of lookups) {
      const id = target[key];
      if (!id || !UUID.test(id)) continue;
      const rows: Array<{ office_id: string | null }> = await this.db.query(sql, [id]);
      if (rows[0]) return { officeId: rows[0].office_id, what, id };
    }
    return null;
  }
}
