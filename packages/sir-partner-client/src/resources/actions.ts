import { pathOf } from '../http-transport.js';
import { withIdempotencyKey } from '../idempotency-key.js';
import { allItems, type Page } from '../pagination.js';
import type {
  Action,
  ActionResult,
  BulkJob,
  ListActionsQuery,
  ReversalResult,
  ReverseActionInput,
  SubmitActionInput,
} from '../types/actions.js';
import type { ApiCalls } from './api-calls.js';

export function actionsResource(calls: ApiCalls) {
  const list = (query: ListActionsQuery = {}) => calls.read<Page<Action>>('/v1/partner/actions', query);
  return {
    /**
     * Resolves with the result (status PROCESSING when it takes longer than the API waits); a
     * FAILED action rejects with a SirApiError whose details are the ActionResult.
     */
    submit: (input: SubmitActionInput) =>
      calls.write<ActionResult>('POST', '/v1/partner/actions/submit', withIdempotencyKey(input), { retrySafe: true }),
    /** Up to 100 actions, each idempotent by its own key (generated where absent). */
    bulk: (actions: SubmitActionInput[]) =>
      calls.write<BulkJob>(
        'POST',
        '/v1/partner/actions/bulk',
        { actions: actions.map(withIdempotencyKey) },
        { retrySafe: true },
      ),
    get: (actionId: string) => calls.read<Action>(pathOf`/v1/partner/actions/${actionId}`),
    list,
    listAll: (query: ListActionsQuery = {}) => allItems(list, query),
    /** Idempotent by refundIdempotencyKey; a refused reversal rejects with the ReversalResult in details. */
    reverse: (actionId: string, input: ReverseActionInput) =>
      calls.write<ReversalResult>('POST', pathOf`/v1/partner/actions/${actionId}/reverse`, input, { retrySafe: true }),
  };
}
