import { insertPoolRequest } from '../src/pool-requests/pool-request-repository.js';
import type { NewPoolRequest } from '../src/pool-requests/pool-request-types.js';
import type { ActivityDependencies } from './dependencies.js';

export function createRecordPoolRequest({ db }: ActivityDependencies) {
  return async function recordPoolRequestActivity(request: NewPoolRequest): Promise<void> {
    await insertPoolRequest(db, request);
  };
}
