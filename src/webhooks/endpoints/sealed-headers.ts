import type { SecretBox } from '../../security/secret-box.js';

/** What a partner is shown of a custom header's value: its last characters, only when long enough to stay secret. */
export function headerHint(value: string): string {
  return value.length >= 12 ? `…${value.slice(-4)}` : '…';
}

export function headerHints(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, headerHint(value)]));
}

/** The columns that store custom headers: sealed like the signing secret (null when none), and their hints. */
export function sealedHeaderColumns(secretBox: SecretBox, headers: Record<string, string>) {
  return {
    headers_sealed: Object.keys(headers).length > 0 ? secretBox.seal(JSON.stringify(headers)) : null,
    header_hints: JSON.stringify(headerHints(headers)),
  };
}

export function openHeaders(secretBox: SecretBox, sealed: string | null): Record<string, string> {
  return sealed ? (JSON.parse(secretBox.open(sealed)) as Record<string, string>) : {};
}

/** The headers of an attempt as recorded and shown in the delivery history: custom values cut to their hints. */
export function withHintedCustomHeaders(
  sent: Record<string, string>,
  hints: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(Object.entries(sent).map(([name, value]) => [name, hints[name] ?? value]));
}
