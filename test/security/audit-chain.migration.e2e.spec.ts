import { randomBytes } from 'node:crypto';
import { AuditTrailService, createDataSource, migrate } from '@duban/domain';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { testEnvironment } from '../support/env';

const MIGRATION = 'SessionsAdministratorsAuditChain1795810000000';

/**
 * The issue 12 migration on a database that already holds an audit trail and an `admin`: the rows written before join
 * the chain, the admin becomes a system administrator, and `down` gives back the schema it found.
 */
describe('the sessions, administrators and audit chain migration', () => {
  // A database of its own in the suites' PostgreSQL.
  const name = `duban_migration_${randomBytes(4).toString('hex')}`;
  const url = new URL(testEnvironment().databaseUrl);
  let admin: Client;
  let db: DataSource;

  beforeAll(async () => {
    admin = new Client({ connectionString: testEnvironment().databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    url.pathname = `/${name}`;
    await migrate(url.toString());
    db = await createDataSource(url.toString()).initialize();
    // Back to the schema before this migration (and before any later one).
    while ((await db.query(`SELECT name FROM migrations WHERE name = $1`, [MIGRATION])).length > 0) await db.undoLastMigration({ transaction: 'each' });
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    await admin?.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin?.end();
  });

  it('chains the rows already written, renames admin, and reverts cleanly', async () => {
    await db.query(`INSERT INTO person (username, display_name, role, password_hash) VALUES ('old-admin', '管理员', 'admin', 'x')`);
    for (let i = 0; i < 3; i += 1) {
      await db.query(`INSERT INTO audit_event (actor, action, entity, entity_id, after) VALUES ('system', 'unit.created', 'unit', $1, $2)`, [
        `u${i}`,
        { name: `单位${i}` },
      ]);
    }
    await db.runMigrations({ transaction: 'each' });
    expect(await db.query(`SELECT role FROM person WHERE username = 'old-admin'`)).toEqual([{ role: 'system-admin' }]);
    const rows = await db.query(`SELECT seq::int AS seq, prev_hash, hash FROM audit_event ORDER BY seq`);
    expect(rows.map((r: { seq: number }) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0].prev_hash).toBeNull();
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(await new AuditTrailService(db).verify()).toEqual({ ok: true, rows: 3 });
    // A row written after the migration continues the same chain.
    await db.query(`INSERT INTO audit_event (actor, action, entity, entity_id) VALUES ('system', 'unit.updated', 'unit', 'u1')`);
    expect(await new AuditTrailService(db).verify()).toEqual({ ok: true, rows: 4 });

    while ((await db.query(`SELECT name FROM migrations WHERE name = $1`, [MIGRATION])).length > 0) await db.undoLastMigration({ transaction: 'each' });
    expect(await db.query(`SELECT role FROM person WHERE username = 'old-admin'`)).toEqual([{ role: 'admin' }]);
    const columns = await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'audit_event' AND column_name IN ('seq', 'hash')`);
    expect(columns).toEqual([]);
    expect(await db.query(`SELECT to_regclass('auth_session') AS t`)).toEqual([{ t: null }]);
    // And up again, as a release that was rolled back and re-applied.
    await db.runMigrations({ transaction: 'each' });
    expect(await new AuditTrailService(db).verify()).toEqual({ ok: true, rows: 4 });
  });
});
