import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  SirApiError,
  SirPartnerClient,
  verifyWebhook,
  WebhookVerificationError,
  type WebhookEvent,
} from '../../../packages/sir-partner-client/src/index.js';
import { createEventInbox, type EventInbox } from './event-inbox.js';
import { rawBodyOf, sendJson } from './http-io.js';
import { parsePurchase, purchaseAction } from './purchase.js';

export interface PartnerBackendOptions {
  sir: { baseUrl: string; secretKey: string; hmacSecret: string };
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Where the API reaches this backend; `http://host:port` when absent. */
  publicUrl?: string;
  onEvent?: (event: WebhookEvent) => void;
}

export interface PartnerBackend {
  url: string;
  webhookId: string;
  inbox: EventInbox;
  /** Removes the webhook registration, then stops listening. */
  close(): Promise<void>;
}

export const webhookPath = '/webhooks/sir';

/** A shop's backend: rewards purchases through the SIR API and receives its signed webhook events. */
export async function startPartnerBackend(options: PartnerBackendOptions): Promise<PartnerBackend> {
  const sir = new SirPartnerClient(options.sir);
  const inbox = createEventInbox();
  // Chosen here rather than by the API, so deliveries that race the registration answer (its ping) verify too.
  const webhookSecret = `whsec_${randomBytes(32).toString('hex')}`;

  async function purchase(request: IncomingMessage, response: ServerResponse) {
    const order = parsePurchase(await rawBodyOf(request));
    if (!order) return sendJson(response, 400, { error: 'send { orderId, userId, amount, currency }' });
    try {
      sendJson(response, 200, await sir.actions.submit(purchaseAction(order)));
    } catch (error) {
      if (!(error instanceof SirApiError)) throw error;
      sendJson(response, error.status === 422 ? 422 : 502, {
        error: error.code,
        message: error.message,
        requestId: error.requestId,
      });
    }
  }

  async function receiveWebhook(request: IncomingMessage, response: ServerResponse) {
    try {
      const event = verifyWebhook(request.headers, await rawBodyOf(request), { secret: webhookSecret });
      if (inbox.record(event)) options.onEvent?.(event);
      // Answer at once; real work on the event belongs on a queue.
      response.writeHead(200).end();
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      sendJson(response, 401, { error: error.reason });
    }
  }

  const server = createServer((request, response) => {
    const route = `${request.method} ${request.url}`;
    const handled =
      route === 'POST /purchase'
        ? purchase(request, response)
        : route === `POST ${webhookPath}`
          ? receiveWebhook(request, response)
          : route === 'GET /events'
            ? Promise.resolve(sendJson(response, 200, inbox.events))
            : Promise.resolve(sendJson(response, 404, { error: `no route for ${route}` }));
    handled.catch((error: unknown) => {
      console.error(error);
      if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
    });
  });
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { address, port } = server.address() as AddressInfo;
  const url = options.publicUrl ?? `http://${address}:${port}`;

  // A previous run that stopped without closing left its registration for this URL behind.
  for await (const stale of sir.webhooks.listAll({ limit: 100 })) {
    if (stale.url === `${url}${webhookPath}`) await sir.webhooks.delete(stale.id);
  }
  const webhook = await sir.webhooks.create({
    url: `${url}${webhookPath}`,
    description: 'Example partner backend',
    eventTypes: ['action.completed', 'action.failed'],
    secret: webhookSecret,
  });

  let closing: Promise<void> | undefined;
  return {
    url,
    webhookId: webhook.id,
    inbox,
    close() {
      closing ??= (async () => {
        await sir.webhooks.delete(webhook.id);
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
