import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Config } from '../../config.js';
import { sweepStaleRequests } from '../../../workflows/sweep-stale-requests.js';
import { ensureSchedule } from './ensure-schedule.js';
import { taskQueues } from '../contract/task-queues.js';
import { workflowIds } from '../contract/workflow-ids.js';

export interface RedriveSettings {
  intervalSeconds: number;
  /** How long a request may stay PROCESSING before its workflow is started again. */
  olderThanSeconds: number;
}

/** Creates the redrive-stale-requests schedule, or brings an existing one to these settings. */
export async function ensureRedriveSchedule(
  client: Client,
  { intervalSeconds, olderThanSeconds }: RedriveSettings,
): Promise<void> {
  const scheduleId = workflowIds.redriveSchedule;
  const every = intervalSeconds * 1000;
  await ensureSchedule(client, {
    scheduleId,
    spec: { intervals: [{ every }] },
    action: {
      type: 'startWorkflow',
      workflowType: sweepStaleRequests,
      args: [{ olderThanSeconds, batchSize: 500 }],
      taskQueue: taskQueues.ledger,
      workflowId: scheduleId,
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: every },
  });
}

export function redriveSettingsFrom(config: Config): RedriveSettings {
  return {
    intervalSeconds: config.STALE_REQUEST_SWEEP_INTERVAL_SECONDS,
    olderThanSeconds: config.STALE_REQUEST_AGE_SECONDS,
  };
}
