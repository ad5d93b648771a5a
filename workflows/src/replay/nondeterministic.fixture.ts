// A deliberately changed itemSupervision for the replay test: it asks for a different first activity than the
// recorded histories hold, as a careless edit without patched() would. Never part of the bundle the worker runs.
import type { ItemSupervisionInput, SupervisionActivities } from '@duban/contracts';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';

const activities = proxyActivities<SupervisionActivities>({ startToCloseTimeout: '1 minute' });

export async function itemSupervision(input: ItemSupervisionInput): Promise<void> {
  await activities.markPeriodOpen({ itemId: input.itemId, periodKey: workflowInfo().workflowId });
}

export async function escalation(): Promise<void> {
  await activities.addWorkingDays({ date: '2018-01-01', workingDays: 1 });
}
