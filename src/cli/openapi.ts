import { buildOpenApiDocument } from '../api/openapi-document.js';
import { runCli } from './run-cli.js';

runCli(async () => {
  process.stdout.write(`${JSON.stringify(await buildOpenApiDocument(), null, 2)}\n`);
});
