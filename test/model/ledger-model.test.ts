import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createTestDatabase } from '../support/test-database.js';
import { fastCheckSettings } from './fast-check-settings.js';
import { ledgerCommand } from './ledger-commands.js';
import { emptyLedgerModel } from './ledger-model.js';
import { openLedgerSystem } from './ledger-system.js';

describe('the ledger against its model (fast-check commands, real PostgreSQL)', () => {
  const { parameters, replayPath } = fastCheckSettings();

  // A fresh database per run: the invariants span the whole database, so a failed run must not
  // leave its damage to the runs that shrink it.
  it(
    'agrees with the model after every fund, submit, retry, reused key, spend, reversal, burst and bulk job',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.commands([ledgerCommand], { maxCommands: 40, size: 'max', replayPath }),
          async (commands) => {
            const database = await createTestDatabase();
            try {
              await fc.asyncModelRun(
                async () => ({ model: emptyLedgerModel(), real: await openLedgerSystem(database.db) }),
                commands,
              );
            } finally {
              await database.drop();
            }
          },
        ),
        parameters,
      );
    },
    60_000 + (parameters.numRuns ?? 0) * 3_000,
  );
});
