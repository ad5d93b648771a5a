import { DataSource, In } from 'typeorm';
import { Unit, type UnitKind } from './unit.entity';

export interface UnitDirectoryEntry {
  fullName: string | null;
  kind: UnitKind;
}

/** Known units by every name they go by (seeds/units.yaml, read by @duban/plan-parser). */
export type UnitLookup = ReadonlyMap<string, UnitDirectoryEntry>;

export class UnitService {
  constructor(private readonly db: DataSource) {}

  /**
   * Returns the units with these names, creating the missing ones. A name the directory does not know is
   * created with needsReview so a supervisor confirms it; it is never merged with a similar name.
   */
  async findOrCreate(names: string[], directory: UnitLookup): Promise<Map<string, Unit>> {
    const unique = [...new Set(names)];
    const repo = this.db.getRepository(Unit);
    const rows = unique.map((name) => {
      const known = directory.get(name);
      return { name, fullName: known?.fullName ?? null, kind: known?.kind ?? guessKind(name), needsReview: !known };
    });
    if (rows.length > 0) await repo.createQueryBuilder().insert().into(Unit).values(rows).orIgnore().execute();
    const units = unique.length > 0 ? await repo.findBy({ name: In(unique) }) : [];
    return new Map(units.map((u) => [u.name, u]));
  }

  list(): Promise<Unit[]> {
    return this.db.getRepository(Unit).find({ order: { name: 'ASC' } });
  }
}

function guessKind(name: string): UnitKind {
  if (name.startsWith('各')) return 'group';
  if (/区(政府|人民政府)$/.test(name)) return 'government';
  return 'department';
}
