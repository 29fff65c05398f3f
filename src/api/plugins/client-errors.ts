import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ApiError } from '../../errors.js';

function refusalFor(code: string | undefined): ApiError {
  if (code === 'HPE_HEADER_OVERFLOW')
    return new ApiError('HEADERS_TOO_LARGE', 'the request line and headers together exceed the 16 KB the server reads');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return new ApiError('REQUEST_TIMEOUT', 'the request was not received in time');
  return new ApiError('VALIDATION_ERROR', 'the request is not valid HTTP/1.1');
}

/**
 * Refusals Node's HTTP parser makes before Fastify routes anything (an over-long request line,
 * malformed HTTP), written to the socket in the error envelope as Fastify's default would in its own.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const refusal = refusalFor(error.code);
  const body = JSON.stringify({ error: { code: refusal.code, message: refusal.message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
