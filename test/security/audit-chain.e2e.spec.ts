import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { REPO_ROOT } from '../support/apps';
import { testEnvironment } from '../support/env';
import { signIn } from '../support/http';
import { call } from './support/auth-instances';

/** `npx duban audit verify`: its output and exit code. */
function verify(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'apps/cli/bin/duban.js'), 'audit', 'verify', '--json'], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: testEnvironment().databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/**
 * Issue 12, a trail that cannot be quietly changed: each audit row carries the hash of its content and of the row before;
 * concurrent writers still form one chain; `duban audit verify` recomputes it and names the first row that does not
 * match after someone with database access edits a row.
 */
describe('the audit chain', () => {
  const tag = randomUUID().slice(0, 6);
  let db: Client;
  let sysadmin: string;

  beforeAll(async () => {
    sysadmin = await signIn('sysadmin');
    db = new Client({ connectionString: testEnvironment().databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
  });

  it('forms one unbroken chain from many concurrent writers', async () => {
    const [{ seq: before }] = (await db.query(`SELECT seq::text AS seq FROM audit_chain_head`)).rows;
    // 30 administrative actions and 30 failed sign-ins at once, all appending to the one chain.
    const writes = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => call(testEnvironment().apiUrl, 'POST', '/admin/units', { token: sysadmin, body: { name: `链单位${tag}-${i}` } })),
      ...Array.from({ length: 30 }, (_, i) =>
        call(testEnvironment().apiUrl, 'POST', '/auth/sign-in', { body: { username: `chain${i}-${tag}`, password: 'x' } }),
      ),
    ]);
    expect(writes.map((w) => w.status).sort()).toEqual([...Array(30).fill(201), ...Array(30).fill(401)]);
    const rows = (await db.query(`SELECT e.seq::text AS seq, e.prev_hash, e.hash FROM audit_event e WHERE e.seq > $1 ORDER BY e.seq`, [before])).rows as Array<{
      seq: string;
      prev_hash: string;
      hash: string;
    }>;
    expect(rows.length).toBeGreaterThanOrEqual(60);
    rows.forEach((row, i) => {
      expect(BigInt(row.seq)).toBe(BigInt(before) + BigInt(i + 1));
      if (i > 0) expect(row.prev_hash).toBe(rows[i - 1].hash);
    });
    const verdict = await verify();
    expect(verdict.code).toBe(0);
    expect(JSON.parse(verdict.output)).toMatchObject({ ok: true });
  });

  it('names the first row that was changed directly in PostgreSQL, and is whole again once it is put back', async () => {
    const unit = await call(testEnvironment().apiUrl, 'POST', '/admin/units', { token: sysadmin, body: { name: `篡改${tag}` } });
    expect(unit.status).toBe(201);
    const [row] = (
      await db.query(`SELECT id::text AS id, seq::text AS seq, after FROM audit_event WHERE action = 'unit.created' AND entity_id = $1`, [unit.body.id])
    ).rows;
    // Someone with database rights: the append-only trigger switched off, the record rewritten, the trigger back on.
    await db.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update`);
    try {
      await db.query(`UPDATE audit_event SET after = jsonb_set(after, '{name}', '"别的单位"') WHERE id = $1`, [row.id]);
    } finally {
      await db.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update`);
    }
    const tampered = await verify();
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.output)).toMatchObject({ ok: false, firstBad: { seq: row.seq, id: row.id, reason: 'content changed' } });

    // The trigger still refuses an ordinary UPDATE.
    await expect(db.query(`UPDATE audit_event SET actor = 'someone' WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);

    await db.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update`);
    try {
      await db.query(`UPDATE audit_event SET after = $2 WHERE id = $1`, [row.id, row.after]);
    } finally {
      await db.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update`);
    }
    expect((await verify()).code).toBe(0);
  });

  it('names the first row whose link to the one before was rewritten', async () => {
    const unit = await call(testEnvironment().apiUrl, 'POST', '/admin/units', { token: sysadmin, body: { name: `断链${tag}` } });
    const [row] = (
      await db.query(`SELECT id::text AS id, seq::text AS seq, prev_hash FROM audit_event WHERE action = 'unit.created' AND entity_id = $1`, [unit.body.id])
    ).rows;
    await db.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update`);
    try {
      // A forger who recomputes the row's own hash still breaks its link.
      await db.query(`UPDATE audit_event SET prev_hash = repeat('0', 64) WHERE id = $1`, [row.id]);
      await db.query(`UPDATE audit_event e SET hash = encode(sha256(convert_to(audit_event_content(e), 'UTF8')), 'hex') WHERE id = $1`, [row.id]);
    } finally {
      await db.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update`);
    }
    const verdict = await verify();
    expect(verdict.code).toBe(1);
    expect(JSON.parse(verdict.output)).toMatchObject({ ok: false, firstBad: { seq: row.seq, reason: 'link broken' } });
    // Put back the link and the hash, so that the suites after this one find the chain whole.
    await db.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update`);
    try {
      await db.query(`UPDATE audit_event SET prev_hash = $2 WHERE id = $1`, [row.id, row.prev_hash]);
      await db.query(`UPDATE audit_event e SET hash = encode(sha256(convert_to(audit_event_content(e), 'UTF8')), 'hex') WHERE id = $1`, [row.id]);
    } finally {
      await db.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update`);
    }
    expect((await verify()).code).toBe(0);
  });
});
