// Release 2: the "new code". Its first command differs from release 1's (a timer before the wait), so a history
// recorded under release 1 would not replay here: only versioning keeps the old workflow on the old workers.
import { condition, continueAsNew, defineSignal, setHandler, sleep } from '@temporalio/workflow';

export const proceedSignal = defineSignal('proceed');
export const nextPeriodSignal = defineSignal('nextPeriod');

export async function releaseProbe(run = 1): Promise<string> {
  let proceed = false;
  let nextPeriod = false;
  setHandler(proceedSignal, () => void (proceed = true));
  setHandler(nextPeriodSignal, () => void (nextPeriod = true));
  await sleep(10);
  await condition(() => proceed || nextPeriod);
  if (nextPeriod) await continueAsNew<typeof releaseProbe>(run + 1);
  return `release-2 run ${run}`;
}
