import type { CampaignView } from '../../campaigns/campaign-view.js';
import type { DashboardQueries } from '../../dashboard/dashboard-queries.js';
import { count, when } from './format.js';
import { html, type SafeHtml } from './html.js';
import { portalPage, type PageContext } from './page-shell.js';
import { barChart, columnChart } from './svg-charts.js';

type Result<K extends keyof DashboardQueries> = Awaited<ReturnType<DashboardQueries[K]>>;

export interface DashboardView {
  days: number;
  summary: Result<'summary'>;
  trends: Result<'trends'>;
  topEarners: Result<'topEarners'>;
  apiUsage: Result<'apiUsage'>;
  health: Result<'integrationHealth'>;
  campaigns: CampaignView[];
}

export const dashboardWindows = [7, 30, 90] as const;

function summaryBlock({ summary }: DashboardView): SafeHtml {
  const figure = (label: string, value: number, id: string) =>
    html`<div class="card"><div class="muted">${label}</div><div class="figure" id="${id}">${count(value)}</div></div>`;
  return html`<section aria-labelledby="summary-heading"><h2 id="summary-heading">Summary</h2><div class="grid">
${figure('Tokens in active pools', summary.pools.totalBalance, 'summary-balance')}
${figure('Actions, last 30 days', summary.activity.last30Days.actions, 'summary-actions')}
${figure('Tokens distributed, last 30 days', summary.activity.last30Days.tokensDistributed, 'summary-tokens')}
${figure('Users', summary.users.total, 'summary-users')}</div>
${summary.pools.lowBalance > 0 ? html`<p class="notice error">${summary.pools.lowBalance} pool(s) below their low-balance threshold: ask for more tokens under Token pools.</p>` : ''}</section>`;
}

function healthBlock({ health }: DashboardView): SafeHtml {
  const areas = [
    ['API keys', health.keys],
    ['Token pool', health.pool],
    ['Webhooks', health.webhooks],
    ['Recent failures', health.recentFailures],
  ] as const;
  return html`<section aria-labelledby="health-heading"><h2 id="health-heading">Integration health <span class="badge ${health.status}">${health.status}</span></h2>
<table><caption>Checked ${when(health.checkedAt)}</caption><thead><tr><th scope="col">Area</th><th scope="col">Verdict</th><th scope="col">What it means</th></tr></thead>
<tbody>${areas.map(([label, verdict]) => html`<tr><th scope="row">${label}</th><td><span class="badge ${verdict.status}">${verdict.status}</span></td><td>${verdict.message}</td></tr>`)}</tbody></table></section>`;
}

function trendsBlock(context: PageContext, view: DashboardView): SafeHtml {
  const tabs = html`<nav class="tabs" aria-label="Window">${dashboardWindows.map(
    (days) =>
      html`<a href="/portal/${context.environment}/dashboard?days=${days}"${days === view.days ? html` aria-current="page"` : ''}>${days} days</a>`,
  )}</nav>`;
  const chart = view.trends.data.some((day) => day.actions > 0)
    ? columnChart({
        id: 'trends-chart',
        title: `Actions per day, last ${view.days} days`,
        series: ['Completed', 'Failed', 'Processing'],
        bars: view.trends.data.map((day) => ({
          label: day.date,
          values: [day.completed, day.failed, day.actions - day.completed - day.failed],
        })),
      })
    : html`<p class="empty">No actions in the last ${view.days} days. Actions your backend submits show here as they complete.</p>`;
  const tokens = view.trends.data.reduce((sum, day) => sum + day.tokensDistributed, 0);
  return html`<section aria-labelledby="trends-heading"><h2 id="trends-heading">Trends</h2>${tabs}${chart}<p>${count(tokens)} tokens distributed in these ${view.days} days.</p></section>`;
}

function earnersBlock({ topEarners, days }: DashboardView): SafeHtml {
  const body =
    topEarners.data.length === 0
      ? html`<p class="empty">No user earned tokens in the last ${days} days.</p>`
      : html`<table id="top-earners"><caption>Top earners, last ${days} days</caption><thead><tr><th scope="col">User</th><th scope="col" class="num">Earned</th><th scope="col" class="num">Reversed</th><th scope="col" class="num">Balance</th></tr></thead>
<tbody>${topEarners.data.map((user) => html`<tr><th scope="row">${user.partnerUserId}</th><td class="num">${count(user.tokensEarned)}</td><td class="num">${count(user.tokensReversed)}</td><td class="num">${count(user.balance)}</td></tr>`)}</tbody></table>`;
  return html`<section aria-labelledby="earners-heading"><h2 id="earners-heading">Top earners</h2>${body}</section>`;
}

function usageBlock({ apiUsage, days }: DashboardView): SafeHtml {
  if (apiUsage.routes.length === 0) {
    return html`<section aria-labelledby="usage-heading"><h2 id="usage-heading">API usage</h2><p class="empty">No API requests with a partner key in the last ${days} days. Requests your backend signs show here within seconds.</p></section>`;
  }
  const chart = barChart({
    id: 'usage-chart',
    title: `API requests by route and outcome, last ${days} days`,
    series: ['Succeeded', 'Server errors', 'Client errors', 'Rate limited (429)'],
    bars: apiUsage.routes.map((route) => ({
      label: `${route.method} ${route.route.replace('/v1/partner', '')}`,
      values: [
        route.requests - route.errors,
        route.serverErrors,
        route.errors - route.rateLimited - route.serverErrors,
        route.rateLimited,
      ],
    })),
  });
  const { totals } = apiUsage;
  return html`<section aria-labelledby="usage-heading"><h2 id="usage-heading">API usage</h2>
<p>${count(totals.requests)} requests, ${(totals.errorRate * 100).toFixed(1)} % errors, ${totals.averageMs} ms on average (slowest ${totals.maxMs} ms).</p>${chart}</section>`;
}

function campaignsBlock(context: PageContext, { campaigns }: DashboardView): SafeHtml {
  const body =
    campaigns.length === 0
      ? html`<p class="empty">No ${context.environment} campaigns. Campaigns are created through the API (POST /v1/partner/campaigns).</p>`
      : html`<table><caption>Campaigns, newest first</caption><thead><tr><th scope="col">Campaign</th><th scope="col">Status</th><th scope="col" class="num">Distributed</th><th scope="col" class="num">Budget used</th></tr></thead>
<tbody>${campaigns.map(
          (campaign) =>
            html`<tr><th scope="row"><a href="/portal/${context.environment}/campaigns/${encodeURIComponent(campaign.id)}">${campaign.name}</a></th><td>${campaign.status}</td><td class="num">${count(campaign.tokensDistributed)} of ${count(campaign.tokenBudget)}</td><td class="num">${campaign.budgetUsedPercent} %</td></tr>`,
        )}</tbody></table>`;
  return html`<section aria-labelledby="campaigns-heading"><h2 id="campaigns-heading">Campaigns</h2>${body}</section>`;
}

export function renderDashboardPage(context: PageContext, view: DashboardView): string {
  const body = html`${summaryBlock(view)}${healthBlock(view)}${trendsBlock(context, view)}${earnersBlock(view)}${usageBlock(view)}${campaignsBlock(context, view)}`;
  return portalPage(context, 'dashboard', 'Dashboard', body);
}

/** Before the first key there is no partner, so nothing to show but the way forward. */
export function renderNoPartnerPage(context: PageContext): string {
  return portalPage(
    context,
    'dashboard',
    'Dashboard',
    html`<p class="empty">Nothing here yet. <a href="/portal/${context.environment}/keys">Create your first API key</a> to set up your partner account.</p>`,
  );
}
