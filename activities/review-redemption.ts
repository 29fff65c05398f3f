import { reviewRedemption } from '../src/redemptions/review-redemption.js';
import type { ActivityDependencies } from './dependencies.js';

export function createReviewRedemption({ db }: ActivityDependencies) {
  return async function reviewRedemptionActivity(input: { redemptionId: string }) {
    return reviewRedemption(db, input.redemptionId);
  };
}
