import { describe, expect, it } from 'vitest';
import {
  verifySirSignature,
  verifyStandardWebhookSignature,
  verifyWebhook,
  WebhookVerificationError,
  type WebhookVerificationFailure,
} from '../../packages/sir-partner-client/src/index.js';
import { sirSignature, standardWebhookSignature } from '../../src/webhooks/webhook-signature.js';

const secret = `whsec_${'a1'.repeat(32)}`;
const nextSecret = `whsec_${'7f'.repeat(32)}`;
const body = JSON.stringify({
  id: 'evt_1',
  type: 'action.completed',
  createdAt: '2026-05-10T09:12:00Z',
  data: { actionId: 'act_1', note: 'zoë' },
});
const now = Date.now();
const timestamp = Math.floor(now / 1000).toString();

/** Headers as the delivery engine sends them, signed by the server's own code. */
function sirHeaders(secrets = [secret], at = timestamp, rawBody = body) {
  return { 'x-sir-signature': sirSignature(secrets, at, rawBody), 'x-sir-timestamp': at, 'x-sir-event-id': 'evt_1' };
}

function standardHeaders(secrets = [secret], at = timestamp, rawBody = body) {
  return {
    'webhook-id': 'evt_1',
    'webhook-timestamp': at,
    'webhook-signature': standardWebhookSignature(secrets, 'evt_1', at, rawBody),
  };
}

function failureOf(verify: () => unknown): WebhookVerificationFailure | undefined {
  try {
    verify();
    return undefined;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
}

describe('webhook verification', () => {
  it('accepts a SIR-signed delivery and returns its event, from a string, a Buffer or fetch Headers', () => {
    expect(verifyWebhook(sirHeaders(), body, { secret, nowMs: now })).toEqual(JSON.parse(body));
    expect(verifyWebhook(sirHeaders(), Buffer.from(body), { secret, nowMs: now }).id).toBe('evt_1');
    expect(verifyWebhook(new Headers(sirHeaders()), body, { secret, nowMs: now }).type).toBe('action.completed');
    expect(
      verifyWebhook({ 'X-SIR-Signature': sirHeaders()['x-sir-signature'], 'X-SIR-Timestamp': timestamp }, body, {
        secret,
        nowMs: now,
      }).id,
    ).toBe('evt_1');
  });

  it('refuses a tampered body, a wrong secret and missing headers', () => {
    expect(
      failureOf(() => verifySirSignature(sirHeaders(), body.replace('act_1', 'act_2'), { secret, nowMs: now })),
    ).toBe('SIGNATURE_MISMATCH');
    expect(failureOf(() => verifySirSignature(sirHeaders(), body, { secret: nextSecret, nowMs: now }))).toBe(
      'SIGNATURE_MISMATCH',
    );
    expect(failureOf(() => verifySirSignature({ 'x-sir-timestamp': timestamp }, body, { secret, nowMs: now }))).toBe(
      'MISSING_HEADERS',
    );
    expect(failureOf(() => verifyWebhook({}, body, { secret, nowMs: now }))).toBe('MISSING_HEADERS');
  });

  it('refuses a correctly signed delivery whose timestamp is outside the tolerance', () => {
    const old = Math.floor(now / 1000 - 301).toString();
    expect(failureOf(() => verifySirSignature(sirHeaders([secret], old), body, { secret, nowMs: now }))).toBe(
      'TIMESTAMP_OUT_OF_TOLERANCE',
    );
    expect(
      failureOf(() =>
        verifySirSignature(sirHeaders([secret], old), body, { secret, nowMs: now, toleranceSeconds: 600 }),
      ),
    ).toBeUndefined();
    const future = Math.floor(now / 1000 + 301).toString();
    expect(
      failureOf(() => verifyStandardWebhookSignature(standardHeaders([secret], future), body, { secret, nowMs: now })),
    ).toBe('TIMESTAMP_OUT_OF_TOLERANCE');
  });

  it('accepts the two-signature header of a rotation with either secret, as both schemes send it', () => {
    const rotating = [nextSecret, secret];
    expect(sirHeaders(rotating)['x-sir-signature']).toMatch(/^sha256=[0-9a-f]{64} sha256=[0-9a-f]{64}$/);
    for (const known of [secret, nextSecret]) {
      expect(
        failureOf(() => verifySirSignature(sirHeaders(rotating), body, { secret: known, nowMs: now })),
      ).toBeUndefined();
      expect(
        failureOf(() => verifyStandardWebhookSignature(standardHeaders(rotating), body, { secret: known, nowMs: now })),
      ).toBeUndefined();
    }
    const unrelated = `whsec_${'00'.repeat(32)}`;
    expect(failureOf(() => verifySirSignature(sirHeaders(rotating), body, { secret: unrelated, nowMs: now }))).toBe(
      'SIGNATURE_MISMATCH',
    );
  });

  it('accepts a receiver that knows several secrets of its own', () => {
    expect(
      failureOf(() => verifySirSignature(sirHeaders([nextSecret]), body, { secret: [secret, nextSecret], nowMs: now })),
    ).toBeUndefined();
  });

  it('verifies the Standard Webhooks scheme when the SIR headers are absent, and refuses it tampered', () => {
    expect(verifyWebhook(standardHeaders(), body, { secret, nowMs: now }).data).toEqual({
      actionId: 'act_1',
      note: 'zoë',
    });
    expect(failureOf(() => verifyWebhook(standardHeaders(), `${body} `, { secret, nowMs: now }))).toBe(
      'SIGNATURE_MISMATCH',
    );
    const otherId = { ...standardHeaders(), 'webhook-id': 'evt_2' };
    expect(failureOf(() => verifyStandardWebhookSignature(otherId, body, { secret, nowMs: now }))).toBe(
      'SIGNATURE_MISMATCH',
    );
  });

  it('refuses a signed body that is not JSON', () => {
    expect(
      failureOf(() => verifyWebhook(sirHeaders([secret], timestamp, 'not json'), 'not json', { secret, nowMs: now })),
    ).toBe('INVALID_PAYLOAD');
  });
});
