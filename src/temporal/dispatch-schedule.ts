import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { sweepEvents } from '../../workflows/sweep-events.js';
import { taskQueues } from './task-queues.js';
import { workflowIds } from './workflow-ids.js';

/**
 * Creates the dispatch-events schedule, or brings an existing one to this interval. Every webhooks
 * worker runs this at start-up, so replicas and restarts converge on the one schedule.
 */
export async function ensureDispatchSchedule(client: Client, intervalSeconds: number): Promise<void> {
  const scheduleId = workflowIds.dispatchSchedule;
  const spec = { intervals: [{ every: intervalSeconds * 1000 }] };
  const action = { type: 'startWorkflow' as const, workflowType: sweepEvents, taskQueue: taskQueues.webhooks, workflowId: scheduleId };
  // A sweep still running makes the next one pointless; sweeps missed during an outage collapse into one.
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: intervalSeconds * 1000 };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action, policies }));
  }
}
