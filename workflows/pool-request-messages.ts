import { defineUpdate } from '@temporalio/workflow';
import type { PoolRequestDecision, PoolRequestOutcome } from '../src/pool-requests/pool-request-types.js';

// Defined once, imported by the poolAllocationRequest workflow and by every caller.

/**
 * An operator approves or rejects. The validator refuses a request that is no longer PENDING
 * (decided or expired) and an approval above the amount requested, so a refusal reaches the
 * caller at once and leaves no trace in the history; the result is the request's final state.
 */
export const decidePoolRequestUpdate = defineUpdate<PoolRequestOutcome, [PoolRequestDecision]>('decidePoolRequest');
