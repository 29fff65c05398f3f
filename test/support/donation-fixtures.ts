import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './test-app.js';

/** The body of the spec's scenario 1, unchanged. */
export function donationBody(overrides: Record<string, unknown> = {}) {
  return {
    nonprofitSlug: 'american-red-cross',
    amount: 2500,
    currency: 'USD',
    frequency: 'once',
    provider: 'stripe',
    donorEmail: 'jane@example.com',
    firstName: 'Jane',
    lastName: 'Doe',
    ...overrides,
  };
}

/** A request as a browser widget sends it: the publishable key and nothing else. */
export function widgetRequest(
  t: TestApp,
  publicKey: string,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url,
    headers: { 'x-partner-key': publicKey },
    ...(body !== undefined && { payload: body as object }),
  });
}

/** The path of a donation link, for injecting requests into the app that issued it. */
export function checkoutPath(donationLink: string): string {
  return new URL(donationLink).pathname;
}
