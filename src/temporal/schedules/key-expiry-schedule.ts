import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { sweepExpiringKeys } from '../../../workflows/sweep-expiring-keys.js';
import type { KeyExpirySettings } from '../../keys/key-expiry-settings.js';
import { ensureSchedule } from './ensure-schedule.js';
import { taskQueues } from '../contract/task-queues.js';
import { workflowIds } from '../contract/workflow-ids.js';

/** Creates the api-key-expiry schedule, or brings an existing one to these settings. */
export async function ensureKeyExpirySchedule(
  client: Client,
  { sweepIntervalSeconds, warningDays }: KeyExpirySettings,
): Promise<void> {
  const scheduleId = workflowIds.keyExpirySchedule;
  const every = sweepIntervalSeconds * 1000;
  await ensureSchedule(client, {
    scheduleId,
    spec: { intervals: [{ every }] },
    action: {
      type: 'startWorkflow',
      workflowType: sweepExpiringKeys,
      args: [{ warningDays }],
      taskQueue: taskQueues.webhooks,
      workflowId: scheduleId,
    },
    // Keys already marked make an overlapping or caught-up sweep pointless: skip and collapse them.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: every },
  });
}
