import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits: the checkout URL is the only credential the donor's browser holds. */
export function newCheckoutToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashCheckoutToken(token) };
}

/** Only this hash is stored, so the table alone opens no checkout page. */
export function hashCheckoutToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The hosted checkout page of a token under the public base URL (which may carry a path). */
export function checkoutLink(baseUrl: string, token: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(`checkout/${encodeURIComponent(token)}`, base).toString();
}
