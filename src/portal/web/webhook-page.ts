import type { WebhookEndpointView } from '../../webhooks/endpoints/endpoint-view.js';
import type { deliveryView } from '../../webhooks/history/delivery-view.js';
import type { WebhookHealthQueries } from '../../webhooks/history/webhook-health-queries.js';
import { when } from './format.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, portalPage, type Notice, type PageContext } from './page-shell.js';
import { endpointState, webhookSecretBlock } from './webhooks-page.js';
import { eventTypeFieldset, headersField } from './webhook-form-fields.js';

export type DeliveryView = ReturnType<typeof deliveryView>;
export type EndpointHealth = Awaited<ReturnType<WebhookHealthQueries['health']>>['endpoints'][number];

export interface WebhookPageView {
  endpoint: WebhookEndpointView;
  deliveries: DeliveryView[];
  health: EndpointHealth | undefined;
  /** A secret just rotated, shown this once. */
  rotatedSecret?: string;
}

const deliveryBadge: Record<string, string> = {
  DELIVERED: 'ok',
  PENDING: 'warning',
  RETRYING: 'warning',
  FAILED: 'error',
  CANCELLED: 'error',
};

function healthBlock(view: WebhookPageView): SafeHtml {
  const { endpoint, health } = view;
  const rate = health?.successRate == null ? 'no attempts yet' : `${(health.successRate * 100).toFixed(1)} %`;
  return html`<section class="card" aria-labelledby="health-heading"><h2 id="health-heading">Health, last 24 hours</h2>
<div class="grid"><div><div class="muted">Status</div><div id="endpoint-status">${endpointState(endpoint)}</div></div>
<div><div class="muted">Success rate</div><div class="figure">${rate}</div></div>
<div><div class="muted">Average response</div><div class="figure">${health?.averageResponseTimeMs == null ? '—' : `${health.averageResponseTimeMs} ms`}</div></div>
<div><div class="muted">Failures in a row</div><div class="figure">${endpoint.consecutiveFailures}</div></div></div>
${endpoint.isActive ? '' : html`<p class="notice error">Disabled ${when(endpoint.disabledAt)}: ${endpoint.disabledReason ?? 'no reason recorded'}. Fix the receiver, then re-enable it below; failed deliveries can be recovered after that.</p>`}</section>`;
}

function attemptsTable(delivery: DeliveryView): SafeHtml {
  if (delivery.attempts.length === 0) return html`<p class="muted">No attempt yet: it is queued.</p>`;
  return html`<table><caption>Attempts of ${delivery.id}</caption><thead><tr><th scope="col" class="num">#</th><th scope="col">At</th><th scope="col" class="num">Status</th><th scope="col" class="num">Time</th><th scope="col">Response body or error</th></tr></thead>
<tbody>${delivery.attempts.map(
    (attempt) =>
      html`<tr><td class="num">${attempt.attemptNumber}</td><td>${when(attempt.createdAt)}</td><td class="num">${attempt.responseStatus ?? '—'}</td><td class="num">${attempt.durationMs ?? '—'} ms</td><td><code>${attempt.error ?? attempt.responseBody ?? ''}</code></td></tr>`,
  )}</tbody></table>`;
}

function deliveryBlock(context: PageContext, endpoint: WebhookEndpointView, delivery: DeliveryView): SafeHtml {
  const base = `/portal/${context.environment}/webhooks/${encodeURIComponent(endpoint.id)}`;
  const retryable = delivery.status !== 'PENDING' && delivery.status !== 'RETRYING';
  return html`<article class="card delivery" id="delivery-${delivery.id}" data-status="${delivery.status}">
<h3>${delivery.eventType} <span class="badge ${deliveryBadge[delivery.status] ?? 'warning'}">${delivery.status}</span></h3>
<p class="muted">${delivery.id} · event ${delivery.eventId} · created ${when(delivery.createdAt)} · ${delivery.attemptCount} attempt(s)${delivery.manualRetries > 0 ? `, retried by hand ${delivery.manualRetries} time(s)` : ''}</p>
${attemptsTable(delivery)}
<details><summary>Request body sent</summary><pre>${JSON.stringify(delivery.request.payload, null, 2)}</pre></details>
${retryable ? html`<form method="post" action="${base}/deliveries/${encodeURIComponent(delivery.id)}/retry">${csrfField(context)}<button type="submit" class="secondary">Retry delivery ${delivery.id}</button></form>` : ''}</article>`;
}

