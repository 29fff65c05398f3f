import type { Environment } from '../../db/schema.js';
import { html, type HtmlPart, type SafeHtml } from './html.js';

/** Script and styles only from the API itself; nothing inline, nothing framed, forms post home only. */
export const portalPageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; '),
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

export type PortalSection = 'dashboard' | 'keys' | 'webhooks' | 'pools';

const sections: Array<{ id: PortalSection; label: string }> = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'keys', label: 'API keys' },
  { id: 'webhooks', label: 'Webhooks' },
  { id: 'pools', label: 'Token pools' },
];

/** What every signed-in page knows: who, where, and the token its forms carry. */
export interface PageContext {
  email: string;
  environment: Environment;
  csrfToken: string;
}

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

function document(title: string, header: HtmlPart, body: HtmlPart): SafeHtml {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · SIR Giving partner portal</title><link rel="stylesheet" href="/portal/assets/portal.css"><link rel="icon" href="/portal/assets/favicon.svg" type="image/svg+xml">
<script src="/portal/assets/portal.js" defer></script></head>
<body><a class="skip" href="#main">Skip to content</a>${header}<main id="main" tabindex="-1">${body}</main>
<p id="copy-status" role="status" class="live muted"></p></body></html>`;
}

/** A hidden field every write form carries; the server checks it against the session. */
export function csrfField(context: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${context.csrfToken}">`;
}

export function noticeBlock(notice: Notice | undefined): SafeHtml {
  if (!notice) return html``;
  return html`<div class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.text}</div>`;
}

/** A signed-in page: navigation, the environment switch, sign out, then the content. */
export function portalPage(
  context: PageContext,
  section: PortalSection,
  title: string,
  body: HtmlPart,
  notice?: Notice,
): string {
  const header = html`<header>
<a class="brand" href="/portal/${context.environment}/dashboard">SIR Giving partner portal</a>
<nav aria-label="Sections"><ul>${sections.map(
    (entry) =>
      html`<li><a href="/portal/${context.environment}/${entry.id}"${entry.id === section ? html` aria-current="page"` : ''}>${entry.label}</a></li>`,
  )}</ul></nav>
<div class="who"><nav class="env" aria-label="Environment">
<a href="/portal/sandbox/${section}" aria-current="${context.environment === 'sandbox'}">Sandbox</a>
<a href="/portal/production/${section}" aria-current="${context.environment === 'production'}">Production</a></nav>
<span>${context.email}</span>
<form method="post" action="/portal/logout">${csrfField(context)}<button type="submit" class="secondary">Sign out</button></form></div>
</header>`;
  const heading = html`<h1>${title} <span class="badge ${context.environment === 'sandbox' ? 'warning' : 'ok'}">${context.environment}</span></h1>`;
  return document(title, header, html`${heading}${noticeBlock(notice)}${body}`).value;
}

/** A page outside the session: sign in, or an error before one exists. */
export function publicPage(title: string, body: HtmlPart): string {
  return document(title, html``, html`<div class="login">${body}</div>`).value;
}
