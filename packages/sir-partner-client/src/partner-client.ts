import { createTransport, type SirClientOptions } from './http-transport.js';
import { actionsResource } from './resources/actions.js';
import { apiCalls } from './resources/api-calls.js';
import { campaignsResource } from './resources/campaigns.js';
import { dashboardResource } from './resources/dashboard.js';
import { redemptionsResource } from './resources/redemptions.js';
import { tokenPoolsResource } from './resources/token-pools.js';
import { transactionsResource } from './resources/transactions.js';
import { usersResource } from './resources/users.js';
import { webhooksResource } from './resources/webhooks.js';
import { widgetResource } from './resources/widget.js';

/**
 * The SIR Giving Partner API for a partner's backend: every call signed with the secret key's
 * HMAC secret (widget calls with the publishable key), errors as SirApiError, and retries only
 * where a second send cannot do a second thing.
 */
export class SirPartnerClient {
  readonly users: ReturnType<typeof usersResource>;
  readonly actions: ReturnType<typeof actionsResource>;
  readonly tokenPools: ReturnType<typeof tokenPoolsResource>;
  readonly transactions: ReturnType<typeof transactionsResource>;
  readonly campaigns: ReturnType<typeof campaignsResource>;
  readonly webhooks: ReturnType<typeof webhooksResource>;
  readonly redemptions: ReturnType<typeof redemptionsResource>;
  readonly dashboard: ReturnType<typeof dashboardResource>;
  readonly widget: ReturnType<typeof widgetResource>;

  constructor(options: SirClientOptions) {
    const calls = apiCalls(createTransport(options));
    this.users = usersResource(calls);
    this.actions = actionsResource(calls);
    this.tokenPools = tokenPoolsResource(calls);
    this.transactions = transactionsResource(calls);
    this.campaigns = campaignsResource(calls);
    this.webhooks = webhooksResource(calls);
    this.redemptions = redemptionsResource(calls);
    this.dashboard = dashboardResource(calls);
    this.widget = widgetResource(calls);
  }
}
