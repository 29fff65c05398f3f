import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { WarnExpiringKeysInput, WarnExpiringKeysResult } from '../src/keys/warn-expiring-keys.js';
import { eventDispatch, ledgerWrite } from './activity-options.js';

const { warnExpiringKeys } = proxyActivities<Activities>(ledgerWrite);
const { dispatchEvents } = proxyActivities<Activities>(eventDispatch);

/**
 * Run by the api-key-expiry schedule: warns partners of keys nearing their expiry, then hands the
 * new events to webhook delivery at once; if that fails, the dispatch-events schedule sends them.
 */
export async function sweepExpiringKeys(input: WarnExpiringKeysInput): Promise<WarnExpiringKeysResult> {
  const result = await warnExpiringKeys(input);
  if (result.warned > 0) await dispatchEvents();
  return result;
}
