import { createApplyAction } from './apply-action.js';
import { createApplyReversal } from './apply-reversal.js';
import { createRecordEvent } from './record-event.js';
import type { ActivityDependencies } from './dependencies.js';

export type { ActivityDependencies } from './dependencies.js';

export function createActivities(deps: ActivityDependencies) {
  return {
    applyAction: createApplyAction(deps),
    applyReversal: createApplyReversal(deps),
    recordEvent: createRecordEvent(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
