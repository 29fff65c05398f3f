import type { TestApp, TestPartner } from './test-app.js';

type Credentials = TestPartner['sandbox'];

/** A campaign body; each PURCHASE earns `tokensPerAction` whatever the amount, so budgets count actions. */
export function campaignBody(overrides: Record<string, unknown> = {}, tokensPerAction = 10) {
  return {
    name: 'Spring drive',
    description: 'Ten tokens per purchase',
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    tokenBudget: 1000,
    rewardRules: { default: { fixedTokens: tokensPerAction } },
    ...overrides,
  };
}

export async function createCampaign(t: TestApp, who: Credentials, body: unknown) {
  const response = await t.signed(who, 'POST', '/v1/partner/campaigns', body);
  if (response.statusCode !== 201) throw new Error(`campaign creation failed: ${response.body}`);
  return response.json() as { id: string; status: string };
}

/**
 * Polls until `accept` holds: the lifecycle workflow applies timers on the real dev server in
 * its own time. Bounded, and normally done in a few hundred milliseconds.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function campaignWithStatus(t: TestApp, who: Credentials, id: string, status: string) {
  return eventually(
    async () => (await t.signed(who, 'GET', `/v1/partner/campaigns/${id}`)).json(),
    (campaign) => campaign.status === status,
  );
}
