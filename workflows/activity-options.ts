import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/**
 * Short database transactions. Infrastructure faults (connection lost, deadlock) retry with
 * backoff for as long as it takes; business refusals come back as results, never as failures.
 */
export const ledgerWrite: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
};

/**
 * The same work as a local activity: it runs in the worker that runs the workflow, without a round
 * trip through the server per call, for long sequences of short transactions such as a bulk job.
 * Each result is still recorded in the history as a marker.
 */
export const ledgerWriteLocal: LocalActivityOptions = ledgerWrite;

/**
 * Starting delivery of committed events: a few quick tries, then the dispatch-events schedule
 * takes over, so a reward never waits long on (or fails because of) webhook machinery.
 */
export const eventDispatch: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 3 },
};
