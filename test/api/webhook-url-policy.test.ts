import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingDeliveryControl } from '../support/delivery-control-double.js';
import { testWebhookSettings } from '../support/activity-deps.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';
import { registerWebhook } from '../support/webhook-fixtures.js';

describe('webhook URL policy at registration', () => {
  // Two deployments: one lets sandbox endpoints reach local receivers, one does not.
  let local: TestApp;
  let strict: TestApp;
  let localPartner: TestPartner;
  let strictPartner: TestPartner;

  beforeAll(async () => {
    const deliveryControl = recordingDeliveryControl().control;
    local = await createTestApp({
      deliveryControl,
      webhookSettings: { ...testWebhookSettings, allowPrivateTargetsInSandbox: true },
    });
    strict = await createTestApp({
      deliveryControl,
      webhookSettings: { ...testWebhookSettings, allowPrivateTargetsInSandbox: false },
    });
    [localPartner, strictPartner] = [await local.createPartner(), await strict.createPartner()];
  });
  afterAll(async () => {
    await local.close();
    await strict.close();
  });

  const register = (t: TestApp, credentials: TestPartner['sandbox'], url: string) =>
    t.signed(credentials, 'POST', '/v1/partner/webhooks', { url, eventTypes: ['*'] });

  it('refuses http and literal private, loopback and link-local hosts in production, whatever the sandbox setting', async () => {
    for (const url of [
      'http://hooks.example.com/sir',
      'https://127.0.0.1/hook',
      'https://10.0.0.7/hook',
      'https://169.254.169.254/',
      'https://[::ffff:192.168.1.1]/',
      'https://localhost/',
    ]) {
      const response = await register(local, localPartner.production, url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.details).toEqual([{ location: 'body', path: '/url', message: expect.any(String) }]);
    }
    expect(await local.database.db.selectFrom('webhook_endpoints').select('id').execute()).toEqual([]);
    await registerWebhook(local, localPartner.production, { url: 'https://hooks.example.com/sir' });
  });

  it('lets a sandbox endpoint point at loopback over http only where the setting allows it', async () => {
    for (const url of ['http://127.0.0.1:9999/hook', 'http://[::1]:9999/hook', 'http://localhost:9999/hook']) {
      expect((await register(local, localPartner.sandbox, url)).statusCode, url).toBe(201);
      expect((await register(strict, strictPartner.sandbox, url)).statusCode, url).toBe(400);
    }
    expect((await register(strict, strictPartner.sandbox, 'https://hooks.example.com/sir')).statusCode).toBe(201);
  });

  it('checks a URL changed by PATCH with the same rules', async () => {
    const { id } = await registerWebhook(local, localPartner.production, { url: 'https://hooks.example.com/sir' });
    const refused = await local.signed(localPartner.production, 'PATCH', `/v1/partner/webhooks/${id}`, {
      url: 'https://192.168.1.20/hook',
    });
    expect(refused.statusCode).toBe(400);
    const row = await local.database.db
      .selectFrom('webhook_endpoints')
      .select('url')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.url).toBe('https://hooks.example.com/sir');
  });
});
