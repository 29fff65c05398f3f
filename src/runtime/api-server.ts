import type { FastifyInstance } from 'fastify';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { buildApp } from '../api/app.js';
import { createAppDependencies, type ApiSettings } from '../api/app-dependencies.js';
import { requireSetting, type Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { webhookSettingsFrom } from '../webhooks/webhook-settings.js';
import { createSettlementListener } from '../ledger/settlements.js';
import { createLogger, logOptions } from '../observability/logger.js';
import { createSourceBanList } from '../security/source-ban-list.js';

export interface ApiServerSettings {
  config: Config;
  db: Kysely<Database>;
  /** The database's URL, for the connection that listens for settlements. */
  databaseUrl: string;
  temporal: Client;
  masterKey: string;
  jwtSecret: string;
  /** True only where a ledger worker shares the client's NativeConnection in this process. */
  actionEagerStart?: boolean;
}

/** The API's settings as the process's config and secrets give them. */
export function apiSettingsFrom({
  config,
  masterKey,
  jwtSecret,
  actionEagerStart,
}: Omit<ApiServerSettings, 'db' | 'databaseUrl' | 'temporal'>): ApiSettings {
  return {
    masterKey,
    jwtSecret,
    jwtTtlSeconds: config.JWT_TTL_SECONDS,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    actionSyncWaitMs: config.ACTION_SYNC_WAIT_MS,
    poolRequestExpiryHours: config.POOL_REQUEST_EXPIRY_HOURS,
    actionEagerStart,
    ipRateLimitPerMinute: config.RATE_LIMIT_PER_IP_PER_MINUTE,
    sourceBans: createSourceBanList({
      refusalsBeforeBan: config.SOURCE_BAN_REFUSALS,
      windowMs: config.SOURCE_BAN_WINDOW_SECONDS * 1000,
      firstBanMs: config.SOURCE_BAN_FIRST_SECONDS * 1000,
      maxBanMs: config.SOURCE_BAN_MAX_SECONDS * 1000,
      maxSources: config.SOURCE_BAN_MAX_SOURCES,
    }),
    // Links handed to donors come from configuration only; in production nothing else is trusted.
    publicBaseUrl:
      config.NODE_ENV === 'production' ? requireSetting(config, 'PUBLIC_BASE_URL') : config.PUBLIC_BASE_URL,
    metricsToken: config.METRICS_TOKEN,
    // Development and tests serve plain http, where a browser would drop a Secure cookie.
    portalSecureCookie: config.NODE_ENV === 'production',
    webhooks: webhookSettingsFrom(config),
  };
}

/** Builds the API from config and listens; close() stops taking requests and drains in-flight ones. */
export async function startApiServer({
  db,
  databaseUrl,
  temporal,
  ...settings
}: ApiServerSettings): Promise<{ app: FastifyInstance; url: string }> {
  const log = createLogger(settings.config.LOG_LEVEL);
  const settlements = createSettlementListener({
    connectionString: databaseUrl,
    onError: (error) =>
      log.warn(
        { err: error },
        'settlement listener down: submits, reversals and redemptions wait for workflow results until it reconnects',
      ),
  });
  const deps = createAppDependencies(db, temporal, { ...apiSettingsFrom(settings), settlements });
  const app = await buildApp(deps, logOptions(settings.config.LOG_LEVEL));
  app.addHook('onClose', () => settlements.close());
  const url = await app.listen({ host: settings.config.HOST, port: settings.config.PORT });
  return { app, url };
}
