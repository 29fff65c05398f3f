import type { Migration } from 'kysely';
import * as foundation from './2026_11_22_0001_foundation.js';
import * as ledger from './2026_11_22_0002_ledger.js';
import * as webhooks from './2026_11_22_0005_webhooks.js';
import * as deliveryWorkflowStarted from './2026_11_22_0006_delivery_workflow_started.js';
import * as apiUsage from './2026_11_22_0008_api_usage.js';
import * as campaigns from './2026_11_22_0009_campaigns.js';
import * as organizations from './2026_11_22_0010_organizations.js';
import * as poolRequests from './2026_11_22_0011_pool_requests.js';
import * as redemptions from './2026_11_22_0012_redemptions.js';
import * as donations from './2026_11_22_0013_donations.js';
import * as keyExpiryAndUserUpgrade from './2026_11_22_0014_key_expiry_and_user_upgrade.js';
import * as recentActivityIndexes from './2026_11_23_0001_recent_activity_indexes.js';
import * as operatorRevocation from './2026_11_23_0002_operator_revocation.js';
import * as poolRequestIdempotency from './2026_11_23_0003_pool_request_idempotency.js';
import * as endpointCircuit from './2026_12_07_1001_endpoint_circuit.js';
import { sealedWebhookHeaders } from './2026_11_24_0001_sealed_webhook_headers.js';
import * as orderedAndPacedEndpoints from './2026_12_07_2001_ordered_and_paced_endpoints.js';
import * as startableDeliveriesIndex from './2026_12_07_2101_startable_deliveries_index.js';

/** What a migration may need beyond the database: the master key, to seal secrets already stored. */
export interface MigrationContext {
  masterKey?: string;
}

/** Every migration, in order; the static list keeps bundlers and the Migrator in agreement. */
export const migrations = (context: MigrationContext): Record<string, Migration> => ({
  '2026_11_22_0001_foundation': foundation,
  '2026_11_22_0002_ledger': ledger,
  '2026_11_22_0005_webhooks': webhooks,
  '2026_11_22_0006_delivery_workflow_started': deliveryWorkflowStarted,
  '2026_11_22_0008_api_usage': apiUsage,
  '2026_11_22_0009_campaigns': campaigns,
  '2026_11_22_0010_organizations': organizations,
  '2026_11_22_0011_pool_requests': poolRequests,
  '2026_11_22_0012_redemptions': redemptions,
  '2026_11_22_0013_donations': donations,
  '2026_11_22_0014_key_expiry_and_user_upgrade': keyExpiryAndUserUpgrade,
  '2026_11_23_0001_recent_activity_indexes': recentActivityIndexes,
  '2026_11_23_0002_operator_revocation': operatorRevocation,
  '2026_11_23_0003_pool_request_idempotency': poolRequestIdempotency,
  '2026_11_24_0001_sealed_webhook_headers': sealedWebhookHeaders(context.masterKey),
  '2026_12_07_1001_endpoint_circuit': endpointCircuit,
  '2026_12_07_2001_ordered_and_paced_endpoints': orderedAndPacedEndpoints,
  '2026_12_07_2101_startable_deliveries_index': startableDeliveriesIndex,
});
