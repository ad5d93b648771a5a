import 'reflect-metadata';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';

/**
 * A connection that never ends the process with an unheard 'error' event. When PostgreSQL shuts down it sends
 * FATAL 57P01 and then closes the socket: pg emits 'error' twice, and TypeORM stops listening after the first, so
 * the second killed the worker (found by the 30-second outage fault test). Queries in flight still fail as they
 * should, and the pool still drops the broken connection.
 */
class ResilientClient extends Client {
  constructor(config?: ConstructorParameters<typeof Client>[0]) {
    super(config);
    this.on('error', () => undefined);
  }
}

/** One definition for the Nest apps and the migration CLI; the schema changes only through migrations. */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'migrations',
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    extra: { max: 20, connectionTimeoutMillis: 5_000, Client: ResilientClient },
  };
}

export function createDataSource(databaseUrl: string): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl));
}

/** For the TypeORM CLI (`typeorm migration:generate -d libs/domain/src/data-source.ts`). */
export default createDataSource(process.env.DATABASE_URL ?? 'postgres://localhost/duban');
