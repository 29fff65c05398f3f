import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LossyProxy {
  url: string;
  /** Paths of the requests that reached the API, in order. */
  forwarded: string[];
  close(): Promise<void>;
}

/**
 * Forwards every request to the API, but answers 503 in place of the API's answer to the first
 * request matching `lose`: the API did the work, the client never heard of it.
 */
export async function startLossyProxy(
  apiUrl: string,
  lose: (method: string, path: string) => boolean,
): Promise<LossyProxy> {
  const forwarded: string[] = [];
  let lost = false;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    const forward = async () => {
      const path = req.url ?? '/';
      const headers = Object.fromEntries(
        ['x-partner-key', 'x-timestamp', 'x-signature', 'content-type', 'user-agent'].flatMap((name) =>
          req.headers[name] ? [[name, String(req.headers[name])]] : [],
        ),
      );
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      forwarded.push(path);
      const answer = await fetch(`${apiUrl}${path}`, { method: req.method, headers, body });
      const text = await answer.text();
      if (!lost && lose(req.method ?? '', path)) {
        lost = true;
        res
          .writeHead(503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { code: 'SERVICE_UNAVAILABLE', message: 'upstream answer lost' } }));
        return;
      }
      res
        .writeHead(answer.status, {
          'content-type': answer.headers.get('content-type') ?? 'application/json',
          'request-id': answer.headers.get('request-id') ?? '',
        })
        .end(text);
    };
    // A failed forward resets the client's connection instead of leaving its request unanswered.
    req.on(
      'end',
      () =>
        void forward().catch((error: unknown) =>
          res.destroy(error instanceof Error ? error : new Error(String(error))),
        ),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forwarded,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
