import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { testActivityDependencies } from '../support/activity-deps.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

const day = 24 * 3_600_000;
const inDays = (days: number) => new Date(Date.now() + days * day).toISOString();

describe('api_key.expiring: the warnExpiringKeys activity on PostgreSQL', () => {
  let t: TestApp;
  let sweep: () => Promise<{ warned: number }>;

  beforeAll(async () => {
    t = await createTestApp();
    const { warnExpiringKeys } = createActivities(testActivityDependencies(t.database.db));
    sweep = () => warnExpiringKeys({ warningDays: 7 });
  });
  afterAll(async () => t.close());

  const portal = (partner: TestPartner, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${partner.jwt}` }, payload });

  async function issueKey(partner: TestPartner, name: string, expiresAt: string) {
    const response = await portal(partner, 'POST', '/v1/partner/keys', { name, environment: 'sandbox', expiresAt });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as {
      id: string;
      publicKey: string;
      secretKey: string;
      hmacSecret: string;
      expiresAt: string;
    };
  }

  const warningsOf = (partner: TestPartner) =>
    t.database.db
      .selectFrom('events')
      .selectAll()
      .where('partner_id', '=', partner.partnerId)
      .where('type', '=', 'api_key.expiring')
      .orderBy('created_at')
      .execute();

  it('warns once for a live key expiring within the window, and for no other', async () => {
    const partner = await t.createPartner();
    const soon = await issueKey(partner, 'Expiring soon', inDays(3));
    await issueKey(partner, 'Expiring next month', inDays(30));
    await issueKey(partner, 'Already expired', inDays(-1));
    const deleted = await issueKey(partner, 'Deleted', inDays(2));
    expect((await portal(partner, 'DELETE', `/v1/partner/keys/${deleted.id}`)).statusCode).toBe(204);
    const inactive = await issueKey(partner, 'Deactivated', inDays(2));
    expect((await portal(partner, 'PATCH', `/v1/partner/keys/${inactive.id}`, { isActive: false })).statusCode).toBe(
      200,
    );

    expect(await sweep()).toEqual({ warned: 1 });
    const [event, ...others] = await warningsOf(partner);
    expect(others).toEqual([]);
    expect(event).toMatchObject({ environment: 'sandbox' });
    expect(event!.data).toEqual({
      keyId: soon.id,
      publicKeyPrefix: soon.publicKey.slice(0, 12),
      name: 'Expiring soon',
      environment: 'sandbox',
      expiresAt: soon.expiresAt,
      daysLeft: 3,
    });
    const serialized = JSON.stringify(event);
    for (const secret of [soon.secretKey, soon.hmacSecret, soon.publicKey]) expect(serialized).not.toContain(secret);

    expect(await sweep()).toEqual({ warned: 0 });
    expect(await warningsOf(partner)).toHaveLength(1);
  });

  it('warns each key once when sweeps overlap or one is retried after its commit', async () => {
    const partner = await t.createPartner();
    const key = await issueKey(partner, 'Raced', inDays(1));
    const concurrent = await Promise.all([sweep(), sweep()]);
    expect(concurrent.map((result) => result.warned).sort()).toEqual([0, 1]);
    // A retry after the commit runs the whole activity again: the key is marked, nothing is written.
    expect(await sweep()).toEqual({ warned: 0 });
    const events = await warningsOf(partner);
    expect(events.map((event) => (event.data as { keyId: string }).keyId)).toEqual([key.id]);
    const marks = await t.database.db
      .selectFrom('api_key_expiry_warnings')
      .selectAll()
      .where('api_key_id', '=', key.id)
      .execute();
    expect(marks).toHaveLength(1);
  });

  it('warns again when the expiry moves to a new date inside the window, not outside it', async () => {
    const partner = await t.createPartner();
    const key = await issueKey(partner, 'Moved', inDays(3));
    expect(await sweep()).toEqual({ warned: 1 });

    const moved = await portal(partner, 'PATCH', `/v1/partner/keys/${key.id}`, { expiresAt: inDays(6) });
    expect(moved.statusCode).toBe(200);
    expect(await sweep()).toEqual({ warned: 1 });
    expect(await sweep()).toEqual({ warned: 0 });

    expect((await portal(partner, 'PATCH', `/v1/partner/keys/${key.id}`, { expiresAt: inDays(20) })).statusCode).toBe(
      200,
    );
    expect(await sweep()).toEqual({ warned: 0 });
    const events = await warningsOf(partner);
    expect(
      events.map((event) => [
        (event.data as { expiresAt: string }).expiresAt,
        (event.data as { daysLeft: number }).daysLeft,
      ]),
    ).toEqual([
      [key.expiresAt, 3],
      [moved.json().expiresAt, 6],
    ]);
  });
});
