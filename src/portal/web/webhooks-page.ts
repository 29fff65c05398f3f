import type { WebhookEndpointView } from '../../webhooks/endpoints/endpoint-view.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, portalPage, type Notice, type PageContext } from './page-shell.js';
import { secretValue } from './secret-reveal.js';
import { eventTypeFieldset, headersField } from './webhook-form-fields.js';

export function endpointState(endpoint: WebhookEndpointView): SafeHtml {
  if (endpoint.isActive) return html`<span class="badge ok">enabled</span>`;
  return html`<span class="badge error">disabled</span> <span class="muted">${endpoint.disabledReason ?? ''}</span>`;
}

/** The secret of a new endpoint, or of a rotation, shown this once. */
export function webhookSecretBlock(secret: string | undefined, heading: string): SafeHtml {
  if (!secret) return html``;
  return html`<section class="notice secret" aria-labelledby="secret-heading" id="webhook-secret"><h2 id="secret-heading">${heading}</h2>
<p>It is shown this once. Your receiver checks each delivery's X-SIR-Signature with it.</p>${secretValue('webhook-secret-value', 'Signing secret', secret)}</section>`;
}

export function renderWebhooksPage(
  context: PageContext,
  endpoints: WebhookEndpointView[],
  created?: { secret: string },
  notice?: Notice,
): string {
  const list =
    endpoints.length === 0
      ? html`<p class="empty">No ${context.environment} webhook endpoints yet. Register one below to be told when actions complete, pools run low and more.</p>`
      : html`<table><caption>${context.environment} webhook endpoints</caption><thead><tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">Status</th><th scope="col" class="num">Failures in a row</th></tr></thead>
<tbody>${endpoints.map(
          (endpoint) =>
            html`<tr><th scope="row"><a href="/portal/${context.environment}/webhooks/${encodeURIComponent(endpoint.id)}">${endpoint.url}</a>${endpoint.description ? html`<br><span class="muted">${endpoint.description}</span>` : ''}</th>
<td>${endpoint.eventTypes.join(', ')}</td><td>${endpointState(endpoint)}</td><td class="num">${endpoint.consecutiveFailures}</td></tr>`,
        )}</tbody></table>`;
  const form = html`<section class="card" aria-labelledby="register-heading"><h2 id="register-heading">Register a ${context.environment} endpoint</h2>
<form method="post" action="/portal/${context.environment}/webhooks">${csrfField(context)}
<label for="new-url">URL <span class="hint">${context.environment === 'production' ? 'https and a public host' : 'any http(s) URL your receiver listens on'}</span></label><input type="url" id="new-url" name="url" required maxlength="2048">
<label for="new-description">Description <span class="hint">optional</span></label><input type="text" id="new-description" name="description" maxlength="500">
${eventTypeFieldset('new', [])}
${headersField('new', 'optional, one “Name: value” per line')}
<p><label for="new-standard"><input type="checkbox" id="new-standard" name="standardWebhooks" value="true"> Also sign with the Standard Webhooks headers</label></p>
<p><button type="submit">Register endpoint</button></p></form></section>`;
  return portalPage(
    context,
    'webhooks',
    'Webhooks',
    html`${webhookSecretBlock(created?.secret, 'Endpoint registered: copy its signing secret now')}${list}${form}`,
    notice,
  );
}
