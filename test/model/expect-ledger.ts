import { expect } from 'vitest';
import type { ActionResult } from '../../src/actions/action-types.js';
import { checkLedgerInvariants } from '../../src/ledger/ledger-invariants.js';
import type { ReversalResult } from '../../src/reversals/reversal-types.js';
import { expectedBalances, type LedgerModel, type ModelAction, type ModelReversal } from './ledger-model.js';
import { readBalances, type LedgerSystem } from './ledger-system.js';

/** Run after every command: the accounts hold what the model predicts, and every invariant holds. */
export async function expectLedgerMatchesModel(model: LedgerModel, system: LedgerSystem): Promise<void> {
  expect(await readBalances(system)).toEqual(expectedBalances(model));
  expect(await checkLedgerInvariants(system.db)).toEqual([]);
}

export function expectActionResult(actual: ActionResult | undefined, predicted: ModelAction): void {
  expect({
    status: actual?.status,
    tokensDistributed: actual?.tokensDistributed,
    failureCode: actual?.failure?.code,
    transactions: actual?.transactionIds.length,
  }).toEqual({
    status: predicted.status,
    tokensDistributed: predicted.tokensDistributed,
    failureCode: predicted.failureCode,
    transactions: predicted.credits.length,
  });
}

export function expectReversalResult(actual: ReversalResult, predicted: ModelReversal): void {
  expect({
    status: actual.status,
    tokensReturned: actual.tokensReturned,
    debtCreated: actual.debtCreated,
    failureCode: actual.failure?.code,
    transactions: actual.transactionIds.length,
  }).toEqual({
    status: predicted.status,
    tokensReturned: predicted.tokensReturned,
    debtCreated: predicted.debtCreated,
    failureCode: predicted.failureCode,
    transactions: predicted.transactions,
  });
}
