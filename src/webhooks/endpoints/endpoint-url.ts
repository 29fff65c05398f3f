import { isIP } from 'node:net';
import type { Environment } from '../../db/schema.js';
import { ApiError } from '../../errors.js';
import { urlTextProblem } from '../../security/url-text.js';
import { isPublicAddress } from '../target-address.js';

export interface UrlPolicy {
  environment: Environment;
  /** WebhookSettings.allowPrivateTargetsInSandbox */
  allowPrivateTargetsInSandbox: boolean;
}

/**
 * Why a webhook URL cannot be registered, or undefined when it can. Only literal hosts are judged
 * here; names are resolved and checked again at send time, when the address is the one used.
 */
export function endpointUrlProblem(text: string, policy: UrlPolicy): string | undefined {
  const textProblem = urlTextProblem(text);
  if (textProblem) return textProblem;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'url must be an absolute http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'url must use http or https';
  if (url.username || url.password) return 'url must not contain credentials; use a custom header instead';
  if (policy.environment === 'sandbox' && policy.allowPrivateTargetsInSandbox) return undefined;
  if (url.protocol !== 'https:') return 'url must use https';
  // WHATWG parsing has already turned forms such as 2130706433 or 0x7f.1 into dotted IPv4.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) ? !isPublicAddress(host) : isLocalName(host)) {
    return 'url must point at a public address, not a private, loopback or link-local one';
  }
  return undefined;
}

export function assertEndpointUrl(text: string, policy: UrlPolicy): void {
  const problem = endpointUrlProblem(text, policy);
  if (problem) throw new ApiError('VALIDATION_ERROR', problem, [{ location: 'body', path: '/url', message: problem }]);
}

// RFC 6761: "localhost" and its subdomains always resolve to loopback.
function isLocalName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}
