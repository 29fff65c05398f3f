import { loadConfig, requireSetting } from '../config.js';
import { createDatabase } from '../db/create-database.js';
import { localPasswordFor } from '../runtime/local-database-password.js';
import { migrateToLatest } from '../db/migrate-to-latest.js';
import { runCli } from './run-cli.js';

runCli(async () => {
  const config = loadConfig();
  const databaseUrl = requireSetting(config, 'DATABASE_URL');
  const db = createDatabase(databaseUrl, 1, localPasswordFor(databaseUrl, config.DATA_DIR));
  try {
    const applied = await migrateToLatest(db, { masterKey: config.MASTER_KEY });
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await db.destroy();
  }
});
