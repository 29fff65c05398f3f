import { eventTypes, wildcardEventType } from '../../webhooks/event-types.js';
import { html, type SafeHtml } from './html.js';

/** Event type checkboxes, the wildcard first; `prefix` keeps ids unique when two forms share a page. */
export function eventTypeFieldset(prefix: string, selected: string[]): SafeHtml {
  const options = [wildcardEventType, ...eventTypes];
  return html`<fieldset><legend>Events to receive <span class="hint">(* is every type, including ones added later)</span></legend>
${options.map((type) => {
  const id = `${prefix}-event-${type.replace(/[^a-z_*]/gi, '-').replace('*', 'all')}`;
  return html`<label for="${id}"><input type="checkbox" id="${id}" name="eventTypes" value="${type}"${selected.includes(type) ? html` checked` : ''}>${type === wildcardEventType ? '* (all events)' : type}</label>`;
})}</fieldset>`;
}

export function headersField(prefix: string, hint: string): SafeHtml {
  return html`<label for="${prefix}-headers">Custom headers <span class="hint">${hint}</span></label>
<textarea id="${prefix}-headers" name="headers" rows="3" placeholder="X-Team: rewards"></textarea>`;
}
