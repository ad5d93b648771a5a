// Release 1 of a small long-lived workflow: the versioning test's "old code". Only @temporalio/workflow.
import { condition, defineSignal, makeContinueAsNewFunc, setHandler, sleep } from '@temporalio/workflow';

export const proceedSignal = defineSignal('proceed');
export const nextPeriodSignal = defineSignal('nextPeriod');

/**
 * Waits for a signal, then answers with its release. On `nextPeriod` it continues as new with AUTO_UPGRADE: its next
 * run (its next period, for an item) starts on the deployment's current build, whatever this run was pinned to.
 */
export async function releaseProbe(run = 1): Promise<string> {
  let proceed = false;
  let nextPeriod = false;
  setHandler(proceedSignal, () => void (proceed = true));
  setHandler(nextPeriodSignal, () => void (nextPeriod = true));
  await condition(() => proceed || nextPeriod);
  if (nextPeriod) await makeContinueAsNewFunc<typeof releaseProbe>({ initialVersioningBehavior: 'AUTO_UPGRADE' })(run + 1);
  await sleep(10);
  return `release-1 run ${run}`;
}
