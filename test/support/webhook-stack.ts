import { expect } from 'vitest';
import { createDeliveryControl } from '../../src/webhooks/dispatch/create-delivery-control.js';
import { createDeliveryWorkflows } from '../../src/temporal/client/delivery-workflows.js';
import type { DeliveryControl } from '../../src/webhooks/delivery-control.js';
import type { WebhookSettings } from '../../src/webhooks/webhook-settings.js';
import { testWebhookSettings } from './activity-deps.js';
import { eventually } from './delivery-waits.js';
import { startTemporalStack, type TemporalStack } from './temporal-stack.js';
import { createTestApp, type TestApp, type TestPartner } from './test-app.js';
import { createTestDatabase } from './test-database.js';
import { envelopeOf, startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from './webhook-receiver.js';

/** One test file's end-to-end webhook world: the dev server with both workers, the API, a partner, receivers. */
export interface WebhookStack {
  stack: TemporalStack;
  t: TestApp;
  partner: TestPartner;
  /** The delivery engine, as the API and activities use it. */
  control: DeliveryControl;
  /** A new receiver on loopback, closed with the stack. */
  receiver(): Promise<WebhookReceiver>;
  /** Registers an endpoint through the API (which sends a ping) and returns its id and one-time secret. */
  register(body: Record<string, unknown>, who?: TestPartner): Promise<{ id: string; secret: string }>;
  close(): Promise<void>;
}

/** `webhooks` sets the workers' and this control's delivery settings (the API keeps the test defaults). */
export async function startWebhookStack(webhooks: WebhookSettings = testWebhookSettings): Promise<WebhookStack> {
  const database = await createTestDatabase();
  const stack = await startTemporalStack(database.db, webhooks);
  const t = await createTestApp({ database, temporal: stack.client });
  const partner = await t.createPartner();
  const receivers: WebhookReceiver[] = [];
  return {
    stack,
    t,
    partner,
    control: createDeliveryControl({ db: database.db, workflows: createDeliveryWorkflows(stack.client, webhooks) }),
    async receiver() {
      const receiver = await startWebhookReceiver();
      receivers.push(receiver);
      return receiver;
    },
    async register(body, who = partner) {
      const response = await t.signed(who.sandbox, 'POST', '/v1/partner/webhooks', body);
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string; secret: string };
    },
    async close() {
      await Promise.all(receivers.map((receiver) => receiver.close()));
      await stack.stop();
      await t.close();
    },
  };
}

/** The first request whose envelope matches, once it arrives. */
export function arrival(
  receiver: WebhookReceiver,
  matches: (envelope: ReturnType<typeof envelopeOf>) => boolean,
  what: string,
): Promise<ReceivedRequest> {
  return eventually(async () => receiver.requests.find((request) => matches(envelopeOf(request))), what);
}
