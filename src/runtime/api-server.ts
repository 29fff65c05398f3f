import type { FastifyInstance } from 'fastify';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { buildApp } from '../api/app.js';
import { createAppDependencies } from '../api/app-dependencies.js';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { webhookSettingsFrom } from '../webhooks/webhook-settings.js';
import { logOptions } from '../observability/logger.js';

export interface ApiServerSettings {
  config: Config;
  db: Kysely<Database>;
  temporal: Client;
  masterKey: string;
  jwtSecret: string;
  /** True only where a ledger worker shares the client's NativeConnection in this process. */
  actionEagerStart?: boolean;
}

/** Builds the API from config and listens; close() stops taking requests and drains in-flight ones. */
export async function startApiServer({ config, db, temporal, masterKey, jwtSecret, actionEagerStart }: ApiServerSettings): Promise<{ app: FastifyInstance; url: string }> {
  const deps = createAppDependencies(db, temporal, {
    masterKey,
    jwtSecret,
    jwtTtlSeconds: config.JWT_TTL_SECONDS,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    actionSyncWaitMs: config.ACTION_SYNC_WAIT_MS,
    poolRequestExpiryHours: config.POOL_REQUEST_EXPIRY_HOURS,
    actionEagerStart,
    ipRateLimitPerMinute: config.RATE_LIMIT_PER_IP_PER_MINUTE,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    webhooks: webhookSettingsFrom(config),
  });
  const app = await buildApp(deps, logOptions(config.LOG_LEVEL));
  const url = await app.listen({ host: config.HOST, port: config.PORT });
  return { app, url };
}
