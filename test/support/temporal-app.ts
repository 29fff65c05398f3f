import { startTemporalStack, type TemporalStack } from './temporal-stack.js';
import { createTestApp, type TestApp } from './test-app.js';
import { createTestDatabase } from './test-database.js';

export interface TemporalApp {
  stack: TemporalStack;
  t: TestApp;
  close(): Promise<void>;
}

/** A fresh database, the real Temporal dev server with its workers, and the API on both. */
export async function startTemporalApp(): Promise<TemporalApp> {
  const database = await createTestDatabase();
  const stack = await startTemporalStack(database.db);
  const t = await createTestApp({ database, temporal: stack.client });
  return {
    stack,
    t,
    async close() {
      await stack.stop();
      await t.close();
    },
  };
}
