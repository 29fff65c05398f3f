import { html } from './html.js';
import { publicPage } from './page-shell.js';

/** Shown when a request cannot be answered with its own page; says what to do next. */
export function renderErrorPage(title: string, message: string, next: { href: string; label: string }): string {
  return publicPage(
    title,
    html`<h1>${title}</h1><div class="notice error" role="alert">${message}</div><p><a href="${next.href}">${next.label}</a></p>`,
  );
}
