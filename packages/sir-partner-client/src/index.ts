export { SirPartnerClient } from './partner-client.js';
export type { SirClientOptions } from './http-transport.js';
export { SirApiError, SirConnectionError, type SirErrorCode } from './errors.js';
export {
  requestSignature,
  signedRequestHeaders,
  type RequestToSign,
  type SigningCredentials,
} from './request-signing.js';
export { defaultRetryPolicy, type RetryPolicy } from './retry-policy.js';
export { generateIdempotencyKey } from './idempotency-key.js';
export { allItems, type Page, type PageQuery, type Pagination } from './pagination.js';
export {
  verifySirSignature,
  verifyStandardWebhookSignature,
  verifyWebhook,
  WebhookVerificationError,
  type WebhookHeaders,
  type WebhookVerificationFailure,
  type WebhookVerificationOptions,
} from './webhook-verification.js';
export { clientVersion, userAgent } from './version.js';
export type * from './types/actions.js';
export type * from './types/campaigns.js';
export type * from './types/common.js';
export type * from './types/dashboard.js';
export type * from './types/redemptions.js';
export type * from './types/token-pools.js';
export type * from './types/transactions.js';
export type * from './types/users.js';
export type * from './types/webhooks.js';
export type * from './types/widget.js';
