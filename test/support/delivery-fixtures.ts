import type { Kysely } from 'kysely';
import type { Database, Environment } from '../../src/db/schema.js';
import { recordEvent } from '../../src/webhooks/event-outbox.js';
import { newId, randomToken } from '../../src/ids.js';
import { createPartner } from '../../src/partners/create-partner.js';
import { createSecretBox } from '../../src/security/secret-box.js';
import { sealedHeaderColumns } from '../../src/webhooks/endpoints/sealed-headers.js';
import { generateWebhookSecret } from '../../src/webhooks/endpoints/webhook-secret.js';
import { testMasterKey } from './test-secrets.js';

export const testSecretBox = createSecretBox(testMasterKey);

export async function insertTestPartner(db: Kysely<Database>): Promise<string> {
  return (await createPartner(db, { name: `Partner ${randomToken(6)}`, status: 'ACTIVE' })).id;
}

export interface EndpointFixture {
  url: string;
  environment?: Environment;
  eventTypes?: string[];
  receiveAllEvents?: boolean;
  headers?: Record<string, string>;
  standardWebhooks?: boolean;
}

/**
 * An endpoint row as the endpoint API stores it, written directly: engine tests need URLs and
 * headers the registration check refuses, to prove the send-time checks.
 */
export async function insertEndpoint(db: Kysely<Database>, partnerId: string, fixture: EndpointFixture) {
  const secret = generateWebhookSecret();
  const id = newId('whk');
  await db
    .insertInto('webhook_endpoints')
    .values({
      id,
      partner_id: partnerId,
      environment: fixture.environment ?? 'sandbox',
      url: fixture.url,
      event_types: fixture.eventTypes ?? ['*'],
      receive_all_events: fixture.receiveAllEvents ?? false,
      ...sealedHeaderColumns(testSecretBox, fixture.headers ?? {}),
      standard_webhooks: fixture.standardWebhooks ?? false,
      secret_encrypted: testSecretBox.seal(secret),
    })
    .execute();
  return { id, secret };
}

export async function recordTestEvent(
  db: Kysely<Database>,
  partnerId: string,
  type = 'user.created',
  options: { environment?: Environment; data?: Record<string, unknown>; requestId?: string } = {},
): Promise<string> {
  return recordEvent(db, {
    partnerId,
    environment: options.environment ?? 'sandbox',
    type,
    data: options.data ?? { n: randomToken(4) },
    requestId: options.requestId,
  });
}

export async function deliveriesOf(db: Kysely<Database>, endpointId: string) {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .orderBy('created_at')
    .execute();
}

export async function attemptsOf(db: Kysely<Database>, deliveryId: string) {
  return db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where('delivery_id', '=', deliveryId)
    .orderBy('attempt_number')
    .orderBy('id')
    .execute();
}
