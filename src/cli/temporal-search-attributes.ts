import { Connection } from '@temporalio/client';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { registerSearchAttributes } from '../temporal/dev/dev-server.js';
import { searchAttributeCreateCommands } from '../temporal/dev/search-attribute-commands.js';
import { runCli } from './run-cli.js';

/**
 * Prints the commands that register the custom search attributes on a real cluster, or with
 * --apply registers the missing ones on TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE itself.
 */
runCli(async () => {
  const { values } = parseArgs({ options: { apply: { type: 'boolean' }, namespace: { type: 'string' } } });
  const config = loadConfig();
  const namespace = values.namespace ?? config.TEMPORAL_NAMESPACE;
  if (!values.apply) {
    console.log(
      `# Register the search attributes on namespace ${namespace} (add --address/--tls options of your cluster):`,
    );
    for (const line of searchAttributeCreateCommands(namespace)) console.log(line);
    return;
  }
  const address = config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
  const connection = await Connection.connect({ address });
  try {
    const added = await registerSearchAttributes(connection, namespace);
    console.log(
      added.length > 0
        ? `registered on ${address}/${namespace}: ${added.join(', ')}`
        : `all search attributes already registered on ${address}/${namespace}`,
    );
  } finally {
    await connection.close();
  }
});
