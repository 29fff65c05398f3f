import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body bytes as text, exactly as sent. */
  body: string;
  /** By the receiver's clock: wall time, or the test server's virtual time in time-skipping tests. */
  receivedAt: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export type Responder = (request: ReceivedRequest) => Reply;

export interface WebhookReceiver {
  /** http://127.0.0.1:<port> plus the path given. */
  url(path?: string): string;
  port: number;
  requests: ReceivedRequest[];
  respond(responder: Responder): void;
  /** Stops listening: connections to its port are refused until acceptConnections. */
  refuseConnections(): Promise<void>;
  /** Listens on the same port again. */
  acceptConnections(): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTP receiver on loopback (port 0) that records every request and answers as told (200 by default). */
export async function startWebhookReceiver(clock: () => Promise<number> | number = Date.now): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  let responder: Responder = () => ({ status: 200 });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    const answer = async () => {
      const request = {
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: await clock(),
      };
      requests.push(request);
      const reply = responder(request);
      res.writeHead(reply.status, reply.headers).end(reply.body);
    };
    // A failed clock or responder resets the sender's connection instead of leaving it unanswered.
    req.on(
      'end',
      () =>
        void answer().catch((error: unknown) => res.destroy(error instanceof Error ? error : new Error(String(error)))),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/webhooks/sir') => `http://127.0.0.1:${port}${path}`,
    port,
    requests,
    respond(next) {
      responder = next;
    },
    async refuseConnections() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async acceptConnections() {
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
    },
    async close() {
      if (!server.listening) return;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function headerOf(request: ReceivedRequest, name: string): string | undefined {
  return request.headers[name.toLowerCase()] as string | undefined;
}

export function envelopeOf(request: ReceivedRequest) {
  return JSON.parse(request.body) as { id: string; type: string; createdAt: string; data: Record<string, unknown> };
}
