import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../support/test-app.js';

/** One GET on a fresh connection; resolves with status and body, rejects when it cannot connect. */
function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** Resolves once the condition holds, polling each turn of the event loop for at most five seconds. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('API shutdown', () => {
  it('drains a request in flight when it closes, and refuses new connections', async () => {
    const t = await createTestApp();
    let entered!: () => void;
    const handlerEntered = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // A slow route stands in for a long submit: it answers only when the test lets it.
    t.app.get('/slow', async () => {
      entered();
      await released;
      return { done: true };
    });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;

    const inFlight = get(port, '/slow');
    await handlerEntered;
    let closeFinished = false;
    const closed = t.app.close().then(() => (closeFinished = true));

    await until(() => !t.app.server.listening);
    await expect(get(port, '/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(closeFinished).toBe(false);
    release();
    expect(await inFlight).toEqual({ status: 200, body: '{"done":true}' });
    await closed;
    await t.database.drop();
  });
});
