/** Headers a delivery sets itself; a partner's custom headers can never replace them. */
const reservedNames = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'user-agent',
  'host',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'request-id',
]);
const reservedPrefixes = ['x-sir-', 'webhook-', 'proxy-'];

const customHeaderLimits = { count: 20, nameLength: 100, valueLength: 1000 };

function isReservedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return reservedNames.has(lower) || reservedPrefixes.some((prefix) => lower.startsWith(prefix));
}

// RFC 9110 token characters; values are visible ASCII and spaces, so nothing can split the header.
const tokenPattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const valuePattern = /^[\x20-\x7e]*$/;

/** Why a custom header map cannot be used, one message per problem; empty when it can. */
export function customHeaderProblems(headers: Record<string, string>): string[] {
  const names = Object.keys(headers);
  const problems: string[] = [];
  if (names.length > customHeaderLimits.count) problems.push(`at most ${customHeaderLimits.count} custom headers`);
  const seen = new Set<string>();
  for (const name of names) {
    const value = headers[name] ?? '';
    if (!tokenPattern.test(name) || name.length > customHeaderLimits.nameLength)
      problems.push(`"${name}" is not a valid header name`);
    else if (isReservedHeader(name)) problems.push(`"${name}" is set by every delivery and cannot be customised`);
    else if (seen.has(name.toLowerCase())) problems.push(`"${name}" is given twice`);
    if (!valuePattern.test(value) || value.length > customHeaderLimits.valueLength) {
      problems.push(
        `the value of "${name}" must be printable ASCII of at most ${customHeaderLimits.valueLength} characters`,
      );
    }
    seen.add(name.toLowerCase());
  }
  return problems;
}
