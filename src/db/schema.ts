import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable, Updateable } from 'kysely';

export type Environment = 'sandbox' | 'production';
export type PartnerStatus = 'PENDING' | 'ACTIVE' | 'INACTIVE' | 'SUSPENDED';
export type KeyType = 'secret' | 'publishable';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type JsonObject = Record<string, unknown>;

export interface PartnersTable {
  id: string;
  name: string;
  slug: string;
  status: PartnerStatus;
  contact_email: string | null;
  features: JSONColumnType<string[], string, string>;
  rate_limit_per_minute: number;
  reward_rules: JSONColumnType<JsonObject | null, string | null, string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PortalUsersTable {
  id: string;
  email: string;
  password_hash: string;
  name: string;
  partner_id: string | null;
  created_at: Generated<Date>;
}

export interface ApiKeysTable {
  id: string;
  partner_id: string;
  name: string;
  environment: Environment;
  key_type: KeyType;
  public_key: string;
  secret_key_hash: string | null;
  secret_key_hint: string | null;
  hmac_secret_encrypted: string | null;
  is_active: Generated<boolean>;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  deleted_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PartnerUsersTable {
  id: string;
  partner_id: string;
  environment: Environment;
  external_id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  metadata: JSONColumnType<JsonObject, string, string>;
  /** The full SIR account the user was upgraded to; set together with upgraded_at, once. */
  sir_account_id: string | null;
  upgraded_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** A key warned of its coming expiry, per expiry value: a new expiresAt is warned again. */
export interface ApiKeyExpiryWarningsTable {
  api_key_id: string;
  expires_at: Timestamp;
  warned_at: Generated<Date>;
}

export interface EventsTable {
  id: string;
  partner_id: string;
  environment: Environment;
  type: string;
  data: JSONColumnType<JsonObject, string, string>;
  request_id: string | null;
  created_at: Generated<Date>;
  dispatched_at: Timestamp | null;
  /** Set for pings and test events: delivered to this endpoint only. */
  target_endpoint_id: string | null;
}

export type PoolStatus = 'ACTIVE' | 'INACTIVE';
export type AccountKind = 'allocation' | 'pool' | 'pool_receivable' | 'user' | 'user_debt' | 'redemption';
export type TransactionKind = 'allocation' | 'reward' | 'reversal' | 'redemption';
export type ProcessingStatus = 'PROCESSING' | 'COMPLETED' | 'FAILED';

export interface TokenPoolsTable {
  id: string;
  partner_id: string;
  environment: Environment;
  name: string;
  status: PoolStatus;
  low_balance_threshold: number;
  low_balance_notified: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface LedgerAccountsTable {
  id: string;
  partner_id: string;
  environment: Environment;
  kind: AccountKind;
  owner_id: string;
  balance: Generated<number>;
  created_at: Generated<Date>;
}

export interface LedgerTransactionsTable {
  id: string;
  partner_id: string;
  environment: Environment;
  kind: TransactionKind;
  action_id: string | null;
  reversal_id: string | null;
  pool_id: string | null;
  partner_user_id: string | null;
  tokens: number;
  description: string;
  created_at: Generated<Date>;
}

export interface LedgerEntriesTable {
  id: Generated<number>;
  transaction_id: string;
  account_id: string;
  amount: number;
}

/** One stakeholder's share of an action, as credited. */
export interface ActionCredit {
  partnerUserId: string;
  externalUserId: string;
  stakeholderTypeCode: string;
  tokens: number;
  debtRepaid: number;
  transactionId: string;
}

export interface ActionsTable {
  id: string;
  partner_id: string;
  environment: Environment;
  idempotency_key: string;
  request_fingerprint: string;
  action_type: string;
  amount: string | null;
  currency: string | null;
  campaign_id: string | null;
  request: JSONColumnType<JsonObject, string, string>;
  status: ProcessingStatus;
  failure_code: string | null;
  failure_reason: string | null;
  tokens_distributed: Generated<number>;
  tokens_reversed: Generated<number>;
  reversed_percentage: Generated<string>;
  pool_id: string | null;
  credits: JSONColumnType<ActionCredit[], string | undefined, string>;
  request_id: string | null;
  created_at: Generated<Date>;
  completed_at: Timestamp | null;
}

export interface ReversalsTable {
  id: string;
  partner_id: string;
  environment: Environment;
  action_id: string;
  refund_idempotency_key: string;
  request_fingerprint: string;
  reversal_percentage: string;
  reason: string;
  status: ProcessingStatus;
  failure_code: string | null;
  failure_reason: string | null;
  tokens_returned: Generated<number>;
  debt_created: Generated<number>;
  request_id: string | null;
  created_at: Generated<Date>;
  completed_at: Timestamp | null;
}

export type DeliveryStatus = 'PENDING' | 'RETRYING' | 'DELIVERED' | 'FAILED' | 'CANCELLED';

export interface WebhookEndpointsTable {
  id: string;
  partner_id: string;
  environment: Environment;
  url: string;
  description: string | null;
  event_types: string[];
  receive_all_events: Generated<boolean>;
  /** Custom headers, sealed under the master key like the secret; null when there are none. */
  headers_sealed: string | null;
  /** Per custom header, what the partner is shown of its value. */
  header_hints: JSONColumnType<Record<string, string>, string | undefined, string>;
  secret_encrypted: string;
  previous_secret_encrypted: string | null;
  previous_secret_expires_at: Timestamp | null;
  standard_webhooks: Generated<boolean>;
  is_active: Generated<boolean>;
  disabled_reason: string | null;
  disabled_at: Timestamp | null;
  consecutive_failures: Generated<number>;
  /** Failed attempts since the last success, whatever their delivery: what opens the circuit. */
  failed_attempts_in_row: Generated<number>;
  /** The first failed attempt since the last success; null while the endpoint answers. */
  failing_since: Timestamp | null;
  /** Null while the circuit is closed; while open, one delivery probes and the others are parked. */
  circuit_opened_at: Timestamp | null;
  circuit_probe_delivery_id: string | null;
  circuit_next_probe_at: Timestamp | null;
  /** Deliveries start one at a time, in delivery_sequence order. */
  ordered: Generated<boolean>;
  /** The last delivery_sequence handed out; taken under the row lock, so numbers follow commit order. */
  last_delivery_sequence: Generated<number>;
  /** Null: no rate limit. */
  max_deliveries_per_second: number | null;
  /** The earliest time the next request to this endpoint may start (the GCRA's theoretical arrival time). */
  rate_next_at: Timestamp | null;
  /** How far ahead waiting deliveries have been told to ask again, so they come back one per slot. */
  rate_queue_until: Timestamp | null;
  /** Set while the request granted last has not been written yet; the next waits for it. */
  rate_lease_until: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Timestamp | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  event_id: string;
  partner_id: string;
  environment: Environment;
  event_type: string;
  status: DeliveryStatus;
  /** The exact body bytes sent on every attempt, so signatures and receivers' dedupe agree. */
  payload: string;
  attempt_count: Generated<number>;
  manual_retries: Generated<number>;
  workflow_id: string;
  last_error: string | null;
  last_response_status: number | null;
  next_attempt_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  delivered_at: Timestamp | null;
  /** Null until the delivery's current workflow (workflow_id) is known to exist; the dispatcher starts those. */
  workflow_started_at: Timestamp | null;
  /** Set while the delivery waits for its endpoint's circuit to close (no attempts, no timers but its window). */
  parked_at: Timestamp | null;
  /** Its place among its ordered endpoint's deliveries; null for an endpoint that was not ordered when it was recorded. */
  delivery_sequence: number | null;
}

export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: string;
  attempt_number: number;
  request_headers: JSONColumnType<Record<string, string>, string, string>;
  response_status: number | null;
  response_body: string | null;
  duration_ms: number;
  error: string | null;
  succeeded: boolean;
  created_at: Generated<Date>;
}

/** Requests per partner, environment, minute, key, route and status, added up by every API replica. */
export interface ApiUsageMinutesTable {
  partner_id: string;
  environment: Environment;
  minute: Timestamp;
  key_id: string;
  method: string;
  route: string;
  status: number;
  request_count: number;
  total_ms: number;
  max_ms: number;
}

export type CampaignStatus = 'DRAFT' | 'ACTIVE' | 'PAUSED' | 'COMPLETED';
export type CampaignCompletionReason = 'SCHEDULE' | 'BUDGET_REACHED' | 'PARTNER';

export interface CampaignsTable {
  id: string;
  partner_id: string;
  environment: Environment;
  name: string;
  description: string | null;
  status: CampaignStatus;
  starts_at: Timestamp;
  ends_at: Timestamp | null;
  token_budget: number;
  tokens_distributed: Generated<number>;
  reward_rules: JSONColumnType<JsonObject, string, string>;
  /** The number of lifecycle steps applied; each step's activity expects the one before it. */
  lifecycle_version: Generated<number>;
  activated_at: Timestamp | null;
  paused_at: Timestamp | null;
  completed_at: Timestamp | null;
  completion_reason: CampaignCompletionReason | null;
  budget_reached_at: Timestamp | null;
  request_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The nonprofit directory: where donations and redemptions send their gifts. */
export interface OrganizationsTable {
  id: string;
  slug: string;
  name: string;
  ein: string | null;
  category: string | null;
  description: string | null;
  website_url: string | null;
  is_active: Generated<boolean>;
  created_at: Generated<Date>;
}

export type RedemptionStatus = 'PENDING' | 'APPROVED' | 'COMPLETED' | 'REJECTED';

/** A user's tokens spent as a gift to an organization; PENDING → APPROVED → COMPLETED, or REJECTED. */
export interface RedemptionsTable {
  id: string;
  partner_id: string;
  environment: Environment;
  idempotency_key: string;
  request_fingerprint: string;
  partner_user_id: string;
  organization_id: string;
  tokens: number;
  note: string | null;
  status: RedemptionStatus;
  rejection_code: string | null;
  rejection_reason: string | null;
  /** The ledger transaction that moved the tokens out of the user's balance, once approved. */
  transaction_id: string | null;
  request_id: string | null;
  created_at: Generated<Date>;
  reviewed_at: Timestamp | null;
  completed_at: Timestamp | null;
}

export type DonationStatus = 'PENDING' | 'COMPLETED';

/** A donation checkout created from the widget; the donor completes it on the hosted page. */
export interface DonationsTable {
  id: string;
  partner_id: string;
  environment: Environment;
  organization_id: string;
  amount_minor: number;
  currency: string;
  frequency: string;
  provider: string;
  donor_email: string;
  donor_first_name: string;
  donor_last_name: string;
  /** The partner user the reward goes to: given by the partner or derived from the email. */
  donor_partner_user_id: string;
  checkout_token_hash: string;
  status: DonationStatus;
  expires_at: Timestamp;
  completed_at: Timestamp | null;
  request_id: string | null;
  created_at: Generated<Date>;
}

/** SIR Giving staff who decide pool requests and partner status; not partners. */
export interface OperatorsTable {
  id: string;
  name: string;
  token_hash: string;
  token_hint: string;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: Generated<Date>;
}

export type PoolRequestStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'EXPIRED';

export interface TokenPoolRequestsTable {
  id: string;
  partner_id: string;
  environment: Environment;
  /** Null asks for a new pool, created on approval. */
  pool_id: string | null;
  tokens_requested: number;
  tokens_approved: number | null;
  reason: string;
  status: PoolRequestStatus;
  /** The rejection reason, or the approver's note. */
  decision_note: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  expires_at: Timestamp;
  transaction_id: string | null;
  request_id: string | null;
  /** The partner's key for retries of this request, with the fingerprint of the body it came with. */
  idempotency_key: string | null;
  request_fingerprint: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface Database {
  partners: PartnersTable;
  portal_users: PortalUsersTable;
  api_keys: ApiKeysTable;
  api_key_expiry_warnings: ApiKeyExpiryWarningsTable;
  partner_users: PartnerUsersTable;
  events: EventsTable;
  token_pools: TokenPoolsTable;
  ledger_accounts: LedgerAccountsTable;
  ledger_transactions: LedgerTransactionsTable;
  ledger_entries: LedgerEntriesTable;
  actions: ActionsTable;
  reversals: ReversalsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  campaigns: CampaignsTable;
  operators: OperatorsTable;
  token_pool_requests: TokenPoolRequestsTable;
  api_usage_minutes: ApiUsageMinutesTable;
  organizations: OrganizationsTable;
  redemptions: RedemptionsTable;
  donations: DonationsTable;
}

export type Partner = Selectable<PartnersTable>;
export type NewPartner = Insertable<PartnersTable>;
export type PortalUser = Selectable<PortalUsersTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type ApiKeyUpdate = Updateable<ApiKeysTable>;
export type PartnerUser = Selectable<PartnerUsersTable>;
export type EventRow = Selectable<EventsTable>;
export type TokenPool = Selectable<TokenPoolsTable>;
export type LedgerTransaction = Selectable<LedgerTransactionsTable>;
export type Action = Selectable<ActionsTable>;
export type Reversal = Selectable<ReversalsTable>;
export type WebhookEndpoint = Selectable<WebhookEndpointsTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;
export type WebhookAttempt = Selectable<WebhookAttemptsTable>;
export type Campaign = Selectable<CampaignsTable>;
export type Operator = Selectable<OperatorsTable>;
export type TokenPoolRequest = Selectable<TokenPoolRequestsTable>;
export type Organization = Selectable<OrganizationsTable>;
export type Redemption = Selectable<RedemptionsTable>;
export type Donation = Selectable<DonationsTable>;
