import type { Client } from '@temporalio/client';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig, requireSetting } from '../config.js';
import { createDatabase } from '../db/create-database.js';
import { ApiError } from '../errors.js';
import { localPasswordFor } from '../runtime/local-database-password.js';
import { connectTemporalClient } from '../temporal/client/connect-client.js';
import { webhookSettingsFrom } from '../webhooks/webhook-settings.js';
import { isUsageError, opsCommands, opsUsage } from './ops-commands.js';

export interface OpsIo {
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
}

/**
 * One operator command against DATABASE_URL and TEMPORAL_ADDRESS (the dev server's port when unset);
 * resolves to the exit code. Refusals and usage mistakes are answers: a line on `err` and 1.
 */
export async function runOpsProgram(argv: string[], io: OpsIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      status: { type: 'string' },
      partner: { type: 'string' },
      limit: { type: 'string' },
      cursor: { type: 'string' },
      tokens: { type: 'string' },
      note: { type: 'string' },
      reason: { type: 'string' },
      since: { type: 'string' },
      environment: { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  const run = command ? opsCommands[command] : undefined;
  if (!run) throw new Error(command ? `unknown command ${command}\n${opsUsage}` : opsUsage);

  const config = loadConfig(io.env);
  const databaseUrl = requireSetting(config, 'DATABASE_URL');
  const db = createDatabase(databaseUrl, 1, localPasswordFor(databaseUrl, config.DATA_DIR));
  let temporal: Client | undefined;
  try {
    await run(
      {
        db,
        temporal: async () =>
          (temporal ??= await connectTemporalClient(
            config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`,
            config.TEMPORAL_NAMESPACE,
          )),
        actor: `cli:${userInfo().username}`,
        print: io.out,
        webhooks: webhookSettingsFrom(config),
      },
      { positionals: rest, values },
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ApiError) && !isUsageError(error)) throw error;
    io.err(error instanceof ApiError ? `${error.code}: ${error.message}` : (error as Error).message);
    return 1;
  } finally {
    await temporal?.connection.close();
    await db.destroy();
  }
}
