import { proxyLocalActivities } from '@temporalio/workflow';
import type { FloorActivities } from './floor-activities.js';

const { nothing } = proxyLocalActivities<FloorActivities>({ startToCloseTimeout: '10 seconds' });

/** Temporal's floor for one unit of work: one workflow running one local activity that does nothing. */
export async function floorWorkflow(): Promise<void> {
  await nothing();
}
