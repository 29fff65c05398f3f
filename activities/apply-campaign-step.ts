import { applyCampaignStep } from '../src/campaigns/apply-campaign-step.js';
import type { CampaignStepInput } from '../src/campaigns/campaign-types.js';
import type { ActivityDependencies } from './dependencies.js';

export function createApplyCampaignStep({ db }: ActivityDependencies) {
  return async function applyCampaignStepActivity(step: CampaignStepInput): Promise<{ applied: boolean }> {
    return applyCampaignStep(db, step);
  };
}
