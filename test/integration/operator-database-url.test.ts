import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rememberLocalPassword, urlWithoutPassword } from '../../src/runtime/local-database-password.js';
import { runBuiltEntryArgs } from '../support/built-entry.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const run = promisify(execFile);

/** Issue 14, finding 11: the database URL `npm run dev` prints works for operator commands, and shows no password. */
describe('operator commands with the URL the dev stack prints', () => {
  let database: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'sir-dev-data-'));
  });
  afterAll(async () => {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('finding 11: partner:create connects with the printed URL, which keeps the user and hides the password', async () => {
    const printed = urlWithoutPassword(database.url);
    const { username, password } = new URL(database.url);
    expect(password).not.toBe('');
    expect(new URL(printed).username).toBe(username);
    expect(printed).not.toContain(`:${password}@`);
    rememberLocalPassword(dataDir, database.url);
    expect((await stat(join(dataDir, 'postgres.pgpass'))).mode & 0o077).toBe(0);

    const { stdout } = await run(
      process.execPath,
      [
        ...runBuiltEntryArgs('src/cli/partner-create.js'),
        '--email',
        'ops@acme.example',
        '--name',
        'Ada Ops',
        '--partner',
        'Acme',
      ],
      {
        env: { ...process.env, DATABASE_URL: printed, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      },
    );
    expect(stdout).toMatch(/^created portal user /);
    const user = await database.db
      .selectFrom('portal_users')
      .select('email')
      .where('email', '=', 'ops@acme.example')
      .executeTakeFirst();
    expect(user).toEqual({ email: 'ops@acme.example' });
  });
});
