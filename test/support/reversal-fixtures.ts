import type { Kysely } from 'kysely';
import type { Database, Environment } from '../../src/db/schema.js';
import type { TestApp, TestPartner } from './test-app.js';

export function reversal(refundIdempotencyKey: string, reversalPercentage: number, reason = 'Order refunded') {
  return { reversalPercentage, reason, refundIdempotencyKey };
}

export function reverse(t: TestApp, credentials: TestPartner['sandbox'], actionId: string, body: unknown) {
  return t.signed(credentials, 'POST', `/v1/partner/actions/${actionId}/reverse`, body);
}

/** A user's balance and what they owe, read from their ledger accounts. */
export async function userLedger(
  db: Kysely<Database>,
  partner: TestPartner,
  externalId: string,
  environment: Environment = 'sandbox',
) {
  const accounts = await db
    .selectFrom('partner_users as u')
    .innerJoin('ledger_accounts as a', 'a.owner_id', 'u.id')
    .select(['a.kind', 'a.balance'])
    .where('u.partner_id', '=', partner.partnerId)
    .where('u.environment', '=', environment)
    .where('u.external_id', '=', externalId)
    .execute();
  const total = (kind: string) => accounts.filter((a) => a.kind === kind).reduce((sum, a) => sum + a.balance, 0);
  return { balance: total('user'), debt: Math.abs(total('user_debt')) };
}

export async function poolBalance(t: TestApp, partner: TestPartner, poolId: string): Promise<number> {
  const response = await t.signed(partner.sandbox, 'GET', `/v1/partner/token-pools/${poolId}/balance`);
  return response.json().balance;
}
