import { patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { SirPartnerId, SirStatus } from '../src/temporal/contract/search-attributes.js';

/**
 * Sets SirStatus to the business outcome (an action can complete as FAILED, a delivery as
 * CANCELLED), so the Web UI finds e.g. every failed delivery of a partner. Workflows started
 * without the project's attributes (time-skipping tests) run on a server that does not know them.
 */
export function upsertStatus(status: string): void {
  if (workflowInfo().typedSearchAttributes.get(SirPartnerId) === undefined) return;
  upsertSearchAttributes([{ key: SirStatus, value: status }]);
}

/** upsertStatus behind its own patch, so histories recorded before this step replay. */
export function recordStatus(status: string): void {
  if (workflowInfo().typedSearchAttributes.get(SirPartnerId) === undefined) return;
  if (!patched('status-search-attribute')) return;
  upsertStatus(status);
}
