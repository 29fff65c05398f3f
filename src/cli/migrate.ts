import { loadConfig, requireSetting } from '../config.js';
import { createDatabase } from '../db/create-database.js';
import { migrateToLatest } from '../db/migrate.js';
import { runCli } from './run-cli.js';

runCli(async () => {
  const config = loadConfig();
  const db = createDatabase(requireSetting(config, 'DATABASE_URL'), 1);
  try {
    const applied = await migrateToLatest(db, { masterKey: config.MASTER_KEY });
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await db.destroy();
  }
});
