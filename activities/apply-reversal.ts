import { applyReversal } from '../src/reversals/apply-reversal.js';
import type { ActivityDependencies } from './dependencies.js';

export function createApplyReversal({ db }: ActivityDependencies) {
  return async function applyReversalActivity(input: { reversalId: string }) {
    return applyReversal(db, input.reversalId);
  };
}
