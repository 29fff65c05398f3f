import { sql, type Kysely, type Transaction } from 'kysely';
import type { PartnerScope } from '../auth/partner-scope.js';
import type { Database } from '../db/schema.js';
import { recordEvent } from '../events/event-outbox.js';
import { campaignView } from './campaign-view.js';

export interface BudgetRefusal {
  code: 'CAMPAIGN_NOT_ACTIVE' | 'CAMPAIGN_BUDGET_EXHAUSTED';
  message: string;
}

/**
 * Takes an action's tokens from its campaign's budget inside the action's transaction. The update
 * is conditional on the campaign being ACTIVE with enough budget left, and its row lock orders
 * concurrent actions, so no interleaving can overspend. The action that uses the last token
 * records campaign.budget_reached; exactly one can.
 */
export async function drawCampaignBudget(
  trx: Transaction<Database>,
  scope: PartnerScope,
  campaignId: string,
  tokens: number,
  requestId: string | null,
): Promise<BudgetRefusal | undefined> {
  const reaches = sql<boolean>`${tokens} > 0 and tokens_distributed + ${tokens} = token_budget`;
  const drawn = await trx
    .updateTable('campaigns')
    .set({
      tokens_distributed: sql`tokens_distributed + ${tokens}`,
      budget_reached_at: sql`case when ${reaches} then now() else budget_reached_at end`,
      updated_at: sql`now()`,
    })
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .where('id', '=', campaignId)
    .where('status', '=', 'ACTIVE')
    .where(sql<boolean>`tokens_distributed + ${tokens} <= token_budget`)
    .returningAll()
    .executeTakeFirst();
  if (drawn) {
    if (drawn.tokens_distributed === drawn.token_budget && tokens > 0) {
      await recordEvent(trx, { ...scope, requestId, type: 'campaign.budget_reached', data: { campaign: campaignView(drawn) } });
    }
    return undefined;
  }
  const campaign = await trx
    .selectFrom('campaigns')
    .select(['status', 'token_budget', 'tokens_distributed'])
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .where('id', '=', campaignId)
    .executeTakeFirst();
  if (campaign?.status !== 'ACTIVE') return { code: 'CAMPAIGN_NOT_ACTIVE', message: `campaign ${campaignId} is not active` };
  const left = campaign.token_budget - campaign.tokens_distributed;
  return { code: 'CAMPAIGN_BUDGET_EXHAUSTED', message: `campaign ${campaignId} has ${left} of its ${campaign.token_budget} budget tokens left; this action needs ${tokens}` };
}

/**
 * The campaign whose lifecycle still has to hear that this action used its last token. Asked after
 * every completed action, retries included, so a signal lost with a crash after commit is sent again.
 */
export async function campaignAwaitingBudgetEnd(db: Kysely<Database>, actionId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('actions as a')
    .innerJoin('campaigns as c', 'c.id', 'a.campaign_id')
    .select('c.id')
    .where('a.id', '=', actionId)
    .where('c.budget_reached_at', 'is not', null)
    .where('c.status', '!=', 'COMPLETED')
    .executeTakeFirst();
  return row?.id;
}
