import { recordEvent, type NewEvent } from '../src/events/event-outbox.js';
import type { ActivityDependencies } from './dependencies.js';

export type RecordEventInput = NewEvent & { idempotencyKey: string };

/** An outbox event a workflow reports; its key makes a retry after commit record nothing twice. */
export function createRecordEvent({ db }: ActivityDependencies) {
  return async function recordEventActivity(event: RecordEventInput): Promise<void> {
    await recordEvent(db, event);
  };
}
