import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { Config } from '../config.js';
import { redactedPaths } from './logger-options.js';
import { serializeRequest } from './request-serializer.js';

export type LogLevel = Config['LOG_LEVEL'];

/** The pino settings every process logs with: JSON lines, one redaction list, errors as objects. */
export function logOptions(level: LogLevel): LoggerOptions {
  return {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    // Temporal's logger hands failures over as `error`; both keys serialize with message and stack.
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err, req: serializeRequest },
  };
}

/** A logger for the worker and the local stack; the API gives logOptions to Fastify. */
export function createLogger(level: LogLevel, destination: DestinationStream = pino.destination(1)): Logger {
  return pino(logOptions(level), destination);
}
