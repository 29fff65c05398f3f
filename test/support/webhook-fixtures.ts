import { expect } from 'vitest';
import type { PartnerScope } from '../../src/partner-scope.js';
import type { DeliveryStatus } from '../../src/db/schema.js';
import { newId } from '../../src/ids.js';
import type { Credentials } from './sign.js';
import type { TestApp } from './test-app.js';

export const receiverUrl = 'https://hooks.example.com/sir';

/** Registers an endpoint through the API and returns the 201 body (with its one-time secret). */
export async function registerWebhook(t: TestApp, credentials: Credentials, body: Record<string, unknown> = {}) {
  const response = await t.signed(credentials, 'POST', '/v1/partner/webhooks', {
    url: receiverUrl,
    eventTypes: ['action.completed'],
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; secret: string } & Record<string, unknown>;
}

export interface AttemptFixture {
  succeeded: boolean;
  responseStatus?: number | null;
  responseBody?: string | null;
  durationMs?: number;
  error?: string | null;
  createdAt?: Date;
  headers?: Record<string, string>;
}

export interface DeliveryFixture {
  status?: DeliveryStatus;
  eventType?: string;
  createdAt?: Date;
  deliveredAt?: Date | null;
  lastError?: string | null;
  lastResponseStatus?: number | null;
  nextAttemptAt?: Date | null;
  attempts?: AttemptFixture[];
}

/** Writes an event, its delivery to one endpoint and the attempts, as the delivery engine would. */
export async function insertDelivery(
  t: TestApp,
  scope: PartnerScope,
  endpointId: string,
  fixture: DeliveryFixture = {},
) {
  const { db } = t.database;
  const eventId = newId('evt');
  const deliveryId = newId('dlv');
  const type = fixture.eventType ?? 'action.completed';
  const createdAt = fixture.createdAt ?? new Date();
  const data = { actionId: newId('act') };
  await db
    .insertInto('events')
    .values({
      id: eventId,
      partner_id: scope.partnerId,
      environment: scope.environment,
      type,
      data: JSON.stringify(data),
      request_id: null,
      created_at: createdAt,
    })
    .execute();
  const attempts = fixture.attempts ?? [];
  await db
    .insertInto('webhook_deliveries')
    .values({
      id: deliveryId,
      endpoint_id: endpointId,
      event_id: eventId,
      partner_id: scope.partnerId,
      environment: scope.environment,
      event_type: type,
      status: fixture.status ?? 'DELIVERED',
      payload: JSON.stringify({ id: eventId, type, createdAt: createdAt.toISOString(), data }),
      attempt_count: attempts.length,
      workflow_id: `delivery/${endpointId}/${eventId}`,
      last_error: fixture.lastError ?? null,
      last_response_status: fixture.lastResponseStatus ?? null,
      next_attempt_at: fixture.nextAttemptAt ?? null,
      delivered_at: fixture.deliveredAt ?? null,
      created_at: createdAt,
    })
    .execute();
  for (const [index, attempt] of attempts.entries()) {
    await db
      .insertInto('webhook_attempts')
      .values({
        delivery_id: deliveryId,
        attempt_number: index + 1,
        request_headers: JSON.stringify(attempt.headers ?? { 'X-SIR-Timestamp': String(index) }),
        response_status: attempt.responseStatus ?? null,
        response_body: attempt.responseBody ?? null,
        duration_ms: attempt.durationMs ?? 0,
        error: attempt.error ?? null,
        succeeded: attempt.succeeded,
        created_at: attempt.createdAt ?? new Date(createdAt.getTime() + index * 1000),
      })
      .execute();
  }
  return { deliveryId, eventId, payload: { id: eventId, type, createdAt: createdAt.toISOString(), data } };
}
