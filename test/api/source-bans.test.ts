import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSourceBanList } from '../../src/security/source-ban-list.js';
import { signedHeaders } from '../support/sign.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Issue 14: a source flooding refused requests is cut off; other sources keep being answered. */
describe('bans of sources refused too often, over real sockets from distinct loopback addresses', () => {
  const hostile = '127.0.0.2';
  const partnerSource = '127.0.0.3';
  let clock = 0;
  let t: TestApp;
  let partner: TestPartner;
  let port: number;

  beforeAll(async () => {
    const bans = createSourceBanList(
      { refusalsBeforeBan: 8, windowMs: 10_000, firstBanMs: 10_000, maxBanMs: 60_000, maxSources: 100 },
      () => clock,
    );
    t = await createTestApp({ sourceBans: bans });
    partner = await t.createPartner();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as { port: number }).port;
  });
  afterAll(async () => t.close());

  function send(
    localAddress: string,
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body = '',
    agent: Agent | false = false,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const call = request(
        {
          host: '127.0.0.1',
          port,
          localAddress,
          method,
          path,
          agent,
          headers: { ...headers, 'content-length': body.length },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
          );
        },
      );
      call.on('error', reject);
      call.end(body);
    });
  }

  // A duplicate member is refused by the I-JSON check, a refusal only a broken or hostile sender meets.
  const refusedLogin = (agent: Agent | false = false) =>
    send(hostile, 'POST', '/v1/partner/auth/login', { 'content-type': 'application/json' }, '{"a":1,"a":2}', agent);
  const partnerGet = () =>
    send(partnerSource, 'GET', '/v1/partner/users', signedHeaders(partner.sandbox, 'GET', '/v1/partner/users'));

  it('closes a flooding source’s new connections unanswered, answers its open one 429, and keeps answering another source', async () => {
    const openConnection = new Agent({ keepAlive: true, maxSockets: 1 });
    expect((await send(hostile, 'GET', '/healthz', {}, '', openConnection)).status).toBe(200);

    for (let i = 0; i < 8; i++) expect((await refusedLogin()).status).toBe(400);

    await expect(refusedLogin()).rejects.toThrow(/socket hang up|ECONNRESET/);
    // The ban keys on the socket's address: a forwarded-for header claiming another one changes nothing.
    const onOpenConnection = await send(
      hostile,
      'GET',
      '/healthz',
      { 'x-forwarded-for': partnerSource },
      '',
      openConnection,
    );
    expect(onOpenConnection.status).toBe(429);
    expect(onOpenConnection.headers['retry-after']).toBe('10');
    expect(onOpenConnection.headers.connection).toBe('close');
    expect(JSON.parse(onOpenConnection.body)).toEqual({
      error: { code: 'SOURCE_BANNED', message: expect.any(String), details: { retryAfterSeconds: 10 } },
    });
    openConnection.destroy();

    const partnerAnswer = await partnerGet();
    expect(partnerAnswer.status).toBe(200);
  });

  it('bans a source after a few failed password checks, each counting as four refusals', async () => {
    const guesser = '127.0.0.4';
    const wrongPassword = () =>
      send(
        guesser,
        'POST',
        '/v1/partner/auth/login',
        { 'content-type': 'application/json' },
        JSON.stringify({ email: partner.email, password: 'not-the-password' }),
      );
    for (let i = 0; i < 2; i++) expect((await wrongPassword()).status).toBe(401);
    await expect(wrongPassword()).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await partnerGet()).status).toBe(200);
  });

  it('lets the source back in once its ban ends, and bans it twice as long when it floods again', async () => {
    clock += 10_001;
    expect((await send(hostile, 'GET', '/healthz')).status).toBe(200);

    for (let i = 0; i < 8; i++) expect((await refusedLogin()).status).toBe(400);
    await expect(refusedLogin()).rejects.toThrow(/socket hang up|ECONNRESET/);

    clock += 10_001;
    await expect(send(hostile, 'GET', '/healthz')).rejects.toThrow(/socket hang up|ECONNRESET/);
    clock += 10_000;
    expect((await send(hostile, 'GET', '/healthz')).status).toBe(200);
    expect((await partnerGet()).status).toBe(200);
  });
});
