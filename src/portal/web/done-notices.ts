import type { Notice } from './page-shell.js';

/** What a redirect after a write may say: fixed texts chosen by code, never text from the URL. */
const doneTexts = {
  'key-updated': 'Key saved.',
  'key-revoked': 'Key revoked: it can never authenticate again.',
  'webhook-updated': 'Endpoint saved.',
  'webhook-deleted': 'Endpoint deleted; its pending deliveries were stopped.',
  'test-sent': 'Test event queued: it shows in the delivery log below within seconds (reload to see it).',
  retried: 'Delivery queued again with a fresh retry schedule.',
  recovered: 'Failed deliveries since that time were queued again.',
  'request-sent': 'Request sent: a SIR Giving operator approves or rejects it; its status shows below.',
} as const;

export type DoneCode = keyof typeof doneTexts;

export function doneNotice(code: unknown): Notice | undefined {
  return typeof code === 'string' && code in doneTexts ? { kind: 'ok', text: doneTexts[code as DoneCode] } : undefined;
}

export function withDone(path: string, code: DoneCode): string {
  return `${path}?done=${code}`;
}
