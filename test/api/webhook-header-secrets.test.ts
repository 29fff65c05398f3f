import { Migrator } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate-to-latest.js';
import { migrations } from '../../src/db/migrations/index.js';
import { recordingDeliveryControl } from '../support/delivery-control-double.js';
import { testSecretBox } from '../support/delivery-fixtures.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';
import { testMasterKey } from '../support/test-secrets.js';
import { insertDelivery, receiverUrl } from '../support/webhook-fixtures.js';

/** Issue 14, finding 6: custom webhook headers are write-only secrets. */
describe('webhook custom headers', () => {
  let t: TestApp;
  let partner: TestPartner;

  beforeAll(async () => {
    t = await createTestApp({ deliveryControl: recordingDeliveryControl().control });
    partner = await t.createPartner();
  });
  afterAll(async () => t.close());

  const credentials = {
    Authorization: 'Bearer sk_live_0123456789abcdef',
    Cookie: 'sid=s3cr3t',
    'X-Tenant': 'acme-production-7',
  };
  const opened = (sealed: string | null) => JSON.parse(testSecretBox.open(sealed ?? '')) as Record<string, string>;
  const hints = { Authorization: '…cdef', Cookie: '…', 'X-Tenant': '…on-7' };

  it('finding 6: stores custom headers sealed and shows only their names and last characters, at creation and after', async () => {
    const created = await t.signed(partner.sandbox, 'POST', '/v1/partner/webhooks', {
      url: receiverUrl,
      eventTypes: ['*'],
      headers: credentials,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().headers).toEqual(hints);
    const id = created.json().id as string;
    const one = await t.signed(partner.sandbox, 'GET', `/v1/partner/webhooks/${id}`);
    const list = await t.signed(partner.sandbox, 'GET', '/v1/partner/webhooks');
    for (const body of [one.body, list.body]) {
      expect(body).not.toMatch('0123456789');
      expect(body).not.toMatch('s3cr3t');
    }
    expect(one.json().headers).toEqual(hints);
    const row = await t.database.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toMatch('s3cr3t');
    expect(opened(row.headers_sealed)).toEqual(credentials);

    const replaced = await t.signed(partner.sandbox, 'PATCH', `/v1/partner/webhooks/${id}`, {
      headers: { 'X-Api-Key': 'key_abcdefghijklmnop' },
    });
    expect(replaced.json().headers).toEqual({ 'X-Api-Key': '…mnop' });
    const cleared = await t.signed(partner.sandbox, 'PATCH', `/v1/partner/webhooks/${id}`, { headers: {} });
    expect(cleared.json().headers).toEqual({});
    expect(
      (
        await t.database.db
          .selectFrom('webhook_endpoints')
          .select('headers_sealed')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).headers_sealed,
    ).toBeNull();
  });

  it('finding 6: the migration seals headers stored in plaintext and cuts the copies in recorded attempts to hints', async () => {
    const db = t.database.db;
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => migrations({ masterKey: testMasterKey }) },
    });
    const { id } = (
      await t.signed(partner.sandbox, 'POST', '/v1/partner/webhooks', { url: receiverUrl, eventTypes: ['*'] })
    ).json();
    const down = await migrator.migrateTo('2026_11_23_0003_pool_request_idempotency');
    expect(down.error).toBeUndefined();
    await sql`update webhook_endpoints set headers = ${JSON.stringify(credentials)}::jsonb where id = ${id}`.execute(
      db,
    );
    await insertDelivery(t, { partnerId: partner.partnerId, environment: 'sandbox' }, id, {
      status: 'DELIVERED',
      attempts: [{ succeeded: true, headers: { ...credentials, 'X-SIR-Event-Id': 'evt_1' } }],
    });
    await expect(migrateToLatest(db)).rejects.toThrow(/MASTER_KEY/);
    expect((await migrateToLatest(db, { masterKey: testMasterKey }))[0]).toBe('2026_11_24_0001_sealed_webhook_headers');
    const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(opened(row.headers_sealed)).toEqual(credentials);
    expect(row.header_hints).toEqual(hints);
    const attempts = await sql<{ request_headers: Record<string, string> }>`
      select a.request_headers from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id where d.endpoint_id = ${id}`.execute(
      db,
    );
    expect(attempts.rows.map((a) => a.request_headers)).toEqual([{ ...hints, 'X-SIR-Event-Id': 'evt_1' }]);
    const shown = await t.signed(partner.sandbox, 'GET', `/v1/partner/webhooks/${id}`);
    expect(shown.json().headers).toEqual(hints);
  });
});