export function renderWebhookPage(context: PageContext, view: WebhookPageView, notice?: Notice): string {
  const { endpoint } = view;
  const base = `/portal/${context.environment}/webhooks/${encodeURIComponent(endpoint.id)}`;
  const actions = html`<section class="card" aria-labelledby="actions-heading"><h2 id="actions-heading">Test and recover</h2>
<form method="post" action="${base}/test" class="inline">${csrfField(context)}<button type="submit">Send a test event</button></form>
<form method="post" action="${base}/recover" class="inline">${csrfField(context)}<label for="recover-since">Re-send failed deliveries since (UTC)</label><input type="datetime-local" id="recover-since" name="since" required><button type="submit" class="secondary">Recover</button></form></section>`;
  const deliveries =
    view.deliveries.length === 0
      ? html`<p class="empty">No deliveries yet. Send a test event above and it shows here with every attempt.</p>`
      : view.deliveries.map((delivery) => deliveryBlock(context, endpoint, delivery));
  const edit = html`<section class="card" aria-labelledby="edit-heading"><h2 id="edit-heading">Edit endpoint</h2>
<form method="post" action="${base}">${csrfField(context)}
<label for="edit-url">URL</label><input type="url" id="edit-url" name="url" required value="${endpoint.url}">
<label for="edit-description">Description</label><input type="text" id="edit-description" name="description" value="${endpoint.description ?? ''}" maxlength="500">
${eventTypeFieldset('edit', endpoint.eventTypes)}
<p class="muted">Current custom headers: ${
    Object.keys(endpoint.headers).length === 0
      ? 'none'
      : Object.entries(endpoint.headers)
          .map(([name, hint]) => `${name} (${hint})`)
          .join(', ')
  }.</p>
${headersField('edit', 'leave empty to keep the current ones; values are write-only')}
<p><label for="edit-clear-headers"><input type="checkbox" id="edit-clear-headers" name="clearHeaders" value="true"> Remove every custom header</label></p>
<label for="edit-active">Status</label><select id="edit-active" name="isActive"><option value="true"${endpoint.isActive ? ' selected' : ''}>Enabled</option><option value="false"${endpoint.isActive ? '' : ' selected'}>Disabled</option></select>
<p><button type="submit">Save changes</button></p></form></section>
<section class="card" aria-labelledby="rotate-heading"><h2 id="rotate-heading">Rotate the signing secret</h2>
<form method="post" action="${base}/rotate-secret">${csrfField(context)}
<label for="grace-hours">Hours the old secret keeps signing too <span class="hint">0 to 168</span></label><input type="number" id="grace-hours" name="gracePeriodHours" min="0" max="168" value="24" required>
<p><button type="submit" class="secondary">Rotate secret</button></p></form>
${endpoint.previousSecretExpiresAt ? html`<p class="muted">The previous secret signs too until ${when(endpoint.previousSecretExpiresAt)}.</p>` : ''}</section>
<section class="card" aria-labelledby="delete-heading"><h2 id="delete-heading">Delete</h2><form method="post" action="${base}/delete">${csrfField(context)}<button type="submit" class="danger">Delete this endpoint</button></form></section>`;
  const body = html`<p><a href="/portal/${context.environment}/webhooks">All endpoints</a></p>
<p><code>${endpoint.url}</code>${endpoint.description ? html` · ${endpoint.description}` : ''}</p>
${webhookSecretBlock(view.rotatedSecret, 'Secret rotated: copy the new one now')}${healthBlock(view)}${actions}
<section aria-labelledby="log-heading"><h2 id="log-heading">Delivery log, newest first</h2>${deliveries}</section>${edit}`;
  return portalPage(context, 'webhooks', 'Webhook endpoint', body, notice);
}
