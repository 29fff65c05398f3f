import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, logOptions } from '../../src/observability/logger.js';
import { createOperator } from '../../src/operators/create-operator.js';
import { recordingDeliveryControl } from '../support/delivery-control-double.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';
import { logCapture } from '../support/log-capture.js';
import { receiverUrl } from '../support/webhook-fixtures.js';

// Logs request headers too, as a future serializer might: redaction must still keep credentials out.
const withHeaders = (request: FastifyRequest) => ({
  method: request.method,
  url: request.url,
  headers: request.headers,
});

describe('structured logs', () => {
  const capture = logCapture();
  let t: TestApp;
  let partner: TestPartner;
  let operatorToken: string;

  beforeAll(async () => {
    const options = logOptions('trace');
    t = await createTestApp({
      deliveryControl: recordingDeliveryControl().control,
      logger: { ...options, serializers: { ...options.serializers, req: withHeaders }, stream: capture.stream },
    });
    partner = await t.createPartner();
    operatorToken = (await createOperator(t.database.db, 'Log Tester')).token;
  });
  afterAll(async () => t.close());

  it('writes JSON lines that carry the request id and, once authenticated, the partner', async () => {
    const response = await t.signed(partner.sandbox, 'GET', '/v1/partner/users');
    expect(response.statusCode).toBe(200);
    const reqId = response.headers['request-id'];

    const lines = capture.lines();
    const ofRequest = lines.filter((line) => line.reqId === reqId);
    expect(ofRequest.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
    expect(ofRequest[1]).toMatchObject({
      partnerId: partner.partnerId,
      environment: 'sandbox',
      res: { statusCode: 200 },
    });
  });

  it('never writes a secret, whatever the route: keys, HMAC and webhook secrets, passwords, JWTs, operator tokens', async () => {
    const webhook = await t.signed(partner.sandbox, 'POST', '/v1/partner/webhooks', {
      url: receiverUrl,
      eventTypes: ['*'],
    });
    expect(webhook.statusCode).toBe(201);
    const login = await t.app.inject({
      method: 'POST',
      url: '/v1/partner/auth/login',
      payload: { email: partner.email, password: partner.password },
    });
    expect(login.statusCode).toBe(200);
    const me = await t.app.inject({
      method: 'GET',
      url: '/v1/partner/auth/me',
      headers: { authorization: `Bearer ${login.json().token}` },
    });
    expect(me.statusCode).toBe(200);
    const admin = await t.app.inject({
      method: 'GET',
      url: '/v1/admin/pool-requests',
      headers: { authorization: `Bearer ${operatorToken}` },
    });
    expect(admin.statusCode).toBe(200);

    const text = capture.text();
    // The headers were logged, censored: the test would see a credential if redaction missed one.
    expect(text).toContain('"x-partner-key":"[redacted]"');
    expect(text).toContain('"authorization":"[redacted]"');
    const secrets = {
      sandboxKey: partner.sandbox.partnerKey,
      sandboxHmac: partner.sandbox.hmacSecret,
      productionKey: partner.production.partnerKey,
      productionHmac: partner.production.hmacSecret,
      webhookSecret: webhook.json().secret as string,
      password: partner.password,
      jwt: login.json().token as string,
      firstJwt: partner.jwt,
      operatorToken,
    };
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret, name).toMatch(/.{12,}/);
      expect(text.includes(secret), `${name} in the logs`).toBe(false);
    }
  });

  it('censors credentials wherever a log call puts them', () => {
    const out = logCapture();
    const logger = createLogger('info', out.stream);
    const values = {
      password: 'pw-visible-1',
      secretKey: 'sk_test_visible2',
      hmacSecret: 'hmac-visible-3',
      secret: 'whsec_visible4',
      token: 'op_visible5',
      jwt: 'jwt-visible-6',
    };
    logger.info(
      { body: values, headers: { authorization: 'Bearer op_visible7', 'x-partner-key': 'sk_live_visible8' } },
      'with credentials',
    );
    logger.flush();
    const line = out.lines()[0] ?? {};
    expect(line.body).toEqual(Object.fromEntries(Object.keys(values).map((key) => [key, '[redacted]'])));
    expect(line.headers).toEqual({ authorization: '[redacted]', 'x-partner-key': '[redacted]' });
  });
});
