/**
 * An endpoint URL fit for the Web UI and operator output: receivers often put a token in the query
 * string, so the query, the fragment and any userinfo are dropped.
 */
export function redactedUrl(raw: string): string {
  try {
    const url = new URL(raw);
    const hidden = url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '';
    return `${url.protocol}//${url.host}${url.pathname}${hidden ? ' (query hidden)' : ''}`;
  } catch {
    return '(unparsable URL)';
  }
}
