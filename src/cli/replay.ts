import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { connectTemporalClient } from '../temporal/client/connect-client.js';
import {
  fetchHistories,
  loadHistoryFolder,
  replayHistories,
  type RecordedHistory,
} from '../temporal/worker/replay-histories.js';
import { runCli } from './run-cli.js';

const usage =
  'usage: npm run replay -- <workflowId> [<workflowId> …]   (from TEMPORAL_ADDRESS)\n       npm run replay -- --dir <folder of exported history JSON files>';

/** Replays recorded workflow histories against the current code and says which still replay. */
runCli(async () => {
  const { values, positionals } = parseArgs({ options: { dir: { type: 'string' } }, allowPositionals: true });
  let histories: RecordedHistory[];
  if (values.dir) {
    histories = await loadHistoryFolder(values.dir);
  } else {
    if (positionals.length === 0) throw new Error(usage);
    const config = loadConfig();
    const client = await connectTemporalClient(
      config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`,
      config.TEMPORAL_NAMESPACE,
    );
    histories = await fetchHistories(client, positionals);
    await client.connection.close();
  }
  const verdicts = await replayHistories(histories);
  for (const verdict of verdicts) {
    console.log(
      verdict.deterministic
        ? `deterministic      ${verdict.workflowId}`
        : `NOT deterministic  ${verdict.workflowId}\n  ${verdict.error}`,
    );
  }
  const broken = verdicts.filter((v) => !v.deterministic).length;
  console.log(
    `\n${verdicts.length - broken} of ${verdicts.length} histories replay against the current workflow code.`,
  );
  if (broken > 0) process.exitCode = 1;
});
