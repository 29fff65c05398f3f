import { applyAction } from '../src/actions/apply-action.js';
import type { ActivityDependencies } from './dependencies.js';

export function createApplyAction({ db }: ActivityDependencies) {
  return async function applyActionActivity(input: { actionId: string }) {
    return applyAction(db, input.actionId);
  };
}
