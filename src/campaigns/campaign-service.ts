import type { Kysely } from 'kysely';
import type { RewardRules } from './reward-rules.js';
import type { PartnerScope } from '../partner-scope.js';
import type { Campaign, Database } from '../db/schema.js';
import { ApiError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { findCampaign, insertCampaign, updateCampaignDetails } from './campaign-repository.js';
import type { CampaignChange, CampaignLifecycles, LifecycleState } from './campaign-types.js';
import { campaignView } from './campaign-view.js';
import { planChange } from './lifecycle-rules.js';

export interface CampaignInput {
  name: string;
  description?: string | null;
  startsAt: string;
  endsAt?: string | null;
  tokenBudget: number;
  rewardRules: RewardRules;
}

export interface CampaignServiceDeps {
  db: Kysely<Database>;
  workflows: CampaignLifecycles;
  now?: () => Date;
}

const lifecycleOf = (row: Campaign): LifecycleState => ({
  status: row.status,
  startsAt: row.starts_at.toISOString(),
  endsAt: row.ends_at?.toISOString() ?? null,
  tokenBudget: row.token_budget,
  version: row.lifecycle_version,
});

const changesLifecycle = (change: CampaignChange) =>
  change.status !== undefined ||
  change.startsAt !== undefined ||
  change.endsAt !== undefined ||
  change.tokenBudget !== undefined;

export function createCampaignService({ db, workflows, now = () => new Date() }: CampaignServiceDeps) {
  async function load(scope: PartnerScope, campaignId: string): Promise<Campaign> {
    const campaign = await findCampaign(db, scope, campaignId);
    if (!campaign) throw notFound('campaign');
    return campaign;
  }

  return {
    /**
     * The workflow starts first, as the durable record of the intent; its first step inserts the
     * row, and so does this call (idempotently), so the answer never waits on a worker.
     */
    async create(scope: PartnerScope, input: CampaignInput, requestId: string | null) {
      if (input.endsAt && Date.parse(input.endsAt) <= now().getTime()) {
        throw new ApiError('VALIDATION_ERROR', 'endsAt must be in the future');
      }
      const campaign = {
        id: newId('cmp'),
        ...scope,
        name: input.name,
        description: input.description ?? null,
        startsAt: new Date(input.startsAt).toISOString(),
        endsAt: input.endsAt ? new Date(input.endsAt).toISOString() : null,
        tokenBudget: input.tokenBudget,
        rewardRules: input.rewardRules,
        requestId,
      };
      await workflows.start(campaign);
      await insertCampaign(db, campaign);
      return campaignView(await load(scope, campaign.id));
    },

    /**
     * Name and description change in place. Status, schedule and budget go through the campaign's
     * workflow, whose update validator answers at once; once completed, the workflow is gone and
     * the same rules are checked here against the row.
     */
    async update(scope: PartnerScope, campaignId: string, change: CampaignChange) {
      const campaign = await load(scope, campaignId);
      const normalized = {
        ...change,
        ...(change.startsAt !== undefined && { startsAt: new Date(change.startsAt).toISOString() }),
        ...(change.endsAt && { endsAt: new Date(change.endsAt).toISOString() }),
      };
      if (changesLifecycle(normalized) && campaign.status !== 'COMPLETED') {
        await workflows.change(campaignId, normalized);
      } else {
        const outcome = planChange(lifecycleOf(campaign), normalized, now().getTime());
        if ('refusal' in outcome) throw new ApiError(outcome.refusal.code, outcome.refusal.message);
        if (change.name !== undefined || change.description !== undefined) {
          await updateCampaignDetails(db, scope, campaignId, { name: change.name, description: change.description });
        }
      }
      return campaignView(await load(scope, campaignId));
    },
  };
}

export type CampaignService = ReturnType<typeof createCampaignService>;
