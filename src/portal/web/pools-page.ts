import type { PoolRequestView } from '../../pool-requests/pool-request-view.js';
import type { TokenPoolQueries } from '../../pools/token-pool-queries.js';
import { count, when } from './format.js';
import { html } from './html.js';
import { csrfField, portalPage, type Notice, type PageContext } from './page-shell.js';

export type PoolView = Awaited<ReturnType<TokenPoolQueries['list']>>['data'][number];

const requestBadge: Record<string, string> = {
  APPROVED: 'ok',
  PENDING: 'warning',
  REJECTED: 'error',
  EXPIRED: 'error',
};

export function renderPoolsPage(
  context: PageContext,
  pools: PoolView[],
  requests: PoolRequestView[],
  notice?: Notice,
): string {
  const poolList =
    pools.length === 0
      ? html`<p class="empty">No ${context.environment} token pool yet. Ask for an allocation below; an approved request opens one.</p>`
      : html`<table><caption>${context.environment} token pools</caption><thead><tr><th scope="col">Pool</th><th scope="col">Status</th><th scope="col" class="num">Balance</th><th scope="col" class="num">Low-balance threshold</th></tr></thead>
<tbody>${pools.map(
          (pool) =>
            html`<tr><th scope="row">${pool.name}<br><code class="muted">${pool.id}</code></th><td>${pool.status}</td><td class="num">${count(pool.balance)} ${pool.isLowBalance ? html`<span class="badge warning">low</span>` : ''}</td><td class="num">${count(pool.lowBalanceThreshold)}</td></tr>`,
        )}</tbody></table>`;
  const requestList =
    requests.length === 0
      ? html`<p class="empty">No allocation requests yet.</p>`
      : html`<table><caption>Allocation requests, newest first</caption><thead><tr><th scope="col">Asked</th><th scope="col" class="num">Tokens asked</th><th scope="col" class="num">Approved</th><th scope="col">Status</th><th scope="col">Reason</th><th scope="col">Decision</th></tr></thead>
<tbody>${requests.map(
          (request) =>
            html`<tr><td>${when(request.createdAt)}</td><td class="num">${count(request.tokensRequested)}</td><td class="num">${request.tokensApproved === null ? '—' : count(request.tokensApproved)}</td>
<td><span class="badge ${requestBadge[request.status] ?? 'warning'}">${request.status}</span></td><td>${request.reason}</td><td>${request.decisionNote ?? (request.status === 'PENDING' ? `waits for SIR Giving until ${when(request.expiresAt)}` : '—')}</td></tr>`,
        )}</tbody></table>`;
  const form = html`<section class="card" aria-labelledby="request-heading"><h2 id="request-heading">Ask for more tokens</h2>
<form method="post" action="/portal/${context.environment}/pools/requests">${csrfField(context)}
<label for="request-tokens">Tokens</label><input type="number" id="request-tokens" name="tokens" min="1" required>
<label for="request-reason">Reason <span class="hint">for the SIR Giving operator who decides</span></label><textarea id="request-reason" name="reason" rows="2" required maxlength="1000"></textarea>
${pools.length > 0 ? html`<label for="request-pool">Pool to top up</label><select id="request-pool" name="poolId">${pools.map((pool) => html`<option value="${pool.id}">${pool.name}</option>`)}</select>` : ''}
<p><button type="submit">Send request</button></p></form></section>`;
  return portalPage(
    context,
    'pools',
    'Token pools',
    html`${poolList}<h2>Allocation requests</h2>${requestList}${form}`,
    notice,
  );
}
