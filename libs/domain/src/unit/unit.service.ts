import { DataSource, In } from 'typeorm';
import { Unit, type UnitKind } from './unit.entity';

export interface UnitDirectoryEntry {
  fullName: string | null;
  kind: string;
}

/** Known units by every name they go by (seeds/units.yaml, read by @duban/plan-parser). */
export type UnitLookup = ReadonlyMap<string, UnitDirectoryEntry>;

export class UnitService {
  constructor(private readonly db: DataSource) {}

  /**
   * Returns the units with these names, by name or alias; a retired unit's name gives its successor (a document
   * written before the reform). A name neither the database nor the directory file knows is created with needsReview
   * so a supervisor confirms it at review (offered the closest known names); it is never matched to a similar name.
   */
  async findOrCreate(names: string[], directory: UnitLookup): Promise<Map<string, Unit>> {
    const unique = [...new Set(names)];
    const repo = this.db.getRepository(Unit);
    const found = await this.findByNames(unique);
    const rows = unique
      .filter((name) => !found.has(name))
      .map((name) => {
        const known = directory.get(name);
        return { name, fullName: known?.fullName ?? null, kind: (known?.kind as UnitKind | undefined) ?? guessKind(name), needsReview: !known };
      });
    if (rows.length > 0) await repo.createQueryBuilder().insert().into(Unit).values(rows).orIgnore().execute();
    const created = rows.length > 0 ? await repo.findBy({ name: In(rows.map((r) => r.name)) }) : [];
    for (const unit of created) found.set(unit.name, unit);
    return found;
  }

  /** The units these names (or aliases) stand for now: a retired unit is followed to its successor. */
  async findByNames(names: string[]): Promise<Map<string, Unit>> {
    if (names.length === 0) return new Map();
    const repo = this.db.getRepository(Unit);
    const rows = await repo.createQueryBuilder('u').where('u.name IN (:...names) OR u.aliases && :aliases::text[]', { names, aliases: names }).getMany();
    const found = new Map<string, Unit>();
    for (const name of names) {
      let unit = rows.find((u) => u.name === name) ?? rows.find((u) => u.aliases.includes(name));
      for (let hops = 0; unit && unit.status === 'retired' && unit.successorId && hops < 10; hops += 1) {
        unit = (await repo.findOneBy({ id: unit.successorId })) ?? undefined;
      }
      if (unit) found.set(name, unit);
    }
    return found;
  }

  list(): Promise<Unit[]> {
    return this.db.getRepository(Unit).find({ order: { name: 'ASC' } });
  }
}

/** An unknown name is never a group: a group's members are the directory's to say (an admin confirms it as one). */
function guessKind(name: string): UnitKind {
  if (/区(政府|人民政府)$/.test(name)) return 'district-government';
  return 'department';
}
