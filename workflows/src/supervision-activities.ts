import type { SupervisionActivities } from '@duban/contracts';
import { patched, proxyActivities, proxyLocalActivities, type ActivityOptions, type LocalActivityOptions } from '@temporalio/workflow';

const options = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} satisfies ActivityOptions & LocalActivityOptions;

/**
 * patched(): every supervision activity is a short write to PostgreSQL or a calendar lookup, so it runs as a
 * local activity, in the worker that runs the workflow task, without a round trip through the server's task
 * queue and a workflow task of its own for each. Histories recorded before this ran them as remote
 * activities and replay that way. Retries and idempotency are the same either way: a local activity whose
 * worker dies is run again when the workflow task is retried, and every activity is idempotent by its key.
 */
export const LOCAL_ACTIVITIES_PATCH = 'supervision-local-activities';

const remote = proxyActivities<SupervisionActivities>(options);
const local = proxyLocalActivities<SupervisionActivities>(options);

/** The supervision activities, local in workflows started (or continued) under this code, remote in older ones. */
export const activities: SupervisionActivities = new Proxy({} as SupervisionActivities, {
  get: (_target, name: string) => {
    const proxies = patched(LOCAL_ACTIVITIES_PATCH) ? local : remote;
    return proxies[name as keyof SupervisionActivities];
  },
});
