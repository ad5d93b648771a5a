import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as argon2 from 'argon2';
import { load } from 'js-yaml';
import { DataSource } from 'typeorm';
import { seedUnitDirectory } from '../unit/unit-directory-seed';
import { UnitService, type UnitLookup } from '../unit/unit.service';
import type { Role } from './person.entity';
import { PersonService } from './person.service';

interface DemoPersonEntry {
  username: string;
  displayName: string;
  role: Role;
  unit: string | null;
}

export interface DemoCredential {
  username: string;
  role: Role;
  unit: string | null;
  password: string;
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
    credentials.push({ username: entry.username, role: entry.role, unit: entry.unit, password });
  }
  return credentials;
}
