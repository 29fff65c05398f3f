import { fulfilRedemption } from '../src/redemptions/fulfil-redemption.js';
import type { ActivityDependencies } from './dependencies.js';

export function createFulfilRedemption({ db }: ActivityDependencies) {
  return async function fulfilRedemptionActivity(input: { redemptionId: string }) {
    return fulfilRedemption(db, input.redemptionId);
  };
}
