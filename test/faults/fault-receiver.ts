import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the receiver treats the next request. */
export type Behaviour =
  | { kind: 'answer'; status: number; headers?: Record<string, string> }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'reset' };

export interface ReceivedEvent {
  eventId: string;
  deliveryId: string;
  type: string;
  data: Record<string, unknown>;
  /** What the receiver did with this request. */
  answered: string;
}

export interface FaultReceiver {
  url: string;
  /** Every request that arrived in full, whatever it was answered. */
  received: ReceivedEvent[];
  /** Ids of events answered 2xx: what the partner's system has accepted. */
  acceptedEventIds(): Set<string>;
  behave(next: (request: ReceivedEvent, attemptOfEvent: number) => Behaviour): void;
  /** Closes the listener and drops open connections: senders get connection refused. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

const ok: Behaviour = { kind: 'answer', status: 200 };

/** A loopback webhook receiver that can be slow, fail, reset connections or be down, for fault scenarios. */
export async function startFaultReceiver(): Promise<FaultReceiver> {
  const received: ReceivedEvent[] = [];
  const accepted = new Set<string>();
  let decide: (request: ReceivedEvent, attemptOfEvent: number) => Behaviour = () => ok;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const envelope = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        id: string;
        type: string;
        data: Record<string, unknown>;
      };
      const request: ReceivedEvent = {
        eventId: envelope.id,
        deliveryId: String(req.headers['x-sir-delivery-id']),
        type: envelope.type,
        data: envelope.data,
        answered: '',
      };
      const behaviour = decide(request, received.filter((r) => r.eventId === envelope.id).length + 1);
      received.push(request);
      if (behaviour.kind === 'reset') {
        request.answered = 'reset';
        req.socket.destroy();
        return;
      }
      const answer = (status: number, headers?: Record<string, string>) => {
        // A sender killed while waiting never learns the answer: that request is not an acceptance.
        if (req.socket.destroyed) {
          request.answered = 'sender gone';
          return;
        }
        request.answered = String(status);
        if (status >= 200 && status < 300) accepted.add(envelope.id);
        res.writeHead(status, headers).end();
      };
      if (behaviour.kind === 'slow') setTimeout(() => answer(200), behaviour.delayMs);
      else answer(behaviour.status, behaviour.headers);
    });
  };

  let server = createServer(handle);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const down = async () => {
    if (!server.listening) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  return {
    url: `http://127.0.0.1:${port}/webhooks/sir`,
    received,
    acceptedEventIds: () => new Set(accepted),
    behave(next) {
      decide = next;
    },
    down,
    async up() {
      server = createServer(handle);
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
    },
    close: down,
  };
}
