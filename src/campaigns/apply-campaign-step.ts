import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { recordEvent } from '../webhooks/event-outbox.js';
import type { CampaignStepInput } from './campaign-types.js';
import { campaignView } from './campaign-view.js';
import { statusEvent } from './lifecycle-rules.js';

/**
 * Writes one lifecycle step and its event in one transaction. The row's version makes a retry
 * after commit a no-op; `applied: false` means a budget completion found the budget raised since.
 */
export async function applyCampaignStep(db: Kysely<Database>, step: CampaignStepInput): Promise<{ applied: boolean }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('campaigns')
      .selectAll()
      .where('id', '=', step.campaignId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new Error(`campaign ${step.campaignId} does not exist`);
    if (row.lifecycle_version >= step.version) return { applied: true };
    if (row.lifecycle_version !== step.version - 1) {
      throw new Error(
        `campaign ${step.campaignId} is at lifecycle version ${row.lifecycle_version}, step ${step.version} expects ${step.version - 1}`,
      );
    }
    if (step.onlyIfBudgetReached && row.tokens_distributed < row.token_budget) return { applied: false };

    const { next } = step;
    const at = new Date(step.at);
    const moved = next.status !== row.status;
    const updated = await trx
      .updateTable('campaigns')
      .set({
        status: next.status,
        starts_at: next.startsAt,
        ends_at: next.endsAt,
        token_budget: next.tokenBudget,
        lifecycle_version: step.version,
        updated_at: sql`now()`,
        ...step.details,
        ...(moved && next.status === 'ACTIVE' && { activated_at: row.activated_at ?? at, paused_at: null }),
        ...(moved && next.status === 'PAUSED' && { paused_at: at }),
        ...(moved &&
          next.status === 'COMPLETED' && { completed_at: at, completion_reason: step.completionReason ?? 'PARTNER' }),
        // A raised budget can be reached again, and that is reported again.
        ...(next.tokenBudget > row.token_budget && { budget_reached_at: null }),
      })
      .where('id', '=', step.campaignId)
      .returningAll()
      .executeTakeFirstOrThrow();

    const type = statusEvent(row.status, next.status);
    if (type) {
      await recordEvent(trx, {
        partnerId: row.partner_id,
        environment: row.environment,
        type,
        data: { campaign: campaignView(updated), previousStatus: row.status, occurredAt: step.at },
      });
    }
    return { applied: true };
  });
}
