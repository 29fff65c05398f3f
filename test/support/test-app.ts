import type { Client } from '@temporalio/client';
import type { FastifyInstance, FastifyServerOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import { createAppDependencies } from '../../src/api/app-dependencies.js';
import type { Environment } from '../../src/db/schema.js';
import { randomToken } from '../../src/ids.js';
import { createPartnerAccount } from '../../src/portal/create-partner-account.js';
import { defaultLoginThrottleSettings, type LoginThrottleSettings } from '../../src/portal/login-throttle.js';
import {
  createSourceBanList,
  defaultSourceBanSettings,
  type SourceBanList,
} from '../../src/security/source-ban-list.js';
import type { DeliveryControl } from '../../src/webhooks/delivery-control.js';
import type { WebhookSettings } from '../../src/webhooks/webhook-settings.js';
import { testWebhookSettings, unusedTemporalClient } from './activity-deps.js';
import { signedHeaders, type Credentials } from './sign.js';
import { testJwtSecret, testMasterKey, testPasswordHashCost } from './test-secrets.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestPartner {
  partnerId: string;
  email: string;
  password: string;
  jwt: string;
  /** A secret key pair per environment. */
  sandbox: Credentials & { publicKey: string; keyId: string };
  production: Credentials & { publicKey: string; keyId: string };
}

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  createPartner(name?: string): Promise<TestPartner>;
  /** A signed request as a partner's backend sends it. */
  signed(credentials: Credentials, method: string, path: string, body?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** A real Temporal client; without one, routes that start workflows cannot be used. */
  temporal?: Client;
  actionSyncWaitMs?: number;
  database?: TestDatabase;
  /** Requests a minute per IP where no partner key authenticates. */
  ipRateLimitPerMinute?: number;
  webhookSettings?: WebhookSettings;
  /** A test double of the delivery engine's control. */
  deliveryControl?: DeliveryControl;
  /** Fastify's logger, e.g. a stream at trace level that a test reads back. */
  logger?: FastifyServerOptions['logger'];
  /** The bearer token GET /metrics requires. */
  metricsToken?: string;
  /** Portal login lockouts, smaller than the defaults where a test counts them. */
  loginThrottle?: LoginThrottleSettings;
  /** Bans of sources refused too often; off unless a test gives them. */
  sourceBans?: SourceBanList;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const deps = createAppDependencies(
    database.db,
    options.temporal ?? unusedTemporalClient(),
    {
      masterKey: testMasterKey,
      jwtSecret: testJwtSecret,
      jwtTtlSeconds: 3600,
      bodyLimitBytes: 1024 * 1024,
      actionSyncWaitMs: options.actionSyncWaitMs ?? 10_000,
      ipRateLimitPerMinute: options.ipRateLimitPerMinute,
      metricsToken: options.metricsToken,
      // Tests log many partners in from one address; the spacing of password checks is tested on its own.
      loginThrottle: options.loginThrottle ?? { ...defaultLoginThrottleSettings, passwordCheckIntervalMs: 0 },
      // Tests send many refused requests from one address; bans are tested on their own.
      sourceBans: options.sourceBans ?? createSourceBanList({ ...defaultSourceBanSettings, refusalsBeforeBan: 0 }),
      portalSecureCookie: false,
      passwordHashCost: testPasswordHashCost,
      webhooks: options.webhookSettings ?? testWebhookSettings,
    },
    undefined,
    options.deliveryControl,
  );
  // Only unexpected faults log at error level; they are worth seeing in a failing test's output.
  const app = await buildApp(deps, options.logger ?? { level: 'error' });

  async function issueKey(jwt: string, environment: Environment) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/partner/keys',
      headers: { authorization: `Bearer ${jwt}` },
      payload: { name: `${environment} key`, environment, keyType: 'secret' },
    });
    if (response.statusCode !== 201) throw new Error(`key creation failed: ${response.body}`);
    const key = response.json();
    return { partnerKey: key.secretKey, hmacSecret: key.hmacSecret, publicKey: key.publicKey, keyId: key.id };
  }

  return {
    app,
    database,
    async createPartner(name = `Partner ${randomToken(5)}`) {
      const email = `${randomToken(8)}@example.com`;
      const password = `pw-${randomToken(12)}`;
      const { partner } = await createPartnerAccount(
        database.db,
        { email, password, name: 'Test Owner', partnerName: name },
        testPasswordHashCost,
      );
      const login = await app.inject({ method: 'POST', url: '/v1/partner/auth/login', payload: { email, password } });
      const jwt = login.json().token as string;
      return {
        partnerId: partner.id,
        email,
        password,
        jwt,
        sandbox: await issueKey(jwt, 'sandbox'),
        production: await issueKey(jwt, 'production'),
      };
    },
    async signed(credentials, method, path, body) {
      const rawBody = body === undefined ? '' : JSON.stringify(body);
      return app.inject({
        method: method as 'GET',
        url: path,
        headers: signedHeaders(credentials, method, path, rawBody),
        payload: rawBody || undefined,
      });
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
