import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Issue 14, finding 8: refusals made below the router still answer in the error envelope. */
describe('framework-level refusals over a real socket', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as { port: number }).port;
  });
  afterAll(async () => t.close());

  /** Raw bytes, so nothing on our side refuses the request before the server sees it. */
  function exchange(request: string): Promise<{ status: number; contentType: string | undefined; body: string }> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(request));
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const [head = '', body = ''] = text.split('\r\n\r\n');
        resolve({ status: Number(head.split(' ')[1]), contentType: /content-type: ([^\r]+)/i.exec(head)?.[1], body });
      });
    });
  }

  it('answers a request line over 16 KB with 431 HEADERS_TOO_LARGE in the envelope', async () => {
    const response = await exchange(
      `GET /v1/partner/users?pad=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    );
    expect(response.status).toBe(431);
    expect(response.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(response.body)).toEqual({ error: { code: 'HEADERS_TOO_LARGE', message: expect.any(String) } });
  });

  it('answers malformed HTTP, an unknown method, a wrong media type and a missing route in the envelope', async () => {
    const cases: Array<[string, number, string]> = [
      ['NOT HTTP AT ALL\r\n\r\n', 400, 'VALIDATION_ERROR'],
      ['BREW /v1/partner/users HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'VALIDATION_ERROR'],
      [
        'POST /v1/partner/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 2\r\nConnection: close\r\n\r\n<a',
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      ['PATCH /v1/partner/auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 404, 'NOT_FOUND'],
    ];
    for (const [request, status, code] of cases) {
      const response = await exchange(request);
      expect([response.status, JSON.parse(response.body).error.code], request).toEqual([status, code]);
    }
  });
});
