import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm run dev` prints its database URL without the password; the password is kept beside the
 * data in pgpass format (also usable by psql as PGPASSFILE), readable only by its owner, so
 * operator commands given the printed URL can still connect.
 */
const fileName = 'postgres.pgpass';

/** The URL as shown to people: the user stays, the password never does. */
export function urlWithoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

export function rememberLocalPassword(dataDir: string, url: string): void {
  const { hostname, port, username, password } = new URL(url);
  writeFileSync(
    join(dataDir, fileName),
    `${hostname}:${port}:*:${decodeURIComponent(username)}:${decodeURIComponent(password)}\n`,
    { mode: 0o600 },
  );
}

/** The password `npm run dev` kept for a URL that carries none, or undefined (the URL's own, or PGPASSWORD, then applies). */
export function localPasswordFor(url: string, dataDir: string): string | undefined {
  const { hostname, port, username, password } = new URL(url);
  const file = join(dataDir, fileName);
  if (password || !existsSync(file)) return undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [host, linePort, , user, ...rest] = line.split(':');
    if (host === hostname && linePort === port && user === decodeURIComponent(username)) return rest.join(':');
  }
  return undefined;
}
