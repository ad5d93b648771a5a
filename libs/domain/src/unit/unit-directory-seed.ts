import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { DataSource } from 'typeorm';
import { InvalidInputError } from '../errors';
import { UNIT_KINDS, Unit, UnitGroupMember, type UnitKind } from './unit.entity';

interface SeedEntry {
  fullName: string;
  kind: UnitKind;
  aliases?: string[];
  parent?: string;
  members?: string[];
  membersChosenAtReview?: boolean;
}

/**
 * Loads a unit directory file (seeds/units.yaml) into the database: units with their kind, aliases and parent, groups
 * with their members. Safe to repeat: known units are brought up to date (an import's unconfirmed unit of the same
 * name becomes confirmed), retired units stay retired, memberships are only added. Refuses the whole file, storing
 * nothing, when an entry is malformed or names a parent or member the file does not define.
 */
export async function seedUnitDirectory(db: DataSource, file: string): Promise<number> {
  const entries = readEntries(file);
  await db.transaction(async (tx) => {
    const repo = tx.getRepository(Unit);
    for (const [name, entry] of entries) {
      await repo
        .createQueryBuilder()
        .insert()
        .into(Unit)
        .values({ name, fullName: entry.fullName, kind: entry.kind, aliases: entry.aliases ?? [], membersChosenAtReview: entry.membersChosenAtReview ?? false })
        .orUpdate(['full_name', 'kind', 'aliases', 'members_chosen_at_review'], ['name'])
        .execute();
      await repo.update({ name, needsReview: true }, { needsReview: false });
    }
    const ids = new Map((await repo.find()).map((u) => [u.name, u.id]));
    const idOf = (name: string) => ids.get(name) as string;
    for (const [name, entry] of entries) {
      if (entry.parent) await repo.update({ name }, { parentId: idOf(entry.parent) });
      const members = (entry.members ?? []).map((member) => ({ groupId: idOf(name), memberId: idOf(member) }));
      if (members.length > 0) await tx.createQueryBuilder().insert().into(UnitGroupMember).values(members).orIgnore().execute();
    }
  });
  return entries.length;
}

function readEntries(file: string): Array<[string, SeedEntry]> {
  const units = (load(readFileSync(file, 'utf8')) as { units?: Record<string, unknown> } | null)?.units;
  if (!units || typeof units !== 'object') throw new InvalidInputError(`${file}: units must be a mapping of name → { fullName, kind }`, 'units');
  const entries = Object.entries(units) as Array<[string, SeedEntry]>;
  const names = new Set(entries.map(([name]) => name));
  for (const [name, entry] of entries) {
    const problem =
      typeof entry?.fullName !== 'string'
        ? 'fullName must be a string'
        : !UNIT_KINDS.includes(entry.kind)
          ? `kind must be one of ${UNIT_KINDS.join(', ')}`
          : entry.parent !== undefined && !names.has(entry.parent)
            ? `parent ${entry.parent} is not in the file`
            : (entry.members ?? []).find((m) => !names.has(m) || m === name)
              ? `member ${(entry.members ?? []).find((m) => !names.has(m) || m === name)} is not another unit of the file`
              : entry.members && entry.kind !== 'group'
                ? 'only a group has members'
                : null;
    if (problem) throw new InvalidInputError(`${file}: units.${name}: ${problem}`, `units.${name}`);
  }
  return entries;
}
