import { z } from 'zod';
import { defaultSourceBanSettings as banDefaults } from './security/source-ban-list.js';
import { urlTextProblem } from './security/url-text.js';

const port = z.coerce.number().int().min(0).max(65535);
const hexKey = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes), e.g. from `openssl rand -hex 32`');

/** Every environment variable the processes read, with its default. docs/operations/configuration.md lists them. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  // Checked as written: URL parsing would drop a CR or LF and so hide it.
  PUBLIC_BASE_URL: z
    .string()
    .refine((text) => !urlTextProblem(text), 'must not contain spaces or control characters')
    .pipe(z.url())
    .optional(),
  DATABASE_URL: z.url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_DEV_PORT: port.default(7233),
  EMBEDDED_POSTGRES_PORT: port.default(0),
  MASTER_KEY: hexKey.optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  ACTION_SYNC_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(3000),
  POOL_REQUEST_EXPIRY_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 365)
    .default(72),
  // Where the API runs beside a ledger worker (npm run dev), action workflows start on it eagerly.
  ACTION_EAGER_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  WEBHOOK_RETRY_INITIAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  WEBHOOK_RETRY_MAX_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(6 * 3600),
  WEBHOOK_RETRY_WINDOW_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 7)
    .default(24 * 7),
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  WEBHOOK_DISABLE_AFTER_FAILING_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(24 * 5),
  WEBHOOK_CIRCUIT_OPEN_AFTER_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  WEBHOOK_ALLOW_PRIVATE_IN_SANDBOX: z.stringbool().default(false),
  WEBHOOK_DISPATCH_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(30),
  WEBHOOK_MAX_CONCURRENT_SENDS: z.coerce.number().int().min(1).max(1000).default(100),
  API_KEY_EXPIRY_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  API_KEY_EXPIRY_WARNING_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  // Actions and reversals PROCESSING longer than this get their workflow started again (past any sync wait).
  STALE_REQUEST_AGE_SECONDS: z.coerce.number().int().min(31).max(86_400).default(60),
  STALE_REQUEST_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(60),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(1024 * 1024),
  RATE_LIMIT_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  SOURCE_BAN_REFUSALS: z.coerce.number().int().min(0).max(100_000).default(banDefaults.refusalsBeforeBan),
  SOURCE_BAN_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(banDefaults.windowMs / 1000),
  SOURCE_BAN_FIRST_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(banDefaults.firstBanMs / 1000),
  SOURCE_BAN_MAX_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(banDefaults.maxBanMs / 1000),
  SOURCE_BAN_MAX_SOURCES: z.coerce.number().int().min(100).max(10_000_000).default(banDefaults.maxSources),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // When set, GET /metrics answers only requests with Authorization: Bearer <this>; open when unset.
  METRICS_TOKEN: z.string().min(16).optional(),
  // The worker's Temporal SDK metrics for Prometheus, served on HOST at this port; off when unset.
  WORKER_METRICS_PORT: port.optional(),
  DATA_DIR: z.string().min(1).default('.data'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment once at start-up; every bad value is named in one message. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = configSchema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** Values the API and worker cannot run without, checked where they are needed. */
export function requireSetting<K extends keyof Config>(config: Config, key: K): NonNullable<Config[K]> {
  const value = config[key];
  if (value === undefined || value === null) {
    throw new ConfigError(`Invalid configuration:\n  ${String(key)}: is required`);
  }
  return value as NonNullable<Config[K]>;
}
