import type {
  NewPoolRequest,
  PoolRequestDecision,
  PoolRequestRefusal,
  PoolRequestSettlement,
} from './pool-request-types.js';

// Pure and deterministic: the poolAllocationRequest workflow validates decisions with these.

/** Why a decision cannot be taken now, or undefined when it can. */
export function decisionRefusal(
  request: NewPoolRequest,
  settled: boolean,
  decision: PoolRequestDecision,
): PoolRequestRefusal | undefined {
  if (settled) return { code: 'POOL_REQUEST_NOT_PENDING', message: `pool request ${request.id} is no longer PENDING` };
  if (decision.kind === 'approve' && decision.tokens !== undefined) {
    if (!Number.isSafeInteger(decision.tokens) || decision.tokens < 1 || decision.tokens > request.tokens) {
      return {
        code: 'INVALID_POOL_REQUEST_DECISION',
        message: `approve between 1 and the ${request.tokens} tokens requested`,
      };
    }
  }
  if (decision.kind === 'reject' && decision.reason.trim() === '') {
    return { code: 'INVALID_POOL_REQUEST_DECISION', message: 'a rejection needs a reason' };
  }
  return undefined;
}

/** An approval without an amount grants what was asked. */
export function settlementOf(request: NewPoolRequest, decision: PoolRequestDecision): PoolRequestSettlement {
  if (decision.kind === 'reject') return decision;
  return {
    kind: 'approve',
    decidedBy: decision.decidedBy,
    tokens: decision.tokens ?? request.tokens,
    note: decision.note ?? null,
  };
}
