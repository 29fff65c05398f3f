import { html } from './html.js';
import { noticeBlock, publicPage, type Notice } from './page-shell.js';

export function renderLoginPage(email = '', notice?: Notice): string {
  return publicPage(
    'Sign in',
    html`<h1>Sign in to the partner portal</h1>${noticeBlock(notice)}
<form method="post" action="/portal/login" class="card">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${email}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">Sign in</button></p></form>
<p class="muted">Use the account your SIR Giving contact set up for you. After five wrong passwords the account is locked for 15 minutes.</p>`,
  );
}
