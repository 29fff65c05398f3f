import type { Kysely, Transaction } from 'kysely';
import type { Database, Environment } from '../db/schema.js';
import { newId } from '../ids.js';

export interface NewEvent {
  partnerId: string;
  environment: Environment;
  type: string;
  data: Record<string, unknown>;
  requestId?: string | null;
}

/** Writes an event inside the caller's transaction, so it exists exactly when the change does. */
export async function recordEvent(trx: Transaction<Database> | Kysely<Database>, event: NewEvent): Promise<string> {
  const id = newId('evt');
  await trx
    .insertInto('events')
    .values({
      id,
      partner_id: event.partnerId,
      environment: event.environment,
      type: event.type,
      data: JSON.stringify(event.data),
      request_id: event.requestId ?? null,
    })
    .execute();
  return id;
}
