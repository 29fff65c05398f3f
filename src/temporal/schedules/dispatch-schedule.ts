import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { sweepEvents } from '../../../workflows/sweep-events.js';
import { ensureSchedule } from './ensure-schedule.js';
import { taskQueues } from '../contract/task-queues.js';
import { workflowIds } from '../contract/workflow-ids.js';

/**
 * Creates the dispatch-events schedule, or brings an existing one to this interval. Every webhooks
 * worker runs this at start-up, so replicas and restarts converge on the one schedule.
 */
export async function ensureDispatchSchedule(client: Client, intervalSeconds: number): Promise<void> {
  const scheduleId = workflowIds.dispatchSchedule;
  await ensureSchedule(client, {
    scheduleId,
    spec: { intervals: [{ every: intervalSeconds * 1000 }] },
    action: {
      type: 'startWorkflow',
      workflowType: sweepEvents,
      taskQueue: taskQueues.webhooks,
      workflowId: scheduleId,
    },
    // A sweep still running makes the next one pointless; sweeps missed during an outage collapse into one.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: intervalSeconds * 1000 },
  });
}
