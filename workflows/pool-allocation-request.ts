import { allHandlersFinished, ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { decisionRefusal, settlementOf } from '../src/pool-requests/pool-request-rules.js';
import type {
  NewPoolRequest,
  PoolRequestOutcome,
  PoolRequestRefusal,
  PoolRequestSettlement,
} from '../src/pool-requests/pool-request-types.js';
import { ledgerWrite } from './activity-options.js';
import { dispatchCommittedEvents } from './dispatch-committed-events.js';
import { recordStatus } from './record-status.js';
import { decidePoolRequestUpdate } from './pool-request-messages.js';

const { recordPoolRequest, settlePoolRequest } = proxyActivities<Activities>(ledgerWrite);

export interface PoolAllocationRequestInput {
  request: NewPoolRequest;
}

const failure = (refusal: PoolRequestRefusal) =>
  ApplicationFailure.create({ type: refusal.code, message: refusal.message, nonRetryable: true });

/**
 * One allocation request: it waits for an operator's decision (an update) until it expires (a
 * timer), then settles once: an approval credits the pool, a rejection or the expiry only closes
 * the request. Whatever comes first wins; every later decision is refused by the validator.
 */
export async function poolAllocationRequest({ request }: PoolAllocationRequestInput): Promise<PoolRequestOutcome> {
  let settlement: PoolRequestSettlement | undefined;
  let outcome: PoolRequestOutcome | undefined;

  setHandler(
    decidePoolRequestUpdate,
    async (decision) => {
      settlement = settlementOf(request, decision);
      await condition(() => outcome !== undefined);
      return outcome!;
    },
    {
      validator: (decision) => {
        const refusal = decisionRefusal(request, settlement !== undefined, decision);
        if (refusal) throw failure(refusal);
      },
    },
  );

  // Idempotent: the API inserts the same row; whichever comes second changes nothing.
  await recordPoolRequest(request);
  // A timer of at least 1 ms: a request already past its expiry expires at once.
  const decided = await condition(
    () => settlement !== undefined,
    Math.max(1, Date.parse(request.expiresAt) - Date.now()),
  );
  if (!decided) settlement = { kind: 'expire' };

  // Workflow time: deterministic, and exactly when the decision was taken or the timer fired.
  outcome = await settlePoolRequest({
    requestId: request.id,
    settlement: settlement!,
    at: new Date(Date.now()).toISOString(),
  });
  if (outcome.status !== 'EXPIRED') await dispatchCommittedEvents();
  recordStatus(outcome.status);
  await condition(allHandlersFinished);
  return outcome;
}
