import type { TokenPoolRequest } from '../db/schema.js';

const iso = (value: Date | null) => value?.toISOString() ?? null;

/** The request as its partner sees it. */
export function poolRequestView(request: TokenPoolRequest) {
  return {
    id: request.id,
    poolId: request.pool_id,
    environment: request.environment,
    status: request.status,
    tokensRequested: request.tokens_requested,
    tokensApproved: request.tokens_approved,
    reason: request.reason,
    decisionNote: request.decision_note,
    expiresAt: request.expires_at.toISOString(),
    decidedAt: iso(request.decided_at),
    createdAt: request.created_at.toISOString(),
    updatedAt: request.updated_at.toISOString(),
  };
}

/** Operators also see whose request it is and who decided it. */
export function adminPoolRequestView(request: TokenPoolRequest) {
  return {
    ...poolRequestView(request),
    partnerId: request.partner_id,
    decidedBy: request.decided_by,
    transactionId: request.transaction_id,
  };
}

export type PoolRequestView = ReturnType<typeof poolRequestView>;
export type AdminPoolRequestView = ReturnType<typeof adminPoolRequestView>;
