import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type * as client from '../../packages/sir-partner-client/src/index.js';
import type { actionResultSchema, actionSchema, submitActionBody } from '../../src/api/schemas/action-schemas.js';
import type { bulkJobSchema } from '../../src/api/schemas/bulk-schemas.js';
import type {
  campaignAnalyticsSchema,
  campaignSchema,
  createCampaignBody,
  updateCampaignBody,
} from '../../src/api/schemas/campaign-schemas.js';
import type { dashboardSummarySchema } from '../../src/api/schemas/dashboard-schemas.js';
import type {
  createDonationLinkBody,
  donationLinkSchema,
  donationStatusSchema,
  organizationSchema,
} from '../../src/api/schemas/donation-schemas.js';
import type { createPoolRequestBody, poolRequestSchema } from '../../src/api/schemas/pool-request-schemas.js';
import type { redeemTokensBody, redemptionSchema } from '../../src/api/schemas/redemption-schemas.js';
import type { reversalResultSchema, reverseActionBody } from '../../src/api/schemas/reversal-schemas.js';
import type {
  transactionDetailSchema,
  transactionSchema,
  userBalanceSchema,
} from '../../src/api/schemas/transaction-schemas.js';
import type { createUserBody, partnerUserSchema, updateUserBody } from '../../src/api/schemas/user-schemas.js';
import type { retriedDeliverySchema, testDeliverySchema } from '../../src/api/schemas/webhook-delivery-schemas.js';
import type { webhookDeliverySchema } from '../../src/api/schemas/webhook-history-schemas.js';
import type {
  createWebhookBody,
  updateWebhookBody,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
} from '../../src/api/schemas/webhook-schemas.js';
import type { TokenPoolQueries } from '../../src/pools/token-pool-queries.js';

/**
 * The client's hand-written types against the server's schemas. These assertions are checked by
 * the type check that `npm test` runs before vitest: a schema change the client misses fails it.
 */
describe("the client's types match the API's schemas", () => {
  it('has exactly the shape of every response', () => {
    expectTypeOf<client.PartnerUser>().toEqualTypeOf<z.output<typeof partnerUserSchema>>();
    expectTypeOf<client.UserBalance>().toEqualTypeOf<z.output<typeof userBalanceSchema>>();
    expectTypeOf<client.Transaction>().toEqualTypeOf<z.output<typeof transactionSchema>>();
    expectTypeOf<client.TransactionDetail>().toEqualTypeOf<z.output<typeof transactionDetailSchema>>();
    expectTypeOf<client.ActionResult>().toEqualTypeOf<z.output<typeof actionResultSchema>>();
    expectTypeOf<client.Action>().toEqualTypeOf<z.output<typeof actionSchema>>();
    expectTypeOf<client.ReversalResult>().toEqualTypeOf<z.output<typeof reversalResultSchema>>();
    expectTypeOf<client.BulkJob>().toEqualTypeOf<z.output<typeof bulkJobSchema>>();
    expectTypeOf<client.TokenPool>().toEqualTypeOf<Awaited<ReturnType<TokenPoolQueries['list']>>['data'][number]>();
    expectTypeOf<client.TokenPoolBalance>().toEqualTypeOf<Awaited<ReturnType<TokenPoolQueries['balance']>>>();
    expectTypeOf<client.PoolAllocationRequest>().toEqualTypeOf<z.output<typeof poolRequestSchema>>();
    expectTypeOf<client.Campaign>().toEqualTypeOf<z.output<typeof campaignSchema>>();
    expectTypeOf<client.CampaignAnalytics>().toEqualTypeOf<z.output<typeof campaignAnalyticsSchema>>();
    expectTypeOf<client.DashboardSummary>().toEqualTypeOf<z.output<typeof dashboardSummarySchema>>();
    expectTypeOf<client.Redemption>().toEqualTypeOf<z.output<typeof redemptionSchema>>();
    expectTypeOf<client.WebhookEndpoint>().toEqualTypeOf<z.output<typeof webhookEndpointSchema>>();
    expectTypeOf<client.WebhookEndpointWithSecret>().toEqualTypeOf<z.output<typeof webhookEndpointWithSecretSchema>>();
    expectTypeOf<client.WebhookDelivery>().toEqualTypeOf<z.output<typeof webhookDeliverySchema>>();
    expectTypeOf<client.TestDelivery>().toEqualTypeOf<z.output<typeof testDeliverySchema>>();
    expectTypeOf<client.RetriedDelivery>().toEqualTypeOf<z.output<typeof retriedDeliverySchema>>();
    expectTypeOf<client.Organization>().toEqualTypeOf<z.output<typeof organizationSchema>>();
    expectTypeOf<client.DonationLink>().toEqualTypeOf<z.output<typeof donationLinkSchema>>();
    expectTypeOf<client.DonationStatus>().toEqualTypeOf<z.output<typeof donationStatusSchema>>();
  });

  it('sends only bodies the API accepts', () => {
    expectTypeOf<client.CreateUserInput>().toEqualTypeOf<z.input<typeof createUserBody>>();
    expectTypeOf<client.UpdateUserInput>().toEqualTypeOf<z.input<typeof updateUserBody>>();
    // The client fills in a missing idempotency key before sending.
    expectTypeOf<client.SubmitActionInput & { idempotencyKey: string }>().toExtend<z.input<typeof submitActionBody>>();
    expectTypeOf<client.ReverseActionInput>().toEqualTypeOf<z.input<typeof reverseActionBody>>();
    expectTypeOf<client.RedeemTokensInput>().toEqualTypeOf<z.input<typeof redeemTokensBody>>();
    expectTypeOf<client.RequestAllocationInput>().toEqualTypeOf<z.input<typeof createPoolRequestBody>>();
    expectTypeOf<client.CreateCampaignInput>().toEqualTypeOf<z.input<typeof createCampaignBody>>();
    expectTypeOf<client.UpdateCampaignInput>().toEqualTypeOf<z.input<typeof updateCampaignBody>>();
    expectTypeOf<client.CreateWebhookInput>().toExtend<z.input<typeof createWebhookBody>>();
    expectTypeOf<client.UpdateWebhookInput>().toExtend<z.input<typeof updateWebhookBody>>();
    expectTypeOf<client.CreateDonationLinkInput>().toEqualTypeOf<z.input<typeof createDonationLinkBody>>();
  });
});
