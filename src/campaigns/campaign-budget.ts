import { sql, type Kysely, type Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import { recordEvent } from '../webhooks/event-outbox.js';
import type { CampaignBudget } from './budget-draw.js';
import { campaignView } from './campaign-view.js';

/** The budgets of the named campaigns of this scope; with `lock`, locked by id so concurrent draws queue on them. */
export async function campaignBudgets(
  trx: Transaction<Database>,
  scope: PartnerScope,
  campaignIds: string[],
  { lock }: { lock: boolean },
): Promise<Map<string, CampaignBudget>> {
  if (campaignIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('campaigns')
    .select(['id', 'status', 'token_budget', 'tokens_distributed'])
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .where('id', 'in', campaignIds)
    .orderBy('id')
    .$if(lock, (q) => q.forUpdate())
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      { status: row.status, tokenBudget: row.token_budget, tokensDistributed: row.tokens_distributed },
    ]),
  );
}

export interface BudgetDraw {
  campaignId: string;
  tokens: number;
  /** The request of the action that used the last token, if one did. */
  reachedBy?: { requestId: string | null };
}

/**
 * Writes the draws planned with drawBudget while the campaigns stayed locked. The draw that used
 * the last token records campaign.budget_reached; exactly one can.
 */
export async function recordBudgetDraws(trx: Transaction<Database>, scope: PartnerScope, draws: BudgetDraw[]) {
  for (const draw of draws) {
    const drawn = await trx
      .updateTable('campaigns')
      .set({
        tokens_distributed: sql`tokens_distributed + ${draw.tokens}`,
        budget_reached_at: draw.reachedBy ? sql`now()` : sql`budget_reached_at`,
        updated_at: sql`now()`,
      })
      .where('id', '=', draw.campaignId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (draw.reachedBy) {
      await recordEvent(trx, {
        ...scope,
        requestId: draw.reachedBy.requestId,
        type: 'campaign.budget_reached',
        data: { campaign: campaignView(drawn) },
      });
    }
  }
}

/**
 * The campaigns whose lifecycles still have to hear that one of these actions used their last
 * token. Asked after every completed action, retries included, so a signal lost with a crash
 * after commit is sent again.
 */
export async function campaignsAwaitingBudgetEnd(db: Kysely<Database>, actionIds: string[]): Promise<string[]> {
  if (actionIds.length === 0) return [];
  const rows = await db
    .selectFrom('actions as a')
    .innerJoin('campaigns as c', 'c.id', 'a.campaign_id')
    .select('c.id')
    .distinct()
    .where('a.id', 'in', actionIds)
    .where('c.budget_reached_at', 'is not', null)
    .where('c.status', '!=', 'COMPLETED')
    .execute();
  return rows.map((row) => row.id);
}
