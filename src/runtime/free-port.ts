import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

// Ports are picked below the kernel's ephemeral range: a port from that range, free a moment ago,
// can be taken meanwhile as the local port of any outgoing connection or any listen(0), which made
// a server started later fail with EADDRINUSE. Below it, only another pick like this one can.
const ephemeralStart = (() => {
  try {
    const start = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(start) && start > 12_000 ? start : 32_768;
  } catch {
    return 32_768;
  }
})();
const lowest = 10_000;
const attempts = 50;

function isFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port that was free a moment ago, chosen at random below the ephemeral range. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = randomInt(lowest, ephemeralStart);
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port found below ${ephemeralStart} after ${attempts} tries`);
}
