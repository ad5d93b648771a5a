import { createDataSource } from './data-source';

/** Applies pending migrations; returns the names applied. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const db = await createDataSource(databaseUrl).initialize();
  try {
    const applied = await db.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await db.destroy();
  }
}

/** Reverts the last applied migration. */
export async function revertLastMigration(databaseUrl: string): Promise<void> {
  const db = await createDataSource(databaseUrl).initialize();
  try {
    await db.undoLastMigration({ transaction: 'each' });
  } finally {
    await db.destroy();
  }
}
