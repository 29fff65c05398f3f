import { html, type SafeHtml } from './html.js';

/** A secret shown once, with a copy button the script island reveals. */
export function secretValue(id: string, label: string, value: string): SafeHtml {
  return html`<p><strong>${label}</strong><br><code id="${id}">${value}</code>
<button type="button" class="secondary" data-copy="${id}" hidden aria-label="Copy ${label}">Copy</button></p>`;
}
