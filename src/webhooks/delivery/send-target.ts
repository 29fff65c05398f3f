import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { endpointUrlProblem, type UrlPolicy } from '../endpoints/endpoint-url.js';
import { isPublicAddress } from '../target-address.js';

/** Where one attempt connects: the URL for the request line, TLS name and Host, and the checked address. */
export interface SendTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** A target the policy refuses; `permanent` when the URL itself is the problem, so no retry can help. */
export class UnsafeTargetError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'UnsafeTargetError';
  }
}

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const resolveAll: Resolver = (hostname) => dnsLookup(hostname, { all: true });

/**
 * Checks a URL at send time and resolves it once. In production (and in sandbox unless private
 * targets are allowed) only https to public addresses; the address returned is the one to
 * connect to, so a second DNS answer can never swap in a private one.
 */
export async function resolveSendTarget(
  text: string,
  policy: UrlPolicy,
  resolve: Resolver = resolveAll,
): Promise<SendTarget> {
  const problem = endpointUrlProblem(text, policy);
  if (problem) throw new UnsafeTargetError(`refused before connecting: ${problem}`, true);
  const url = new URL(text);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
  const allowPrivate = policy.environment === 'sandbox' && policy.allowPrivateTargetsInSandbox;
  const usable = addresses.find((candidate) => allowPrivate || isPublicAddress(candidate.address));
  if (!usable) {
    const found = addresses.map((candidate) => candidate.address).join(', ');
    throw new UnsafeTargetError(
      `refused before connecting: ${host} resolves to non-public addresses only (${found})`,
      false,
    );
  }
  return { url, address: usable.address, family: usable.family === 6 ? 6 : 4 };
}
