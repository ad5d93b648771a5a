import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { periodKeyFor } from '@duban/calendar';
import { REPO_ROOT } from '../support/apps';
import { eventually } from '../support/http';
import { Stack } from '../faults/support/stack';

/**
 * Schemathesis (PyPI, pinned in install-schemathesis.sh, installed into .tools/venv by infra/test.sh) fuzzes every
 * operation of the OpenAPI document with a valid bearer token of each role in turn, on a private Duban whose data
 * it may change at will. Checks: no 5xx (not_a_server_error) and every response matches its documented schema
 * (response_schema_conformance). Bounded: a time budget per run, ~3 minutes in all.
 */
// The system and the security administrator (issue 12: 三员分立); the audit administrator's two reads need no fuzzing of their own.
const ROLES = ['supervisor', 'gxw-reporter', 'leader', 'sysadmin', 'secadmin'] as const;
const SECONDS_PER_ROLE = Number(process.env.FUZZ_SECONDS_PER_ROLE ?? 35);
const RANDOM_IDS_SECONDS = Number(process.env.FUZZ_SECONDS_RANDOM_IDS ?? 30);
// One folder per run: several runs in one working tree must not write over each other's logs.
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts/fuzz', `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
const SEED = 'guangzhou-miit-cooperation-plan-2017.txt';
const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

function installSchemathesis(): Promise<string> {
  return run('bash', [join(REPO_ROOT, 'test/fuzz/install-schemathesis.sh')], {}).then(({ code, output }) => {
    if (code !== 0) throw new Error(`could not install schemathesis:\n${output}`);
    return output.trim().split('\n').pop() as string;
  });
}

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('the API under schemathesis, with valid credentials of every role', () => {
  const stack = new Stack('fuzz');
  let schemathesis: string;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [schemathesis] = await Promise.all([installSchemathesis(), stack.start()]);
    // Sign every role in before any fuzzing: the fuzzer's own sign-in attempts trip the sign-in rate limit.
    for (const username of ROLES) tokens[username] = await stack.signIn(username);

    // Real objects, so that operations with path parameters reach past "not found" into their bodies.
    const content = readFileSync(join(REPO_ROOT, 'seeds', SEED), 'utf8');
    const imported = await stack.api('POST', '/plans/import', { token: tokens.supervisor, body: { fileName: SEED, content } });
    ids.planId = imported.body.planId;
    await stack.api('POST', `/plans/${ids.planId}/activate`, { token: tokens.supervisor, body: {} });
    const items = (await stack.api('GET', `/plans/${ids.planId}/items`, { token: tokens.supervisor })).body as Array<{
      id: string;
      code: string;
      units: Array<{ role: string; unitId: string }>;
    }>;
    const item = items.find((i) => i.code === 'T09') as (typeof items)[number];
    ids.itemId = item.id;
    ids.unitId = item.units.find((u) => u.role === 'lead')?.unitId ?? '';
    ids.periodKey = periodKeyFor(today, 'quarterly');
    const report = await eventually('T09 to take a report', async () => {
      const res = await stack.api('POST', `/items/${ids.itemId}/reports`, {
        token: tokens['gxw-reporter'],
        body: { periodKey: ids.periodKey, narrative: '光纤入户率已达96%。', indicatorValues: [{ indicator: '光纤入户率', value: 96, unit: '%' }] },
      });
      return res.status === 201 ? res.body : undefined;
    });
    ids.reportId = report.reportId;
    const people = (await stack.api('GET', '/admin/people', { token: tokens.secadmin })).body as Array<{ id: string; username: string }>;
    ids.personId = people.find((p) => p.username === 'fgw-reporter')?.id ?? '';
    const config = ['[parameters]', ...Object.keys(ids).map((name) => `${name} = "\${DUBAN_FUZZ_${name}}"`)].join('\n');
    writeFileSync(join(ARTIFACTS, 'schemathesis.toml'), `${config}\n`);
  }, 240_000);

  afterAll(async () => {
    await stack.stop();
  }, 120_000);

  async function fuzz(label: string, token: string, seconds: number, withRealIds: boolean): Promise<void> {
    const args = [
      ...(withRealIds ? ['--config-file', join(ARTIFACTS, 'schemathesis.toml')] : []),
      'run',
      `${stack.apiUrl}/docs/openapi.json`,
      '--header',
      `Authorization: Bearer ${token}`,
      '--checks',
      'not_a_server_error,response_schema_conformance',
      '--max-examples',
      '25',
      '--max-time',
      String(seconds),
      '--workers',
      '2',
      // Signing out would end the very session the fuzzer runs with (test/security covers these operations).
      '--exclude-path-regex',
      '^/auth/sign-out',
      '--request-timeout',
      '20',
      // A hang is a failure (issue 12): no answer may take longer, however poisoned the input.
      '--max-response-time',
      '10',
      // FUZZ_SEED replays a run: schemathesis prints its seed with every failure.
      ...(process.env.FUZZ_SEED ? ['--seed', process.env.FUZZ_SEED] : []),
      '--report',
      'junit',
      '--report-junit-path',
      join(ARTIFACTS, `${label}.junit.xml`),
    ];
    const env = Object.fromEntries(Object.entries(ids).map(([name, value]) => [`DUBAN_FUZZ_${name}`, value]));
    const { code, output } = await run(schemathesis, args, env);
    writeFileSync(join(ARTIFACTS, `${label}.log`), output);
    if (code !== 0) {
      // The failures first and whole (a CI log keeps only so much), then the summary.
      const failures = /={3,} FAILURES ={3,}([\s\S]*?)(?:={3,} (?:WARNINGS|SUMMARY) ={3,}|$)/.exec(output)?.[1]?.trim() ?? '';
      throw new Error(
        `schemathesis found problems as ${label} (exit ${code}); full log in ${join(ARTIFACTS, `${label}.log`)}\n${failures.slice(0, 8000)}\n…\n${output.slice(-1500)}`,
      );
    }
    expect(output).toMatch(/passed/);
  }

  // Found by this suite: nulls for optional fields reached NOT NULL columns (500). Kept as plain regressions.
  it("refuses null for a unit's or a person's required fields with a 400, not a 500", async () => {
    const unit = await stack.api('PATCH', `/admin/units/${ids.unitId}`, { token: tokens.sysadmin, body: { fullName: '', kind: null, needsReview: false } });
    expect(unit.status).toBe(400);
    const person = await stack.api('PATCH', `/admin/people/${ids.personId}`, {
      token: tokens.secadmin,
      body: { displayName: null, role: 'reporter', unitId: null, email: null },
    });
    expect(person.status).toBe(400);
  });

  for (const role of ROLES) {
    it(
      `finds no 5xx and no response outside its schema as ${role}, on real plan, item and report ids`,
      () => fuzz(role, tokens[role], SECONDS_PER_ROLE, true),
      (SECONDS_PER_ROLE + 90) * 1000,
    );
  }

  it(
    'finds no 5xx and no response outside its schema as the security administrator, with generated ids',
    () => fuzz('secadmin-generated-ids', tokens.secadmin, RANDOM_IDS_SECONDS, false),
    (RANDOM_IDS_SECONDS + 90) * 1000,
  );
});
