import { expect } from 'vitest';
import type { Environment } from '../../src/db/schema.js';
import { checkLedgerInvariants } from '../../src/ledger/ledger-invariants.js';
import { createTokenPool } from '../../src/pools/create-token-pool.js';
import type { TestApp, TestPartner } from './test-app.js';

export async function fundPool(
  t: TestApp,
  partner: TestPartner,
  tokens: number,
  environment: Environment = 'sandbox',
  lowBalanceThreshold = 0,
) {
  return createTokenPool(
    t.database.db,
    { partnerId: partner.partnerId, environment },
    { name: `${environment} pool`, initialTokens: tokens, lowBalanceThreshold },
  );
}

export async function expectLedgerInvariants(t: TestApp) {
  expect(await checkLedgerInvariants(t.database.db)).toEqual([]);
}

export function purchase(
  idempotencyKey: string,
  amount: number,
  partnerUserId = 'user_42',
  extra: Record<string, unknown> = {},
) {
  return {
    idempotencyKey,
    actionType: 'PURCHASE',
    amount,
    currency: 'USD',
    stakeholders: [{ stakeholderTypeCode: 'CUSTOMER', partnerUserId, userEmail: `${partnerUserId}@example.com` }],
    autoCreateUsers: true,
    ...extra,
  };
}
