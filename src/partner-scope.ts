import type { Environment } from './db/schema.js';

/** Every partner-facing query is scoped by both: a test key never sees production rows. */
export interface PartnerScope {
  partnerId: string;
  environment: Environment;
}
