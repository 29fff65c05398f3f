import { loadConfig, requireSetting } from '../config.js';
import { createDatabase } from '../db/create-database.js';
import { startApiServer } from '../runtime/api-server.js';
import { onShutdown } from '../runtime/shutdown.js';
import { connectTemporalClient } from '../temporal/client/connect-client.js';
import { createLogger } from '../observability/logger.js';
import { workflowStartLogging } from '../observability/workflow-start-logging.js';
import { runCli } from './run-cli.js';

/** Production API process: one of N replicas behind a load balancer; migrations run separately. */
runCli(async () => {
  const config = loadConfig();
  const databaseUrl = requireSetting(config, 'DATABASE_URL');
  const db = createDatabase(databaseUrl, config.DATABASE_POOL_SIZE);
  // Inside a request, workflow starts log through the request's logger; this one is for any others.
  const temporal = await connectTemporalClient(
    requireSetting(config, 'TEMPORAL_ADDRESS'),
    config.TEMPORAL_NAMESPACE,
    workflowStartLogging(createLogger(config.LOG_LEVEL)),
  );
  const { app, url } = await startApiServer({
    config,
    db,
    databaseUrl,
    temporal,
    masterKey: requireSetting(config, 'MASTER_KEY'),
    jwtSecret: requireSetting(config, 'JWT_SECRET'),
  });
  app.log.info({ url }, 'API listening');
  onShutdown([() => app.close(), () => temporal.connection.close(), () => db.destroy()]);
});
