import * as fs from 'fs';
import * as yaml from 'js-yaml';
import { PlanParseError } from '../plan-parse.error';

/** government · department · party · group (seeds/units.yaml documents them); the directory may add others. */
export type UnitKind = string;

export interface DirectoryUnit {
  name: string;
  fullName: string;
  kind: UnitKind;
  aliases: string[];
}

/** Units by every name they go by: abbreviation, full name, aliases. */
export interface UnitDirectory {
  units: DirectoryUnit[];
  byName: ReadonlyMap<string, DirectoryUnit>;
}

export interface ResolvedUnit {
  name: string;
  fullName: string | null;
  kind: UnitKind | null;
  /** false: not in the directory; a supervisor must review it before it is assigned work. */
  known: boolean;
}

interface UnitEntry {
  fullName: string;
  kind: string;
  aliases?: string[];
}

function isUnitEntry(value: unknown): value is UnitEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  const aliasesOk = entry.aliases === undefined || (Array.isArray(entry.aliases) && entry.aliases.every((a) => typeof a === 'string'));
  return typeof entry.fullName === 'string' && typeof entry.kind === 'string' && aliasesOk;
}

function invalid(reason: string): PlanParseError {
  return new PlanParseError('invalid-yaml', 'invalid-yaml.schema', { details: reason });
}

export function buildUnitDirectory(document: unknown): UnitDirectory {
  const units = (document as { units?: unknown } | null)?.units;
  if (typeof units !== 'object' || units === null || Array.isArray(units)) throw invalid('units: must be a mapping of name → { fullName, kind }');
  const list = Object.entries(units).map(([name, entry]): DirectoryUnit => {
    if (!isUnitEntry(entry)) throw invalid(`units.${name}: needs fullName and kind (strings), aliases a list of strings`);
    return { name, fullName: entry.fullName, kind: entry.kind, aliases: entry.aliases ?? [] };
  });
  const byName = new Map<string, DirectoryUnit>();
  for (const unit of list) for (const key of [unit.name, unit.fullName, ...unit.aliases]) if (!byName.has(key)) byName.set(key, unit);
  return { units: list, byName };
}

export function loadUnitDirectory(path: string): UnitDirectory {
  try {
    return buildUnitDirectory(yaml.load(fs.readFileSync(path, 'utf8'), { schema: yaml.CORE_SCHEMA }));
  } catch (err) {
    if (err instanceof PlanParseError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new PlanParseError(
      err instanceof yaml.YAMLException ? 'invalid-yaml' : 'unreadable',
      err instanceof yaml.YAMLException ? 'invalid-yaml.syntax' : 'unreadable',
      { fileName: path, reason },
    );
  }
}

/**
 * Looks each name up exactly (abbreviation, full name or alias). No fuzzy matching: two similar names can be
 * two units (市科技局 and 市科协), and merging them would send one unit's reminders to another.
 */
export function resolveUnits(names: string[], directory: UnitDirectory): ResolvedUnit[] {
  return names.map((name) => {
    const unit = directory.byName.get(name.trim());
    return unit ? { name, fullName: unit.fullName, kind: unit.kind, known: true } : { name, fullName: null, kind: null, known: false };
  });
}
