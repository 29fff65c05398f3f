import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

describe('users endpoints', () => {
  let t: TestApp;
  let partner: TestPartner;

  beforeAll(async () => {
    t = await createTestApp();
    partner = await t.createPartner();
  });
  afterAll(async () => t.close());

  it('creates a user, emits user.created in the outbox, and reads it back by external id', async () => {
    const created = await t.signed(partner.sandbox, 'POST', '/v1/partner/users', {
      externalUserId: 'user_42',
      email: 'Jane@Example.com',
      firstName: 'Jane',
      metadata: { tier: 'gold' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      externalUserId: 'user_42',
      environment: 'sandbox',
      email: 'jane@example.com',
      firstName: 'Jane',
      lastName: null,
      metadata: { tier: 'gold' },
    });

    const fetched = await t.signed(partner.sandbox, 'GET', '/v1/partner/users/user_42');
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json().id).toBe(created.json().id);

    const events = await t.database.db
      .selectFrom('events')
      .selectAll()
      .where('partner_id', '=', partner.partnerId)
      .execute();
    expect(
      events.map((e) => [e.type, e.environment, (e.data as { user: { externalUserId: string } }).user.externalUserId]),
    ).toEqual([['user.created', 'sandbox', 'user_42']]);
    expect(events[0]?.request_id).toBe(created.headers['request-id']);
  });

  it('refuses a duplicate external id with 409 and writes no second event', async () => {
    const first = await t.signed(partner.sandbox, 'POST', '/v1/partner/users', { externalUserId: 'dup_1' });
    expect(first.statusCode).toBe(201);
    const again = await t.signed(partner.sandbox, 'POST', '/v1/partner/users', { externalUserId: 'dup_1' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({ error: { code: 'USER_ALREADY_EXISTS', message: expect.stringContaining('dup_1') } });
    const events = await t.database.db
      .selectFrom('events')
      .select('id')
      .where('type', '=', 'user.created')
      .where(sql<boolean>`data->'user'->>'externalUserId' = 'dup_1'`)
      .execute();
    expect(events).toHaveLength(1);
  });

  it('merges metadata on PATCH and removes keys set to null', async () => {
    await t.signed(partner.sandbox, 'POST', '/v1/partner/users', {
      externalUserId: 'meta_1',
      metadata: { a: 1, b: 2 },
    });
    const patched = await t.signed(partner.sandbox, 'PATCH', '/v1/partner/users/meta_1', {
      metadata: { b: null, c: 'x' },
      lastName: 'Doe',
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ metadata: { a: 1, c: 'x' }, lastName: 'Doe' });
  });

  it('pages through users with a cursor, newest first, without repeats or gaps', async () => {
    const other = await t.createPartner();
    for (let i = 0; i < 7; i++) {
      expect(
        (await t.signed(other.sandbox, 'POST', '/v1/partner/users', { externalUserId: `page_${i}` })).statusCode,
      ).toBe(201);
    }
    const seen: string[] = [];
    let path = '/v1/partner/users?limit=3';
    for (;;) {
      const page = await t.signed(other.sandbox, 'GET', path);
      expect(page.statusCode).toBe(200);
      const body = page.json();
      seen.push(...body.data.map((u: { externalUserId: string }) => u.externalUserId));
      if (!body.pagination.hasMore) break;
      path = `/v1/partner/users?limit=3&cursor=${body.pagination.nextCursor}`;
    }
    expect(seen).toEqual(['page_6', 'page_5', 'page_4', 'page_3', 'page_2', 'page_1', 'page_0']);
  });

  it('filters the list by email', async () => {
    await t.signed(partner.sandbox, 'POST', '/v1/partner/users', {
      externalUserId: 'mail_1',
      email: 'find.me@example.com',
    });
    const page = await t.signed(partner.sandbox, 'GET', '/v1/partner/users?email=FIND.ME%40example.com');
    expect(page.json().data.map((u: { externalUserId: string }) => u.externalUserId)).toEqual(['mail_1']);
  });
});
