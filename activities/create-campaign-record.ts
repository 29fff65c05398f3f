import { insertCampaign } from '../src/campaigns/campaign-repository.js';
import type { NewCampaign } from '../src/campaigns/campaign-types.js';
import type { ActivityDependencies } from './dependencies.js';

export function createCreateCampaignRecord({ db }: ActivityDependencies) {
  return async function createCampaignRecordActivity(campaign: NewCampaign): Promise<void> {
    await insertCampaign(db, campaign);
  };
}
