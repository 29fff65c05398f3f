import type { ActivityOptions } from '@temporalio/workflow';

/**
 * Short database transactions. Infrastructure faults (connection lost, deadlock) retry with
 * backoff for as long as it takes; business refusals come back as results, never as failures.
 */
export const ledgerWrite: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
};
