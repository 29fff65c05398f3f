import { ScheduleAlreadyRunning, type Client, type ScheduleOptions } from '@temporalio/client';

/**
 * Creates a schedule, or brings an existing one to these settings. Workers run this at start-up,
 * so replicas and restarts converge on the one schedule of each id.
 */
export async function ensureSchedule(client: Client, options: ScheduleOptions): Promise<void> {
  try {
    await client.schedule.create(options);
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    const { spec, action, policies } = options;
    await client.schedule.getHandle(options.scheduleId).update((previous) => ({ ...previous, spec, action, policies }));
  }
}
