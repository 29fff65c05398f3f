import { actionResultExample } from './action-schemas.js';
import { campaignExample } from './campaign-schemas.js';
import { exampleIds, exampleTimes, exampleUserId } from './example-values.js';
import { poolRequestExample } from './pool-request-schemas.js';
import { redemptionExample } from './redemption-schemas.js';
import { reversalResultExample } from './reversal-schemas.js';
import { partnerUserExample } from './user-schemas.js';
import type { EventData, EventEnvelope } from './event-payload-schemas.js';
import type { EventType } from '../../webhooks/event-types.js';

// One delivery body per event type for the docs, typed against its schema; the story follows the
// API examples: user_42's purchase_98765 earns 50 tokens and is later refunded.

const envelope = <T extends EventType>(
  type: T,
  id: string,
  createdAt: string,
  data: EventData<T>,
): EventEnvelope<T> => ({ id, type, createdAt, data });

const failedAction = {
  actionId: 'act_5l7k9j1h3g5f7d9s1a3q',
  idempotencyKey: 'purchase_98770',
  status: 'FAILED' as const,
  tokensDistributed: 0,
  transactionIds: [],
  failure: { code: 'INSUFFICIENT_POOL_BALANCE', message: 'The pool holds 20 tokens; this action needs 50' },
};
const poolAlert = { poolId: exampleIds.pool, balance: 4980, lowBalanceThreshold: 5000 };
const bulkCounts = { jobId: exampleIds.bulkJob, total: 2, completed: 1, failed: 1 };
const rejectedRedemption = {
  ...redemptionExample,
  status: 'REJECTED' as const,
  transactionId: null,
  rejection: { code: 'INSUFFICIENT_BALANCE', message: 'user_42 has 10 available tokens; the redemption needs 25' },
  completedAt: null,
};
const pausedCampaign = {
  ...campaignExample,
  status: 'PAUSED' as const,
  pausedAt: '2026-05-20T12:00:00.000Z',
  updatedAt: '2026-05-20T12:00:00.000Z',
};
const completedCampaign = {
  ...campaignExample,
  status: 'COMPLETED' as const,
  completedAt: '2026-06-01T00:00:00.000Z',
  completionReason: 'SCHEDULE' as const,
  updatedAt: '2026-06-01T00:00:00.000Z',
};
const budgetReachedCampaign = {
  ...completedCampaign,
  tokensDistributed: 100000,
  tokensRemaining: 0,
  budgetUsedPercent: 100,
  completedAt: '2026-05-28T16:05:00.000Z',
  completionReason: 'BUDGET_REACHED' as const,
  budgetReachedAt: '2026-05-28T16:05:00.000Z',
  updatedAt: '2026-05-28T16:05:00.000Z',
};

