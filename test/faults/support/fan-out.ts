import { periodKeyFor } from '@duban/calendar';
import { escalationStateQuery, escalationWorkflowId } from '@duban/contracts';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import type { Stack } from './stack';
import { syntheticPlan } from './synthetic-plan';

export const shanghaiToday = (): string => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

/** The first day of the quarter before the current one: activating from it makes every item's period open and overdue. */
export function previousQuarterStart(today = shanghaiToday()): string {
  const [year, month] = today.split('-').map(Number);
  const quarter = Math.floor((month - 1) / 3) + 4 * year - 1;
  return `${Math.floor(quarter / 4)}-${String((quarter % 4) * 3 + 1).padStart(2, '0')}-01`;
}

export interface ActivatedPlan {
  planId: string;
  code: string;
  periodKey: string;
  items: Array<{ id: string; code: string }>;
}

/** Imports a synthetic plan of `n` items and activates it from `startOn`. */
export async function activateSyntheticPlan(stack: Stack, token: string, n: number, docNumber: string, startOn?: string): Promise<ActivatedPlan> {
  const imported = await stack.api('POST', '/plans/import', { token, body: syntheticPlan(n, docNumber) });
  if (imported.status !== 201) throw new Error(`import failed: ${imported.status} ${JSON.stringify(imported.body)}`);
  const activated = await stack.api('POST', `/plans/${imported.body.planId}/activate`, { token, body: startOn ? { startOn } : {} });
  if (activated.status !== 200 || activated.body.started !== n) throw new Error(`activation failed: ${activated.status} ${JSON.stringify(activated.body)}`);
  const items = await stack.api<Array<{ id: string; code: string }>>('GET', `/plans/${imported.body.planId}/items`, { token });
  return { planId: imported.body.planId, code: imported.body.code, periodKey: periodKeyFor(startOn ?? shanghaiToday(), 'quarterly'), items: items.body };
}

/**
 * True once every item's escalation has issued every notice dated up to today and waits for a later date:
 * the fan-out an overdue activation causes is complete.
 */
export async function escalationsSettled(temporal: TemporalClient, plan: ActivatedPlan): Promise<boolean> {
  const today = shanghaiToday();
  for (const item of plan.items) {
    const id = escalationWorkflowId(`item:${plan.code}:${item.code}`, plan.periodKey, 1);
    const state = await temporal.workflow.getHandle(id).query(escalationStateQuery);
    if (!state.nextStepOn || state.nextStepOn <= today || state.level < 0) return false;
  }
  return true;
}

export async function connectTemporal(address: string): Promise<{ client: TemporalClient; close: () => Promise<void> }> {
  const connection = await Connection.connect({ address });
  return { client: new TemporalClient({ connection }), close: () => connection.close() };
}

export async function connectDb(databaseUrl: string): Promise<PgClient> {
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  return db;
}

/** Per item of the plan: reporting periods, escalations, notices and notifications recorded. */
export async function recordsPerItem(
  db: PgClient,
  planId: string,
): Promise<Array<{ code: string; periods: number; escalations: number; notices: number; notifications: number }>> {
  const { rows } = await db.query(
    `SELECT i.code,
            (SELECT count(*) FROM reporting_period p WHERE p.item_id = i.id)::int AS periods,
            (SELECT count(*) FROM escalation e WHERE e.item_id = i.id)::int AS escalations,
            (SELECT count(*) FROM notice n WHERE n.item_id = i.id)::int AS notices,
            (SELECT count(*) FROM notification n WHERE n.item_id = i.id)::int AS notifications
       FROM item i WHERE i.plan_id = $1 ORDER BY i.code`,
    [planId],
  );
  return rows;
}
