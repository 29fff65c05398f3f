import { createHash } from 'node:crypto';
import type { CheckoutView } from './checkout-service.js';
import { escapeHtml } from './html-escape.js';

const stylesheet = `
body{margin:0;font-family:system-ui,sans-serif;background:#f4f5f7;color:#1d2330}
main{max-width:28rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin:0 0 1rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem}dt{color:#667}dd{margin:0}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:4px;background:#fde68a;font-size:.8rem}
.notice{padding:.8rem;border-radius:8px;background:#eef2ff}
button{width:100%;padding:.8rem;border:0;border-radius:8px;background:#2563eb;color:#fff;font-size:1rem;cursor:pointer}
`;

/** No script at all; the one inline stylesheet is allowed by its hash, nothing else loads. */
export const checkoutPageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': [
    "default-src 'none'",
    `style-src 'sha256-${createHash('sha256').update(stylesheet).digest('base64')}'`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; '),
  // The URL is the donor's credential: never send it on as a Referer, never cache the page.
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

function page(title: string, body: string, refresh = false): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${refresh ? '<meta http-equiv="refresh" content="2">' : ''}<title>${escapeHtml(title)}</title><style>${stylesheet}</style></head>
<body><main>${body}</main></body></html>`;
}

function rewardSection(reward: CheckoutView['reward']): { html: string; refresh: boolean } {
  if (reward?.status === 'COMPLETED')
    return {
      html: `<p id="reward">You earned <strong>${escapeHtml(reward.tokens)}</strong> SIR tokens.</p>`,
      refresh: false,
    };
  if (reward?.status === 'FAILED')
    return { html: '<p id="reward">The reward could not be issued; the partner has been told.</p>', refresh: false };
  // Refreshed until the reward action has finished.
  return { html: '<p id="reward">Your SIR token reward is being processed…</p>', refresh: true };
}

function actionSection(view: CheckoutView): { html: string; refresh: boolean } {
  if (view.state === 'COMPLETED') {
    const reward = rewardSection(view.reward);
    return {
      html: `<h2 id="state" data-state="completed">Donation completed</h2><p>Thank you, ${escapeHtml(view.donorName)}.</p>${reward.html}`,
      refresh: reward.refresh,
    };
  }
  if (view.state === 'EXPIRED')
    return {
      html: '<p id="state" data-state="expired" class="notice">This donation link has expired. Start the donation again from the partner site.</p>',
      refresh: false,
    };
  if (view.environment === 'production') {
    return {
      html: '<p id="state" data-state="unavailable" class="notice">Live payment providers are not connected yet, so this donation cannot be paid here. No money has moved.</p>',
      refresh: false,
    };
  }
  // A relative action, so the form also works under a PUBLIC_BASE_URL with a path.
  const form = `<form method="post" action="${escapeHtml(encodeURIComponent(view.token))}/complete"><button type="submit">Complete test donation</button></form>`;
  return {
    html: `<p id="state" data-state="pending" class="notice">Sandbox: no money moves. Completing rewards the donor with test tokens.</p>${form}`,
    refresh: false,
  };
}

export function renderCheckoutPage(view: CheckoutView): string {
  const action = actionSection(view);
  const badge = view.environment === 'sandbox' ? '<p class="badge">Sandbox</p>' : '';
  const body = `${badge}<h1>Donate to ${escapeHtml(view.organizationName)}</h1>
<dl><dt>Amount</dt><dd id="amount">${escapeHtml(view.amount)}${view.frequency === 'once' ? ' (one-time)' : ''}</dd>
<dt>Donor</dt><dd id="donor">${escapeHtml(view.donorName)} &lt;${escapeHtml(view.donorEmail)}&gt;</dd></dl>
${action.html}`;
  return page(`Donate to ${view.organizationName}`, body, action.refresh);
}

export function renderMissingCheckoutPage(): string {
  return page(
    'Donation link not found',
    '<h1>Donation link not found</h1><p class="notice">Check the link, or start the donation again from the partner site.</p>',
  );
}
