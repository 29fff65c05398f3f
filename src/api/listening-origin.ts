import type { Server } from 'node:http';

/**
 * The origin this server listens on, for links when PUBLIC_BASE_URL is not configured (development
 * and tests): an address the operator chose, never what a request's Host header claims.
 */
export function listeningOrigin(server: Server): string {
  const address = server.address();
  if (!address || typeof address === 'string') return 'http://localhost';
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
