import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasDispatchWork } from '../../src/webhooks/dispatch/dispatch-repository.js';
import { insertEndpoint, insertTestPartner, recordTestEvent } from '../support/delivery-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('the event outbox and the dispatch pass (real PostgreSQL)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  const db = () => database.db;
  const dispatchedAt = async (eventId: string) =>
    (await db().selectFrom('events').select('dispatched_at').where('id', '=', eventId).executeTakeFirstOrThrow())
      .dispatched_at;
  const markAllDispatched = () =>
    db().updateTable('events').set({ dispatched_at: new Date() }).where('dispatched_at', 'is', null).execute();

  it('writes an event dispatched when no active endpoint of its partner and environment could receive it, and leaves it to the pass otherwise', async () => {
    const partnerId = await insertTestPartner(db());
    expect(await dispatchedAt(await recordTestEvent(db(), partnerId))).toBeInstanceOf(Date);

    // A disabled, a deleted and another environment's endpoint receive nothing either.
    const disabled = await insertEndpoint(db(), partnerId, { url: 'https://hooks.example.com/a' });
    await db().updateTable('webhook_endpoints').set({ is_active: false }).where('id', '=', disabled.id).execute();
    const deleted = await insertEndpoint(db(), partnerId, { url: 'https://hooks.example.com/b' });
    await db().updateTable('webhook_endpoints').set({ deleted_at: new Date() }).where('id', '=', deleted.id).execute();
    await insertEndpoint(db(), partnerId, { url: 'https://hooks.example.com/c', environment: 'production' });
    expect(await dispatchedAt(await recordTestEvent(db(), partnerId))).toBeInstanceOf(Date);

    await insertEndpoint(db(), partnerId, { url: 'https://hooks.example.com/d' });
    expect(await dispatchedAt(await recordTestEvent(db(), partnerId))).toBeNull();
    expect(
      await dispatchedAt(await recordTestEvent(db(), partnerId, 'user.created', { environment: 'production' })),
    ).toBeNull();
  });

  it('finds work for a pass in an event left for dispatch or a delivery to start, not in a delivery held behind an open circuit', async () => {
    const partnerId = await insertTestPartner(db());
    const endpoint = await insertEndpoint(db(), partnerId, { url: 'https://hooks.example.com/e' });
    await markAllDispatched();
    expect(await hasDispatchWork(db())).toBe(false);

    const eventId = await recordTestEvent(db(), partnerId);
    expect(await hasDispatchWork(db())).toBe(true);
    await markAllDispatched();

    const delivery = {
      id: 'dlv_outbox_test',
      endpoint_id: endpoint.id,
      event_id: eventId,
      partner_id: partnerId,
      environment: 'sandbox' as const,
      event_type: 'user.created',
      status: 'PENDING' as const,
      payload: '{}',
      workflow_id: 'delivery/outbox-test',
    };
    await db()
      .insertInto('webhook_deliveries')
      .values({ ...delivery, parked_at: new Date() })
      .execute();
    expect(await hasDispatchWork(db())).toBe(false);
    await db().updateTable('webhook_deliveries').set({ parked_at: null }).where('id', '=', delivery.id).execute();
    expect(await hasDispatchWork(db())).toBe(true);
  });
});
