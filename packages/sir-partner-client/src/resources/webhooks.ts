import { pathOf } from '../http-transport.js';
import { allItems, type Page, type PageQuery } from '../pagination.js';
import type {
  CreateWebhookInput,
  ListDeliveriesQuery,
  RecoveredDeliveries,
  RetriedDelivery,
  RotateWebhookSecretInput,
  TestDelivery,
  UpdateWebhookInput,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '../types/webhooks.js';
import type { ApiCalls } from './api-calls.js';

export function webhooksResource(calls: ApiCalls) {
  const list = (query: PageQuery = {}) => calls.read<Page<WebhookEndpoint>>('/v1/partner/webhooks', query);
  const deliveries = (webhookId: string, query: ListDeliveriesQuery = {}) =>
    calls.read<Page<WebhookDelivery>>(pathOf`/v1/partner/webhooks/${webhookId}/deliveries`, query);
  return {
    /** The secret is in this answer only; a ping follows the registration. */
    create: (input: CreateWebhookInput) =>
      calls.write<WebhookEndpointWithSecret>('POST', '/v1/partner/webhooks', input),
    list,
    listAll: (query: PageQuery = {}) => allItems(list, query),
    get: (webhookId: string) => calls.read<WebhookEndpoint>(pathOf`/v1/partner/webhooks/${webhookId}`),
    update: (webhookId: string, input: UpdateWebhookInput) =>
      calls.write<WebhookEndpoint>('PATCH', pathOf`/v1/partner/webhooks/${webhookId}`, input),
    delete: (webhookId: string) => calls.write<void>('DELETE', pathOf`/v1/partner/webhooks/${webhookId}`),
    /** The new secret is in this answer only; the old one keeps signing during the grace period. */
    rotateSecret: (webhookId: string, input: RotateWebhookSecretInput = {}) =>
      calls.write<WebhookEndpointWithSecret>('POST', pathOf`/v1/partner/webhooks/${webhookId}/rotate-secret`, input),
    /** Sends the spec's ping to this endpoint only. */
    test: (webhookId: string) => calls.write<TestDelivery>('POST', pathOf`/v1/partner/webhooks/${webhookId}/test`),
    deliveries,
    allDeliveries: (webhookId: string, query: ListDeliveriesQuery = {}) =>
      allItems((page) => deliveries(webhookId, page), query),
    retryDelivery: (webhookId: string, deliveryId: string) =>
      calls.write<RetriedDelivery>('POST', pathOf`/v1/partner/webhooks/${webhookId}/deliveries/${deliveryId}/retry`),
    /** Re-sends every FAILED delivery created at or after `since` (ISO 8601). */
    recoverDeliveries: (webhookId: string, since: string) =>
      calls.write<RecoveredDeliveries>('POST', pathOf`/v1/partner/webhooks/${webhookId}/deliveries/recover`, { since }),
  };
}
