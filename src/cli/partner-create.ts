import { parseArgs } from 'node:util';
import { loadConfig, requireSetting } from '../config.js';
import { createDatabase } from '../db/create-database.js';
import { localPasswordFor } from '../runtime/local-database-password.js';
import { randomToken } from '../ids.js';
import { createPartnerAccount } from '../portal/create-partner-account.js';
import { runCli } from './run-cli.js';

const usage =
  'usage: npm run partner:create -- --email <email> --name <person> --partner <partner name> [--password <pw>] [--status ACTIVE|PENDING]';

/** Operator command: accounts come from the SIR app, so the API itself has no sign-up route. */
runCli(async () => {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      partner: { type: 'string' },
      password: { type: 'string' },
      status: { type: 'string', default: 'ACTIVE' },
    },
  });
  if (!values.email || !values.name || !values.partner) throw new Error(usage);
  if (values.status !== 'ACTIVE' && values.status !== 'PENDING') throw new Error(usage);
  const config = loadConfig();
  const databaseUrl = requireSetting(config, 'DATABASE_URL');
  const db = createDatabase(databaseUrl, 1, localPasswordFor(databaseUrl, config.DATA_DIR));
  const password = values.password ?? randomToken(20);
  try {
    const { user, partner } = await createPartnerAccount(db, {
      email: values.email,
      password,
      name: values.name,
      partnerName: values.partner,
      partnerStatus: values.status,
    });
    console.log(
      `created portal user ${user.id} <${user.email}> for partner ${partner.id} (${partner.slug}, ${partner.status})`,
    );
    if (!values.password) console.log(`generated password (shown once): ${password}`);
    console.log('next: POST /v1/partner/auth/login, then POST /v1/partner/keys with the returned token');
  } finally {
    await db.destroy();
  }
});
