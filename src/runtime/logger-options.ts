import type { FastifyServerOptions } from 'fastify';

/** Credentials can never reach the logs, even if a serializer starts logging headers. */
export const redactedPaths = [
  'req.headers["x-partner-key"]',
  'req.headers["x-signature"]',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.secretKey',
  '*.hmacSecret',
  '*.secret',
];

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return level === 'silent' ? false : { level, redact: { paths: redactedPaths, censor: '[redacted]' } };
}
