import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import { migrations, type MigrationContext } from './migrations/index.js';

/**
 * Applies every pending migration; returns the names applied in this call. The master key is
 * needed only where stored secrets must be sealed (a database with webhook custom headers).
 */
export async function migrateToLatest(db: Kysely<any>, context: MigrationContext = {}): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(context) };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
