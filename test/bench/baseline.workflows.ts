// Baselines for the benchmarks: the least a workflow can be, on the same Temporal server as Duban's.
import { proxyActivities } from '@temporalio/workflow';

const { touch } = proxyActivities<{ touch(n: number): Promise<number> }>({ startToCloseTimeout: '1 minute' });

/** Returns at once: what a bare client start costs. */
export async function trivialWorkflow(): Promise<void> {
  return;
}

/** Runs one trivial activity: what one notification at a period boundary costs at the least. */
export async function oneActivityWorkflow(n: number): Promise<number> {
  return touch(n);
}