export const eventExamples: { [T in EventType]: EventEnvelope<T> } = {
  'action.completed': envelope('action.completed', exampleIds.event, exampleTimes.completed, {
    ...actionResultExample,
    actionType: 'PURCHASE',
  }),
  'action.failed': envelope('action.failed', 'evt_2q4w6e8r0t2y4u6i8o0p', exampleTimes.completed, {
    ...failedAction,
    actionType: 'PURCHASE',
  }),
  'action.reversed': envelope('action.reversed', 'evt_3w5e7r9t1y3u5i7o9p1a', exampleTimes.reversed, {
    ...reversalResultExample,
    reason: 'Order refunded',
    reversedPercentage: 100,
  }),
  'transaction.completed': envelope('transaction.completed', 'evt_4e6r8t0y2u4i6o8p0a2s', exampleTimes.completed, {
    transactionId: exampleIds.rewardTransaction,
    actionId: exampleIds.action,
    partnerUserId: exampleUserId,
    tokens: 50,
    debtRepaid: 0,
    poolId: exampleIds.pool,
  }),
  'transaction.reversed': envelope('transaction.reversed', 'evt_5r7t9y1u3i5o7p9a1s3d', exampleTimes.reversed, {
    transactionId: exampleIds.reversalTransaction,
    actionId: exampleIds.action,
    reversalId: exampleIds.reversal,
    partnerUserId: exampleUserId,
    poolId: exampleIds.pool,
    tokens: 50,
    tokensReturned: 30,
    debtCreated: 20,
    reversedTransactionIds: [exampleIds.rewardTransaction],
  }),
  'redemption.approved': envelope('redemption.approved', 'evt_6t8y0u2i4o6p8a0s2d4f', exampleTimes.reversed, {
    ...redemptionExample,
    status: 'APPROVED',
    completedAt: null,
  }),
  'redemption.rejected': envelope(
    'redemption.rejected',
    'evt_7y9u1i3o5p7a9s1d3f5g',
    exampleTimes.reversed,
    rejectedRedemption,
  ),
  'redemption.completed': envelope(
    'redemption.completed',
    'evt_8u0i2o4p6a8s0d2f4g6h',
    exampleTimes.later,
    redemptionExample,
  ),
  'token_pool.low_balance': envelope(
    'token_pool.low_balance',
    'evt_9i1o3p5a7s9d1f3g5h7j',
    exampleTimes.completed,
    poolAlert,
  ),
  'token_pool.depleted': envelope('token_pool.depleted', 'evt_0o2p4a6s8d0f2g4h6j8k', '2026-05-27T18:44:10.000Z', {
    ...poolAlert,
    balance: 0,
  }),
  'token_pool.refilled': envelope('token_pool.refilled', 'evt_1p3a5s7d9f1g3h5j7k9l', '2026-05-10T15:00:00.000Z', {
    poolId: exampleIds.pool,
    tokensAdded: 50000,
    balance: 54980,
  }),
  'token_pool_request.approved': envelope(
    'token_pool_request.approved',
    'evt_2a4s6d8f0g2h4j6k8l0z',
    '2026-05-10T15:00:00.000Z',
    { request: poolRequestExample },
  ),
  'token_pool_request.rejected': envelope(
    'token_pool_request.rejected',
    'evt_3s5d7f9g1h3j5k7l9z1x',
    '2026-05-10T15:00:00.000Z',
    {
      request: {
        ...poolRequestExample,
        status: 'REJECTED',
        tokensApproved: null,
        decisionNote: 'Please request after the current campaign ends',
      },
    },
  ),
  'user.created': envelope('user.created', 'evt_4d6f8g0h2j4k6l8z0x2c', exampleTimes.created, {
    user: partnerUserExample,
  }),
  'user.upgraded': envelope('user.upgraded', 'evt_5f7g9h1j3k5l7z9x1c3v', '2026-05-15T10:00:00.000Z', {
    user: {
      ...partnerUserExample,
      sirAccountId: 'sir_acc_20931',
      upgradedAt: '2026-05-15T10:00:00.000Z',
      updatedAt: '2026-05-15T10:00:00.000Z',
    },
  }),
  'campaign.activated': envelope('campaign.activated', 'evt_6g8h0j2k4l6z8x0c2v4b', '2026-05-01T00:00:00.000Z', {
    campaign: campaignExample,
    previousStatus: 'DRAFT',
    occurredAt: '2026-05-01T00:00:00.000Z',
  }),
  'campaign.paused': envelope('campaign.paused', 'evt_7h9j1k3l5z7x9c1v3b5n', '2026-05-20T12:00:00.000Z', {
    campaign: pausedCampaign,
    previousStatus: 'ACTIVE',
    occurredAt: '2026-05-20T12:00:00.000Z',
  }),
  'campaign.completed': envelope('campaign.completed', 'evt_8j0k2l4z6x8c0v2b4n6m', '2026-06-01T00:00:00.000Z', {
    campaign: completedCampaign,
    previousStatus: 'ACTIVE',
    occurredAt: '2026-06-01T00:00:00.000Z',
  }),
  'campaign.budget_reached': envelope(
    'campaign.budget_reached',
    'evt_9k1l3z5x7c9v1b3n5m7q',
    '2026-05-28T16:05:00.000Z',
    { campaign: budgetReachedCampaign },
  ),
  'bulk_job.started': envelope('bulk_job.started', 'evt_0l2z4x6c8v0b2n4m6q8w', exampleTimes.created, {
    jobId: exampleIds.bulkJob,
    total: 2,
  }),
  'bulk_job.completed': envelope('bulk_job.completed', 'evt_1z3x5c7v9b1n3m5q7w9e', exampleTimes.completed, {
    ...bulkCounts,
    status: 'COMPLETED',
  }),
  'bulk_job.failed': envelope('bulk_job.failed', 'evt_2x4c6v8b0n2m4q6w8e0r', exampleTimes.completed, {
    ...bulkCounts,
    completed: 0,
    failed: 2,
    status: 'FAILED',
  }),
  'partner.status_changed': envelope('partner.status_changed', 'evt_3c5v7b9n1m3q5w7e9r1t', '2026-04-02T09:00:00.000Z', {
    partnerId: exampleIds.partner,
    previousStatus: 'PENDING',
    status: 'ACTIVE',
    reason: 'Onboarding review passed',
    changedAt: '2026-04-02T09:00:00.000Z',
  }),
  'api_key.expiring': envelope('api_key.expiring', 'evt_4v6b8n0m2q4w6e8r0t2y', '2027-05-03T00:00:00.000Z', {
    keyId: exampleIds.key,
    publicKeyPrefix: 'pk_test_4f9a',
    name: 'Checkout server',
    environment: 'sandbox',
    expiresAt: exampleTimes.expires,
    daysLeft: 7,
  }),
  'webhook_endpoint.disabled': envelope(
    'webhook_endpoint.disabled',
    'evt_5b7n9m1q3w5e7r9t1y3u',
    '2026-05-11T03:00:00.000Z',
    {
      webhookId: 'whk_0p2o4i6u8y0t2r4e6w8q',
      url: 'https://your-app.example.com/webhooks/sir-legacy',
      disabledReason: 'disabled after failing for 120 hours without a successful attempt',
      disabledAt: '2026-05-11T03:00:00.000Z',
      consecutiveFailures: 4,
      rule: 'failing_for',
      since: '2026-05-06T02:41:17.000Z',
    },
  ),
};
