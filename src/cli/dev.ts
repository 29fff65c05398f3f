import { loadConfig } from '../config.js';
import { urlWithoutPassword } from '../runtime/local-database-password.js';
import { startLocalStack, type LocalStack } from '../runtime/local-stack.js';
import { onShutdown } from '../runtime/shutdown.js';
import { runCli } from './run-cli.js';

function describe(stack: LocalStack): string {
  const lines = [
    '',
    'SIR Giving Partner API — local stack is ready',
    `  API           ${stack.apiUrl}`,
    `  API docs      ${stack.apiUrl}/partner-api`,
    `  Temporal UI   ${stack.temporalUiUrl ?? `(external Temporal at ${stack.temporalAddress})`}`,
    `  PostgreSQL    ${urlWithoutPassword(stack.databaseUrl)}   (DATABASE_URL for npm run ops / partner:create)`,
  ];
  if (stack.seeded) {
    const { credentials, envFile } = stack.seeded;
    lines.push(
      '',
      'First start: created a sandbox partner with a funded sandbox token pool (1,000,000 tokens).',
      'These secrets are shown once; they are also in a file only you can read:',
      `  publishable key  ${credentials.publicKey}`,
      `  secret key       ${credentials.secretKey}`,
      `  HMAC secret      ${credentials.hmacSecret}`,
      `  portal login     ${credentials.email} / ${credentials.password}`,
      `  operator token   ${credentials.operatorToken}   (admin API, /v1/admin/…)`,
      `  source ${envFile}   # then run the README's curl example`,
    );
  }
  lines.push('', 'Ctrl-C stops everything.');
  return lines.join('\n');
}

runCli(async () => {
  // Local receivers on loopback are the norm in development; production keeps the refusal.
  const config = loadConfig({ LOG_LEVEL: 'warn', WEBHOOK_ALLOW_PRIVATE_IN_SANDBOX: 'true', ...process.env });
  const stack = await startLocalStack(config, (line) => console.error(line));
  console.log(describe(stack));
  onShutdown([stack.stop]);
});
