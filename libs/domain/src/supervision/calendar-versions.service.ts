import { DataSource, type EntityManager } from 'typeorm';
import { Item } from '../plan/item.entity';
import { CalendarVersion } from './calendar-version.entity';

export interface CalendarApplication {
  version: string;
  /** The version in force before, or null on the first application. */
  previous: string | null;
  /** False when this version was already the one in force: nobody was told anything. */
  applied: boolean;
  /** Item workflows told to recompute their open period. */
  signalled: number;
}

/** Serialises concurrent starts of several workers: one applies, the others find it applied. */
const APPLY_LOCK = 'duban.calendar-version';

/** Which calendar version the running supervision was last told of, and telling it of a new one. */
export class CalendarVersions {
  constructor(private readonly db: DataSource) {}

  async inForce(manager: EntityManager = this.db.manager): Promise<CalendarVersion | null> {
    return manager.getRepository(CalendarVersion).findOne({ where: {}, order: { appliedAt: 'DESC', version: 'ASC' } });
  }

  async history(): Promise<CalendarVersion[]> {
    return this.db.getRepository(CalendarVersion).find({ order: { appliedAt: 'DESC' } });
  }

  /**
   * When `version` is not the one in force (a newer package, a changed adjustments file, or one taken away), calls
   * `tell` with the workflow ids of every supervised item and records the version. Only after every workflow was
   * told is it recorded, so a crash part-way tells them all again at the next start (the workflows recompute
   * idempotently: an unchanged date changes nothing and tells nobody).
   */
  async apply(version: string, years: readonly number[], tell: (workflowIds: string[]) => Promise<number>): Promise<CalendarApplication> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [APPLY_LOCK]);
      const previous = await this.inForce(tx);
      if (previous?.version === version) return { version, previous: previous.version, applied: false, signalled: 0 };
      const items = await tx
        .getRepository(Item)
        .createQueryBuilder('item')
        .select('item.workflowId', 'workflowId')
        .where('item.state = :state AND item.workflowId IS NOT NULL', { state: 'supervised' })
        .orderBy('item.workflowId')
        .getRawMany<{ workflowId: string }>();
      const signalled = await tell(items.map((i) => i.workflowId));
      await tx
        .createQueryBuilder()
        .insert()
        .into(CalendarVersion)
        .values({ version, years: [...years], workflowsSignalled: signalled, appliedAt: () => 'now()' })
        .orUpdate(['years', 'workflows_signalled', 'applied_at'], ['version'])
        .execute();
      return { version, previous: previous?.version ?? null, applied: true, signalled };
    });
  }
}
