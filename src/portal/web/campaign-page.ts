import type { CampaignAnalytics } from '../../campaigns/campaign-analytics.js';
import type { CampaignView } from '../../campaigns/campaign-view.js';
import { count, when } from './format.js';
import { html } from './html.js';
import { portalPage, type PageContext } from './page-shell.js';
import { columnChart } from './svg-charts.js';

export type CampaignFigures = Awaited<ReturnType<CampaignAnalytics>>;

export function renderCampaignPage(context: PageContext, campaign: CampaignView, analytics: CampaignFigures): string {
  const figure = (label: string, value: string) =>
    html`<div class="card"><div class="muted">${label}</div><div class="figure">${value}</div></div>`;
  const chart =
    analytics.daily.length === 0
      ? html`<p class="empty">No actions in this campaign yet.</p>`
      : columnChart({
          id: 'campaign-chart',
          title: `Actions per day in ${campaign.name}`,
          series: ['Completed', 'Failed'],
          bars: analytics.daily.map((day) => ({ label: day.date, values: [day.completed, day.failed] })),
        });
  const body = html`<p><a href="/portal/${context.environment}/dashboard">Back to the dashboard</a></p>
<h2>${campaign.name} <span class="badge ${campaign.status === 'ACTIVE' ? 'ok' : 'warning'}">${campaign.status}</span></h2>
${campaign.description ? html`<p>${campaign.description}</p>` : ''}<p class="muted">Runs from ${when(campaign.startsAt)} ${campaign.endsAt ? `to ${when(campaign.endsAt)}` : 'with no end date'}.</p>
<div class="grid">${figure('Budget used', `${analytics.budgetUsedPercent} %`)}${figure('Tokens distributed', `${count(analytics.tokensDistributed)} of ${count(analytics.tokenBudget)}`)}
${figure('Actions', `${count(analytics.completedActions)} completed, ${count(analytics.failedActions)} failed`)}${figure('Users rewarded', count(analytics.uniqueUsers))}</div>
<h2>Daily actions</h2>${chart}`;
  return portalPage(context, 'dashboard', 'Campaign', body);
}
