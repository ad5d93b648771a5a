import type { Command } from 'commander';
import { createDataSource, migrate, revertLastMigration, seedDemoPeople } from '@duban/domain';
import { loadUnitDirectory } from '@duban/plan-parser';
import { join } from 'node:path';

const SEEDS = join(__dirname, '../../../../seeds');

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (make up and make test set it for you)');
  return url;
}

export function registerDbCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .option('--revert', 'revert the last migration instead')
    .action(async (options: { revert?: boolean }) => {
      if (options.revert) {
        await revertLastMigration(databaseUrl());
        process.stdout.write('reverted the last migration\n');
        return;
      }
      const applied = await migrate(databaseUrl());
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    });

  program
    .command('seed-people')
    .description('create the demo people with fresh passwords and print them as JSON')
    .action(async () => {
      const db = await createDataSource(databaseUrl()).initialize();
      try {
        const directory = loadUnitDirectory(join(SEEDS, 'units.yaml')).byName;
        const credentials = await seedDemoPeople(db, join(SEEDS, 'people.yaml'), directory);
        process.stdout.write(`${JSON.stringify(credentials, null, 2)}\n`);
      } finally {
        await db.destroy();
      }
    });
}
