import { createApplyAction } from './apply-action.js';
import type { ActivityDependencies } from './dependencies.js';

export type { ActivityDependencies } from './dependencies.js';

export function createActivities(deps: ActivityDependencies) {
  return {
    applyAction: createApplyAction(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
