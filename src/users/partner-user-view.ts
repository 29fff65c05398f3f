import type { PartnerUser } from '../db/schema.js';

export function partnerUserView(user: PartnerUser) {
  return {
    id: user.id,
    externalUserId: user.external_id,
    environment: user.environment,
    email: user.email,
    firstName: user.first_name,
    lastName: user.last_name,
    metadata: user.metadata,
    sirAccountId: user.sir_account_id,
    upgradedAt: user.upgraded_at?.toISOString() ?? null,
    createdAt: user.created_at.toISOString(),
    updatedAt: user.updated_at.toISOString(),
  };
}

export type PartnerUserView = ReturnType<typeof partnerUserView>;
