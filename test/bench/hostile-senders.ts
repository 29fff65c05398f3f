import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { signedHeaders } from '../support/sign.js';

/**
 * The hostile side of `npm run bench:hostile`, in its own process as a real attacker would be:
 * deeply nested 1 MB bodies (to an unknown path, to login and signed to a real route) and
 * wrong-password login loops, back to back until the deadline, each kind from its own source
 * address (bound on 127.0.0.0/8, which Linux routes to loopback). Prints the statuses it got as JSON.
 */
interface SenderSettings {
  port: number;
  durationMs: number;
  nestedSenders: number;
  loginLoops: number;
  depth: number;
  email: string;
  credentials: { partnerKey: string; hmacSecret: string };
  /** The source addresses the nested bodies and the login loops are sent from. */
  nestedSource: string;
  loginSource: string;
  /** Send bodiless GETs to an unknown path instead of nested bodies: a flood nothing refuses or bans. */
  cheapFlood: boolean;
}

const settings = JSON.parse(process.argv[2]!) as SenderSettings;
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const nestedBody = Buffer.from(`{"x":${'['.repeat(settings.depth)}${']'.repeat(settings.depth)}}`);
// Refused before authentication, so one signature made up front serves the whole run.
const signedNested = signedHeaders(settings.credentials, 'POST', '/v1/partner/users', nestedBody.toString());

function send(
  localAddress: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
  method = 'POST',
): Promise<number> {
  return new Promise((resolve) => {
    const call = request(
      {
        host: '127.0.0.1',
        port: settings.port,
        method,
        path,
        localAddress,
        agent,
        headers: { ...headers, 'content-length': String(body.length) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    call.on('error', () => resolve(0));
    call.end(body);
  });
}

async function loop(deadline: number, once: () => Promise<number>, statuses: Record<string, number>) {
  while (Date.now() < deadline) {
    const status = await once();
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
}

const deadline = Date.now() + settings.durationMs;
const nested: Record<string, number> = {};
const logins: Record<string, number> = {};
const paths = ['/v1/nothing-here', '/v1/partner/auth/login', '/v1/partner/users'];
await Promise.all([
  ...Array.from({ length: settings.nestedSenders }, (_, i) =>
    loop(
      deadline,
      () =>
        settings.cheapFlood
          ? send(settings.nestedSource, '/v1/nothing-here', { connection: 'close' }, Buffer.alloc(0), 'GET')
          : send(
              settings.nestedSource,
              paths[i % 3]!,
              paths[i % 3] === '/v1/partner/users' ? signedNested : { 'content-type': 'application/json' },
              nestedBody,
            ),
      nested,
    ),
  ),
  ...Array.from({ length: settings.loginLoops }, (_, i) =>
    loop(
      deadline,
      () => {
        const email = i % 2 ? settings.email : `guess-${i}@example.com`;
        return send(
          settings.loginSource,
          '/v1/partner/auth/login',
          { 'content-type': 'application/json' },
          Buffer.from(JSON.stringify({ email, password: `wrong-${randomBytes(3).toString('hex')}` })),
        );
      },
      logins,
    ),
  ),
]);
agent.destroy();
const cpu = process.cpuUsage();
process.stdout.write(
  JSON.stringify({
    [settings.cheapFlood ? 'cheapFlood' : 'nestedBodies']: nested,
    wrongPasswordLogins: logins,
    sendersCpuMs: Math.round((cpu.user + cpu.system) / 1000),
  }),
);
