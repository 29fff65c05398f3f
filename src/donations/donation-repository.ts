import type { Insertable, Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Action, Database, DonationsTable } from '../db/schema.js';
import { donationRewardKey } from './donation-reward.js';
import type { DonationRecord } from './donation-types.js';

export async function insertDonation(db: Kysely<Database>, row: Insertable<DonationsTable>): Promise<void> {
  await db.insertInto('donations').values(row).execute();
}

function selectDonations(db: Kysely<Database>) {
  return db
    .selectFrom('donations')
    .innerJoin('organizations', 'organizations.id', 'donations.organization_id')
    .selectAll('donations')
    .select(['organizations.slug as organization_slug', 'organizations.name as organization_name']);
}

/** The partner's donation in that environment; another partner's id is simply not there. */
export async function findScopedDonation(
  db: Kysely<Database>,
  scope: PartnerScope,
  id: string,
): Promise<DonationRecord | undefined> {
  return selectDonations(db)
    .where('donations.partner_id', '=', scope.partnerId)
    .where('donations.environment', '=', scope.environment)
    .where('donations.id', '=', id)
    .executeTakeFirst();
}

export async function findDonationByTokenHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<DonationRecord | undefined> {
  return selectDonations(db).where('donations.checkout_token_hash', '=', tokenHash).executeTakeFirst();
}

/** PENDING → COMPLETED at most once: concurrent completions race on the status, one wins. */
export async function markDonationCompleted(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const updated = await db
    .updateTable('donations')
    .set({ status: 'COMPLETED', completed_at: now })
    .where('id', '=', id)
    .where('status', '=', 'PENDING')
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return updated.numUpdatedRows === 1n;
}

/** The reward action of a donation, once its completion submitted one. */
export async function findDonationReward(db: Kysely<Database>, donation: DonationRecord): Promise<Action | undefined> {
  return db
    .selectFrom('actions')
    .selectAll()
    .where('partner_id', '=', donation.partner_id)
    .where('environment', '=', donation.environment)
    .where('idempotency_key', '=', donationRewardKey(donation.id))
    .executeTakeFirst();
}
