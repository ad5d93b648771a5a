import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as argon2 from 'argon2';
import { load } from 'js-yaml';
import { DataSource } from 'typeorm';
import { seedUnitDirectory } from '../unit/unit-directory-seed';
import { UnitService, type UnitLookup } from '../unit/unit.service';
import { LeaderUnit, PlanHead } from './leader.entity';
import type { Role } from './person.entity';
import { PersonService } from './person.service';

interface DemoPersonEntry {
  username: string;
  displayName: string;
  role: Role;
  unit: string | null;
  /** Units a leader is in charge of (分管). */
  inCharge?: string[];
  /** Document numbers of plans the leader heads (组长). */
  headOf?: string[];
  /** The supervision office a supervisor works in (seeds/offices.yaml). */
  office?: string;
}

export interface DemoCredential {
  username: string;
  role: Role;
  unit: string | null;
  password: string;
  /** The supervision office a supervisor works in. */
  office?: string | null;
}

/**
 * Seeds the demo people with freshly generated passwords and returns them (to be shown once, never stored in clear).
 * The unit directory beside the people file (units.yaml) is loaded first, so the people's units have their structure.
 */
export async function seedDemoPeople(db: DataSource, file: string, directory: UnitLookup): Promise<DemoCredential[]> {
  const unitsFile = join(dirname(file), 'units.yaml');
  if (existsSync(unitsFile)) await seedUnitDirectory(db, unitsFile);
  const entries = load(readFileSync(file, 'utf8')) as DemoPersonEntry[];
  const units = await new UnitService(db).findOrCreate(
    entries.flatMap((e) => (e.unit ? [e.unit] : [])),
    directory,
  );
  const people = new PersonService(db);
  const credentials: DemoCredential[] = [];
  for (const entry of entries) {
    const password = randomBytes(9).toString('base64url');
    await people.upsert({
      username: entry.username,
      displayName: entry.displayName,
      role: entry.role,
      unitId: entry.unit ? (units.get(entry.unit)?.id ?? null) : null,
      passwordHash: await argon2.hash(password),
    });
    credentials.push({ username: entry.username, role: entry.role, unit: entry.unit, password, office: entry.office ?? null });
  }
  await seedLeadership(db, entries);
  await seedOffices(db, join(dirname(file), 'offices.yaml'), entries);
  return credentials;
}

/** The offices of offices.yaml (beside the people file), and the supervisors' places in them. */
async function seedOffices(db: DataSource, file: string, entries: DemoPersonEntry[]): Promise<void> {
  if (!existsSync(file)) return;
  const offices = (load(readFileSync(file, 'utf8')) as { offices?: Record<string, { unit?: string }> } | null)?.offices ?? {};
  await db.transaction(async (tx) => {
    for (const [name, office] of Object.entries(offices)) {
      const unitId = office.unit ? ((await new UnitService(db).findByNames([office.unit])).get(office.unit)?.id ?? null) : null;
      await tx.query(`INSERT INTO "office" ("name", "unit_id") VALUES ($1, $2) ON CONFLICT ("name") DO UPDATE SET "unit_id" = EXCLUDED."unit_id"`, [
        name,
        unitId,
      ]);
    }
    for (const entry of entries.filter((e) => e.office)) {
      const [office] = (await tx.query(`SELECT "id" FROM "office" WHERE "name" = $1`, [entry.office])) as Array<{ id: string }>;
      if (!office) throw new Error(`seeds: ${entry.username} works in office ${entry.office}, which ${file} does not define`);
      await tx.query(
        `INSERT INTO "office_member" ("person_id", "office_id") SELECT "id", $2 FROM "person" WHERE "username" = $1
           ON CONFLICT ("person_id") DO UPDATE SET "office_id" = EXCLUDED."office_id"`,
        [entry.username, office.id],
      );
    }
  });
}

/** A leader's units in charge and plans headed, as the file says (replacing what the seed gave them before). */
async function seedLeadership(db: DataSource, entries: DemoPersonEntry[]): Promise<void> {
  const leaders = entries.filter((e) => e.inCharge || e.headOf);
  if (leaders.length === 0) return;
  await db.transaction(async (tx) => {
    for (const entry of leaders) {
      const [{ id }] = (await tx.query(`SELECT "id" FROM "person" WHERE "username" = $1`, [entry.username])) as Array<{ id: string }>;
      await tx.getRepository(LeaderUnit).delete({ personId: id });
      const units = await new UnitService(db).findByNames(entry.inCharge ?? []);
      const unitIds = [...new Set([...units.values()].map((u) => u.id))];
      if (unitIds.length !== new Set(entry.inCharge ?? []).size)
        throw new Error(
          `seeds: ${entry.username} is in charge of a unit the directory does not know: ${(entry.inCharge ?? []).filter((n) => !units.has(n)).join(', ')}`,
        );
      if (unitIds.length > 0) await tx.getRepository(LeaderUnit).insert(unitIds.map((unitId) => ({ personId: id, unitId })));
      await tx.getRepository(PlanHead).delete({ personId: id });
      if (entry.headOf?.length) await tx.getRepository(PlanHead).insert(entry.headOf.map((docNumber) => ({ docNumber, personId: id })));
    }
  });
}

/** The demo people for `make up` to print, grouped by office (supervisors) and unit, in the order of the file. */
export function formatDemoPeople(credentials: DemoCredential[]): string {
  const byUnit = new Map<string, DemoCredential[]>();
  const label = (c: DemoCredential) => (c.office ? `督查室 ${c.office}（${c.unit ?? ''}）` : (c.unit ?? ''));
  for (const c of credentials) byUnit.set(label(c), [...(byUnit.get(label(c)) ?? []), c]);
  return [...byUnit.entries()]
    .map(([unit, people]) =>
      [`  ${unit || '（市领导 / 管理员）'}`, ...people.map((c) => `    ${c.username.padEnd(18)} ${c.role.padEnd(11)} ${c.password}`)].join('\n'),
    )
    .join('\n');
}
