import { expect } from 'vitest';
import type { Environment } from '../../src/db/schema.js';
import { checkLedgerInvariants } from '../../src/ledger/ledger-invariants.js';
import { createTokenPool } from '../../src/pools/create-token-pool.js';
import type { LightMyRequestResponse } from 'fastify';
import type { Credentials } from './sign.js';
import { eventually } from './delivery-waits.js';
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

/**
 * A submit's outcome: its status, or its error's code. A submit past its wait answers 202
 * PROCESSING, as on a busy machine; that one is read again until it is final.
 */
export async function settledOutcome(t: TestApp, who: Credentials, response: LightMyRequestResponse) {
  const body = response.json();
  if (response.statusCode !== 202) return (body.status ?? body.error.code) as string;
  const final = await eventually(async () => {
    const action = (await t.signed(who, 'GET', `/v1/partner/actions/${body.actionId}`)).json();
    return action.status === 'PROCESSING' ? undefined : action;
  }, `action ${body.actionId} to settle`);
  return (final.status === 'FAILED' ? final.failure.code : final.status) as string;
}
