import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { SupervisionRecords } from '@duban/domain';
import { REPO_ROOT } from './apps';
import { testEnvironment } from './env';

export interface SeedItem {
  id: string;
  code: string;
  title: string;
}

/** Imports the seed plan (all 17 items) as a draft under its own document number; returns its items. */
export async function importSeedPlan(token: string, docNumber: string): Promise<{ planId: string; title: string; items: SeedItem[] }> {
  const seed = readFileSync(join(REPO_ROOT, 'seeds/guangzhou-miit-cooperation-plan-2017.txt'), 'utf8').replaceAll('324号', `${docNumber}号`);
  const form = new FormData();
  form.append('file', new Blob([Buffer.from(seed, 'utf8')]), 'plan.txt');
  const res = await fetch(`${testEnvironment().apiUrl}/plans/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await res.json()) as { planId: string };
  if (res.status !== 201) throw new Error(`import failed: ${res.status} ${JSON.stringify(body)}`);
  const items = await fetch(`${testEnvironment().apiUrl}/plans/${body.planId}/items`, { headers: { authorization: `Bearer ${token}` } });
  const list = (await items.json()) as SeedItem[];
  const plan = await fetch(`${testEnvironment().apiUrl}/plans/${body.planId}`, { headers: { authorization: `Bearer ${token}` } });
  return { planId: body.planId, title: ((await plan.json()) as { title: string }).title, items: list.map((i) => ({ id: i.id, code: i.code, title: i.title })) };
}

/**
 * A unit and its people of its own, so that reminders other suites' workflows send never reach this suite's
 * channels (and this suite's channels never reach theirs).
 */
export async function makeUnit(
  db: DataSource,
  label: string,
  roles: string[],
): Promise<{ unitId: string; unitName: string; people: { id: string; username: string; email: string; role: string }[] }> {
  const tag = randomBytes(3).toString('hex');
  const unitName = `${label}-${tag}`;
  const [{ id: unitId }] = (await db.query(`INSERT INTO unit (name, kind) VALUES ($1, 'department') RETURNING id`, [unitName])) as { id: string }[];
  const people = [];
  for (const role of roles) {
    const username = `${role}-${tag}`;
    const email = `${username}@example.test`;
    const [{ id }] = (await db.query(
      `INSERT INTO person (username, display_name, role, unit_id, password_hash, email) VALUES ($1, $2, $3, $4, 'x', $5) RETURNING id`,
      [username, `${unitName}${role}`, role, role === 'leader' ? null : unitId, email],
    )) as { id: string }[];
    people.push({ id, username, email, role });
  }
  return { unitId, unitName, people };
}

export async function addChannel(
  db: DataSource,
  channel: { unitId?: string; personId?: string; type: 'email' | 'webhook' | 'wecom' | 'dingtalk'; target?: string; secret?: string; kinds: string[] },
): Promise<string> {
  const [{ id }] = (await db.query(
    `INSERT INTO notification_channel (unit_id, person_id, type, target, secret, kinds) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [channel.unitId ?? null, channel.personId ?? null, channel.type, channel.target ?? null, channel.secret ?? null, JSON.stringify(channel.kinds)],
  )) as { id: string }[];
  return id;
}

/** Records the items' period the way the schedulePeriod activity does (the due date the messages name). */
export async function recordPeriods(records: SupervisionRecords, workflowPrefix: string, items: SeedItem[], periodKey: string, dueOn: string): Promise<void> {
  for (const item of items) {
    await records.recordPeriod(item.id, `${workflowPrefix}:${item.code}`, {
      key: periodKey,
      start: '2019-04-01',
      end: '2019-06-30',
      opensOn: '2019-06-28',
      dueOn,
      coDueOn: dueOn,
      reminders: [],
    });
  }
}

/** Stops this suite's channels from taking new deliveries; what is still pending is closed without alerts. */
export async function retireChannels(db: DataSource, channelIds: string[]): Promise<void> {
  await db.query(
    `UPDATE notification_delivery SET status = 'failed', last_error = 'test suite over' WHERE channel_id = ANY($1::uuid[]) AND status IN ('pending', 'sending')`,
    [channelIds],
  );
  await db.query(`UPDATE notification_channel SET enabled = false WHERE id = ANY($1::uuid[])`, [channelIds]);
}
