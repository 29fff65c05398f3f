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
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
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
}

export interface Database {
  partners: PartnersTable;
  portal_users: PortalUsersTable;
  api_keys: ApiKeysTable;
  partner_users: PartnerUsersTable;
  events: EventsTable;
}

export type Partner = Selectable<PartnersTable>;
export type NewPartner = Insertable<PartnersTable>;
export type PortalUser = Selectable<PortalUsersTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type ApiKeyUpdate = Updateable<ApiKeysTable>;
export type PartnerUser = Selectable<PartnerUsersTable>;
export type EventRow = Selectable<EventsTable>;
