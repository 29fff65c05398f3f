import type { ApiKeyView } from '../../keys/api-key-view.js';
import { when, dateTimeInputValue } from './format.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, portalPage, type Notice, type PageContext } from './page-shell.js';
import { secretValue } from './secret-reveal.js';

export interface CreatedKey extends ApiKeyView {
  secretKey?: string;
  hmacSecret?: string;
}

function createdKeyBlock(created: CreatedKey | undefined): SafeHtml {
  if (!created) return html``;
  return html`<section class="notice secret" aria-labelledby="created-heading" id="created-key">
<h2 id="created-heading">Key “${created.name}” created: copy its secrets now</h2>
<p>They are shown this once and cannot be shown again. Store them in your backend's secret store.</p>
${secretValue('created-public-key', 'Publishable key', created.publicKey)}
${created.secretKey ? secretValue('created-secret-key', 'Secret key', created.secretKey) : ''}
${created.hmacSecret ? secretValue('created-hmac-secret', 'HMAC signing secret', created.hmacSecret) : ''}</section>`;
}

function keyRow(context: PageContext, key: ApiKeyView): SafeHtml {
  const base = `/portal/${context.environment}/keys/${encodeURIComponent(key.id)}`;
  const state = !key.isActive
    ? html`<span class="badge error">inactive</span>`
    : html`<span class="badge ok">active</span>`;
  return html`<tr id="key-${key.id}"><th scope="row">${key.name}</th><td>${key.keyType}</td><td><code>${key.publicKey}</code>${key.secretKeyHint ? html`<br><span class="muted">secret ${key.secretKeyHint}</span>` : ''}</td>
<td>${state}</td><td>${when(key.expiresAt)}</td><td>${when(key.lastUsedAt)}</td>
<td><details><summary>Change “${key.name}”</summary>
<form method="post" action="${base}" class="card">${csrfField(context)}
<label for="name-${key.id}">Name</label><input type="text" id="name-${key.id}" name="name" value="${key.name}" required maxlength="100">
<label for="expires-${key.id}">Expires at (UTC) <span class="hint">empty: never</span></label><input type="datetime-local" id="expires-${key.id}" name="expiresAt" value="${dateTimeInputValue(key.expiresAt)}">
<label for="active-${key.id}">Status</label><select id="active-${key.id}" name="isActive"><option value="true"${key.isActive ? ' selected' : ''}>Active</option><option value="false"${key.isActive ? '' : ' selected'}>Deactivated</option></select>
<p><button type="submit">Save “${key.name}”</button></p></form>
<form method="post" action="${base}/revoke">${csrfField(context)}<button type="submit" class="danger">Revoke “${key.name}” for good</button></form></details></td></tr>`;
}

export function renderKeysPage(
  context: PageContext,
  keys: ApiKeyView[],
  created?: CreatedKey,
  notice?: Notice,
): string {
  const list =
    keys.length === 0
      ? html`<p class="empty">No ${context.environment} keys yet. Create one below; your backend signs its requests with it.</p>`
      : html`<table><caption>${context.environment} API keys</caption><thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Keys</th><th scope="col">Status</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col">Manage</th></tr></thead>
<tbody>${keys.map((key) => keyRow(context, key))}</tbody></table>`;
  const form = html`<section class="card" aria-labelledby="create-heading"><h2 id="create-heading">Create a ${context.environment} key</h2>
<form method="post" action="/portal/${context.environment}/keys">${csrfField(context)}
<label for="key-name">Name <span class="hint">e.g. Checkout server</span></label><input type="text" id="key-name" name="name" required maxlength="100">
<label for="key-type">Type</label><select id="key-type" name="keyType"><option value="secret">Secret key pair (server side, signs requests)</option><option value="publishable">Publishable key only (browser widget)</option></select>
<label for="key-expires">Expires at (UTC) <span class="hint">optional</span></label><input type="datetime-local" id="key-expires" name="expiresAt">
<p><button type="submit">Create key</button></p></form></section>`;
  return portalPage(context, 'keys', 'API keys', html`${createdKeyBlock(created)}${list}${form}`, notice);
}
