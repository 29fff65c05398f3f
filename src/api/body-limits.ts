/**
 * Every route but bulk takes one object whose fields are bounded (metadata at most 8 KB), so 64 KB
 * is far more than any valid body. A larger Content-Length is refused from the headers alone,
 * before a byte of the body is read: a hostile sender cannot make the API read and scan a
 * megabyte on every route. Bulk takes up to 100 such objects and keeps the configured limit.
 */
const oneObjectBodyLimitBytes = 64 * 1024;

export interface BodyLimits {
  /** Routes that take one object. */
  oneObjectBytes: number;
  /** Routes that take a batch of objects (bulk). */
  batchBytes: number;
}

export function bodyLimits(configuredBytes: number): BodyLimits {
  return { oneObjectBytes: Math.min(oneObjectBodyLimitBytes, configuredBytes), batchBytes: configuredBytes };
}
