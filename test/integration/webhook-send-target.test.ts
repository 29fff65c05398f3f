import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, responseBodyLimitBytes } from '../../src/webhooks/delivery/http-post.js';
import { resolveSendTarget, UnsafeTargetError, type Resolver } from '../../src/webhooks/delivery/send-target.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const production = { environment: 'production' as const, allowPrivateTargetsInSandbox: true };
const strictSandbox = { environment: 'sandbox' as const, allowPrivateTargetsInSandbox: false };
const localSandbox = { environment: 'sandbox' as const, allowPrivateTargetsInSandbox: true };
const resolvesTo =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('the send-time URL check', () => {
  it('refuses names that resolve only to non-public addresses, retryably (DNS may change)', async () => {
    for (const addresses of [['127.0.0.1'], ['10.1.2.3', 'fd00::1'], ['169.254.169.254'], ['::ffff:192.168.0.1']]) {
      const refusal = resolveSendTarget('https://hooks.partner.example/sir', production, resolvesTo(...addresses));
      await expect(refusal).rejects.toThrow(
        `hooks.partner.example resolves to non-public addresses only (${addresses.join(', ')})`,
      );
      await expect(refusal).rejects.toMatchObject({ permanent: false });
    }
  });

  it('connects to a public address of a name even when another of its answers is private', async () => {
    const target = await resolveSendTarget(
      'https://hooks.partner.example/sir',
      production,
      resolvesTo('10.0.0.8', '93.184.216.34'),
    );
    expect(target).toMatchObject({ address: '93.184.216.34', family: 4 });
  });

  it('refuses for good a URL that can never be sent to', async () => {
    for (const url of [
      'http://hooks.partner.example/sir',
      'https://127.0.0.1/sir',
      'https://[fe80::1]/sir',
      'https://localhost/sir',
      'ftp://x.example/',
    ]) {
      const refusal = resolveSendTarget(url, production, resolvesTo('93.184.216.34'));
      await expect(refusal).rejects.toBeInstanceOf(UnsafeTargetError);
      await expect(refusal).rejects.toMatchObject({ permanent: true });
    }
  });

  it('applies the production rules in sandbox unless private targets are allowed there', async () => {
    await expect(resolveSendTarget('http://127.0.0.1:9/sir', strictSandbox)).rejects.toMatchObject({ permanent: true });
    await expect(resolveSendTarget('http://127.0.0.1:9/sir', localSandbox)).resolves.toMatchObject({
      address: '127.0.0.1',
    });
  });
});

describe('one POST', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => receiver.close());

  const options = () => ({ timeoutMs: 2000, signal: new AbortController().signal });

  it('goes to the checked address, never to a second DNS answer for the name', async () => {
    const target = await resolveSendTarget(
      `http://receiver.invalid:${receiver.port}/pinned`,
      localSandbox,
      resolvesTo('127.0.0.1'),
    );
    const response = await postJson(target, { 'Content-Type': 'application/json' }, '{"pinned":true}', options());
    expect(response.status).toBe(200);
    expect(receiver.requests.at(-1)).toMatchObject({
      path: '/pinned',
      body: '{"pinned":true}',
      headers: { host: `receiver.invalid:${receiver.port}` },
    });
  });

  it('returns a redirect as it is, keeps 10 KB of a body, and reads Retry-After', async () => {
    receiver.respond(() => ({
      status: 307,
      headers: { Location: '/elsewhere', 'Retry-After': '5' },
      body: 'x'.repeat(64 * 1024),
    }));
    const target = await resolveSendTarget(receiver.url('/redirect'), localSandbox);
    const response = await postJson(target, {}, '{}', options());
    expect(response).toEqual({ status: 307, body: 'x'.repeat(responseBodyLimitBytes), retryAfter: '5' });
    expect(receiver.requests.some((request) => request.path === '/elsewhere')).toBe(false);
  });

  it('gives up on a receiver that accepts the connection but never answers', async () => {
    const silent = createServer(() => {}).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as AddressInfo;
    const target = await resolveSendTarget(`http://127.0.0.1:${port}/`, localSandbox);
    await expect(postJson(target, {}, '{}', { ...options(), timeoutMs: 300 })).rejects.toThrow(
      'timed out: no complete answer within 300 ms',
    );
    silent.close();
  });
});
