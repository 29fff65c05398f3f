const maxKeys = 50;
const maxBytes = 8 * 1024;

/** Why a metadata object is over its limits (50 keys, 8 KB of JSON), or undefined when it is within them. */
export function metadataLimitProblem(metadata: Record<string, unknown>): string | undefined {
  if (Object.keys(metadata).length > maxKeys) return `metadata takes at most ${maxKeys} keys`;
  if (Buffer.byteLength(JSON.stringify(metadata)) > maxBytes) return 'metadata is limited to 8 KB of JSON';
  return undefined;
}
