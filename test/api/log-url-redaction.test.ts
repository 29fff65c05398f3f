import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logOptions } from '../../src/observability/logger.js';
import { logCapture } from '../support/log-capture.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('request URLs in the logs', () => {
  const capture = logCapture();
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ logger: { ...logOptions('info'), stream: capture.stream } });
  });
  afterAll(async () => t.close());

  it('never carry a checkout link token, and keep every other path as requested', async () => {
    const token = 'chk_0123456789abcdefghijklmnopqrstuvwxyz';
    await t.app.inject({ method: 'GET', url: `/checkout/${token}?from=email` });
    await t.app.inject({ method: 'GET', url: '/healthz?probe=1' });

    expect(capture.text()).not.toContain(token);
    const urls = capture
      .lines()
      .flatMap((line) => ((line.req as { url?: string } | undefined)?.url ? [(line.req as { url: string }).url] : []));
    expect(urls).toEqual(['/checkout/[redacted]?from=email', '/healthz?probe=1']);
  });
});
