import { z } from 'zod';
import { actionResultSchema } from './action-schemas.js';
import { campaignSchema } from './campaign-schemas.js';
import { environmentSchema } from './key-schemas.js';
import { poolRequestSchema } from './pool-request-schemas.js';
import { redemptionSchema } from './redemption-schemas.js';
import { reversalResultSchema } from './reversal-schemas.js';
import { partnerUserSchema } from './user-schemas.js';
import type { EventType } from '../../webhooks/event-types.js';

// The `data` each event type carries, as the code that records the event builds it; documentation only.

const actionOutcome = actionResultSchema.extend({ actionType: z.string() });
const poolAlert = z.object({ poolId: z.string(), balance: z.number().int(), lowBalanceThreshold: z.number().int() });
const poolRequestDecision = z.object({ request: poolRequestSchema });
const userChange = z.object({ user: partnerUserSchema });
const campaignStatusChange = z.object({
  campaign: campaignSchema,
  previousStatus: z.enum(['DRAFT', 'ACTIVE', 'PAUSED', 'COMPLETED']),
  occurredAt: z.string().describe('When the change took effect, e.g. the scheduled start'),
});
const bulkJobFinished = z.object({
  jobId: z.string(),
  status: z.enum(['COMPLETED', 'FAILED']).describe('FAILED when no item was rewarded'),
  total: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
});
const partnerStatus = z.enum(['PENDING', 'ACTIVE', 'INACTIVE', 'SUSPENDED']);

const dataSchemas = {
  'action.completed': actionOutcome.describe('An action was rewarded; its ledger transactions are posted'),
  'action.failed': actionOutcome.describe('An action was refused, e.g. for an empty pool; `failure` says why'),
  'action.reversed': reversalResultSchema
    .extend({ reason: z.string(), reversedPercentage: z.number().describe('All reversals of the action so far') })
    .describe('A reversal of an action completed'),
  'transaction.completed': z
    .object({
      transactionId: z.string(),
      actionId: z.string(),
      partnerUserId: z.string(),
      tokens: z.number().int(),
      debtRepaid: z.number().int().describe('Of the tokens, those that repaid earlier debt'),
      poolId: z.string(),
    })
    .describe('A user was credited for an action'),
  'transaction.reversed': z
    .object({
      transactionId: z.string(),
      actionId: z.string(),
      reversalId: z.string(),
      partnerUserId: z.string(),
      poolId: z.string(),
      tokens: z.number().int(),
      tokensReturned: z.number().int(),
      debtCreated: z.number().int(),
      reversedTransactionIds: z.array(z.string()),
    })
    .describe("A reversal took back a user's share of an action"),
  'redemption.approved': redemptionSchema.describe('A redemption was approved and its tokens spent'),
  'redemption.rejected': redemptionSchema.describe('A redemption was rejected; `rejection` says why'),
  'redemption.completed': redemptionSchema.describe('The donation of a redemption was made'),
  'token_pool.low_balance': poolAlert.describe('A pool fell below its low-balance threshold (once per crossing)'),
  'token_pool.depleted': poolAlert.describe('A pool reached zero'),
  'token_pool.refilled': z
    .object({ poolId: z.string(), tokensAdded: z.number().int(), balance: z.number().int() })
    .describe('Tokens were allocated to a pool'),
  'token_pool_request.approved': poolRequestDecision.describe(
    'An allocation request was approved and its tokens added',
  ),
  'token_pool_request.rejected': poolRequestDecision.describe('An allocation request was rejected'),
  'user.created': userChange.describe('A partner user was created, by the API or by an action'),
  'user.upgraded': userChange.describe('A partner user was linked to a full SIR account'),
  'campaign.activated': campaignStatusChange.describe('A campaign moved to ACTIVE'),
  'campaign.paused': campaignStatusChange.describe('A campaign was paused'),
  'campaign.completed': campaignStatusChange.describe('A campaign ended'),
  'campaign.budget_reached': z
    .object({ campaign: campaignSchema })
    .describe('A campaign distributed its whole token budget'),
  'bulk_job.started': z
    .object({ jobId: z.string(), total: z.number().int() })
    .describe('A bulk request started processing'),
  'bulk_job.completed': bulkJobFinished.describe('A bulk request finished with at least one rewarded item'),
  'bulk_job.failed': bulkJobFinished.describe('A bulk request finished without rewarding any item'),
  'partner.status_changed': z
    .union([
      z.object({
        partnerId: z.string(),
        previousStatus: partnerStatus,
        status: partnerStatus,
        reason: z.string(),
        changedAt: z.string(),
      }),
      z.object({ type: z.literal('ping'), message: z.string(), webhookId: z.string(), timestamp: z.string() }),
    ])
    .describe('Your partner status changed; also the test ping of POST /v1/partner/webhooks/{id}/test'),
  'api_key.expiring': z
    .object({
      keyId: z.string(),
      publicKeyPrefix: z.string(),
      name: z.string(),
      environment: environmentSchema,
      expiresAt: z.string(),
      daysLeft: z.number().int(),
    })
    .describe('One of your keys approaches its expiresAt'),
  'webhook_endpoint.disabled': z
    .object({
      webhookId: z.string(),
      url: z.string(),
      disabledReason: z.string(),
      disabledAt: z.string(),
      consecutiveFailures: z.number().int(),
      rule: z
        .enum(['consecutive_failed_deliveries', 'failing_for', 'gone', 'support'])
        .describe(
          'consecutive_failed_deliveries: N deliveries failed in a row; failing_for: no successful attempt for the configured time; gone: it answered 410; support: disabled by SIR support',
        ),
      since: z
        .string()
        .describe('Since when the endpoint had been failing (ISO 8601); disabledAt for gone and support'),
    })
    .describe('Another of your endpoints was disabled after failing deliveries; sent to your other endpoints'),
} satisfies Record<EventType, z.ZodType>;

/** The body of a delivery of one event type (sir-webhooks.md "Payload envelope"; see event-envelope.ts). */
export function eventEnvelopeSchema<T extends EventType>(type: T) {
  return z.object({
    id: z.string().describe('evt_…; the same across retries, so dedupe on it'),
    type: z.literal(type),
    createdAt: z.string().describe('When the event was recorded, ISO 8601'),
    data: dataSchemas[type],
  });
}

export type EventData<T extends EventType> = z.output<(typeof dataSchemas)[T]>;

/** What eventEnvelopeSchema(type) describes, for typing examples. */
export interface EventEnvelope<T extends EventType> {
  id: string;
  type: T;
  createdAt: string;
  data: EventData<T>;
}
