import type { Environment, PoolRequestStatus } from '../db/schema.js';

// Types only: the poolAllocationRequest workflow imports this module.

export type { PoolRequestStatus };

/** A request as submitted: the workflow's input, and the row both the API and the workflow insert. */
export interface NewPoolRequest {
  id: string;
  partnerId: string;
  environment: Environment;
  /** The pool to credit; null asks for a new pool, created on approval. */
  poolId: string | null;
  tokens: number;
  reason: string;
  /** When the request expires unless an operator decided it first. */
  expiresAt: string;
  requestId: string | null;
  /** The partner's key for retries and the fingerprint of the body; absent from requests recorded before keys existed. */
  idempotencyKey?: string | null;
  fingerprint?: string | null;
}

/** What an operator decides; `decidedBy` names the operator (or the CLI user) for the record. */
export type PoolRequestDecision =
  | { kind: 'approve'; decidedBy: string; tokens?: number; note?: string }
  | { kind: 'reject'; decidedBy: string; reason: string };

/** What the settling activity writes: an operator's decision, or the expiry timer. */
export type PoolRequestSettlement =
  | { kind: 'approve'; decidedBy: string; tokens: number; note: string | null }
  | { kind: 'reject'; decidedBy: string; reason: string }
  | { kind: 'expire' };

export interface SettlePoolRequestInput {
  requestId: string;
  settlement: PoolRequestSettlement;
  /** Workflow time of the decision or the expiry. */
  at: string;
}

/** The request's final state, answered to the deciding update and returned by the workflow. */
export interface PoolRequestOutcome {
  requestId: string;
  status: Exclude<PoolRequestStatus, 'PENDING'>;
  poolId: string | null;
  tokensApproved: number | null;
}

export interface PoolRequestRefusal {
  code: 'POOL_REQUEST_NOT_PENDING' | 'INVALID_POOL_REQUEST_DECISION';
  message: string;
}

/** How the API and the ops CLI drive a pool request; the Temporal client implements it over poolAllocationRequest. */
export interface PoolRequestProcessing {
  start(request: NewPoolRequest): Promise<void>;
  /** Delivers an operator's decision through the workflow's update; a refusal comes back as an ApiError at once. */
  decide(requestId: string, decision: PoolRequestDecision): Promise<PoolRequestOutcome>;
}
