import { createHash } from 'node:crypto';

/**
 * The partner user a donor without a partnerUserId is rewarded as: `donor_` and the first 32 hex
 * digits of SHA-256 of the trimmed, lowercased email. Stable across donations, recomputable by the
 * partner, and it keeps the email out of URLs such as GET /users/:externalId.
 */
export function donorPartnerUserId(email: string): string {
  const digest = createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
  return `donor_${digest.slice(0, 32)}`;
}
