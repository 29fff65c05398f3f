import { startPartnerBackend } from './src/partner-backend.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run "source .data/sandbox.env" after "npm run dev" has started once`);
  return value;
}

const backend = await startPartnerBackend({
  sir: {
    baseUrl: required('SIR_BASE_URL'),
    secretKey: required('SIR_SECRET_KEY'),
    hmacSecret: required('SIR_HMAC_SECRET'),
  },
  port: Number(process.env.PORT ?? 4000),
  publicUrl: process.env.PUBLIC_URL,
  onEvent: (event) => console.log(`verified ${event.type} ${event.id}`, JSON.stringify(event.data)),
});
console.log(`Partner backend on ${backend.url} (webhook ${backend.webhookId})`);
console.log(
  `  curl -X POST ${backend.url}/purchase -H 'content-type: application/json' -d '{"orderId":"1001","userId":"shopper_1","amount":25,"currency":"USD"}'`,
);

process.once('SIGINT', () => {
  backend.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
