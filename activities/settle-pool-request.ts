import { settlePoolRequest } from '../src/pool-requests/settle-pool-request.js';
import type { PoolRequestOutcome, SettlePoolRequestInput } from '../src/pool-requests/pool-request-types.js';
import type { ActivityDependencies } from './dependencies.js';

export function createSettlePoolRequest({ db }: ActivityDependencies) {
  return async function settlePoolRequestActivity(input: SettlePoolRequestInput): Promise<PoolRequestOutcome> {
    return settlePoolRequest(db, input);
  };
}
