import type { DataSource } from 'typeorm';
import type { Role } from '../person/person.entity';
import { ItemUnit } from '../plan/item-unit.entity';
import { ForbiddenError } from './forbidden.error';

export interface Reader {
  role: Role;
  unitId: string | null;
}

/** Supervisors and leaders read everything; leaders read-only. Administrators read no supervision records (三员分立). */
export const OVERSIGHT_ROLES: readonly Role[] = ['supervisor', 'leader'];

/** A unit's people read what belongs to items their unit leads or cooperates on, and nothing of other units' items. */
export async function assertMayReadItem(db: DataSource, itemId: string, reader: Reader): Promise<void> {
  if (OVERSIGHT_ROLES.includes(reader.role)) return;
  if (reader.unitId && (await db.getRepository(ItemUnit).existsBy({ itemId, unitId: reader.unitId }))) return;
  throw new ForbiddenError('this belongs to an item your unit takes no part in');
}
