import { WorkflowNotFoundError } from '@temporalio/common';
import { integrationHealthFacts } from '../dashboard/integration-health-queries.js';
import { integrationHealth } from '../dashboard/health-verdicts.js';
import { notFound } from '../errors.js';
import { fetchHistories, replayHistories } from '../temporal/worker/replay-histories.js';
import { environmentOf, required } from './ops-arguments.js';
import type { OpsArgs, OpsContext } from './ops-context.js';

const column = (text: string, width: number) => text.padEnd(width);

export const diagnosisOpsCommands: Record<string, (context: OpsContext, args: OpsArgs) => Promise<void>> = {
  /** The verdicts of the partner dashboard's integration-health, as support reads them. */
  async health({ db, print }, { positionals, values }) {
    const partnerId = required(positionals[0], '<partnerId>');
    const environment = environmentOf(values.environment);
    const partner = await db
      .selectFrom('partners')
      .select(['id', 'name', 'status'])
      .where('id', '=', partnerId)
      .executeTakeFirst();
    if (!partner) throw notFound('partner');
    const health = integrationHealth(await integrationHealthFacts(db, { partnerId, environment }, new Date()));
    print(
      `integration health of ${partner.id} (${partner.name}, ${partner.status}) in ${environment}: ${health.status}`,
    );
    const areas = [
      ['keys', health.keys],
      ['pool', health.pool],
      ['webhooks', health.webhooks],
      ['actions', health.recentFailures],
    ] as const;
    for (const [area, verdict] of areas) print(`  ${column(area, 9)} ${column(verdict.status, 8)} ${verdict.message}`);
  },

  /** Replays one workflow's history from Temporal against the workflow code of this checkout. */
  async replay({ temporal, print }, { positionals }) {
    const workflowId = required(positionals[0], '<workflowId>');
    let histories;
    try {
      histories = await fetchHistories(await temporal(), [workflowId]);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound(`workflow ${workflowId}`);
      throw error;
    }
    print(
      `replaying the history of ${workflowId} (${histories[0]!.history.events?.length ?? 0} events) against the current workflow code`,
    );
    const [verdict] = await replayHistories(histories);
    if (verdict?.deterministic) return print(`deterministic: ${workflowId} replays against the current code`);
    print(`NOT deterministic: ${workflowId}\n  ${verdict?.error ?? 'no verdict'}`);
    // A verdict, not a crash: printed in full, with the exit code a script can test.
    process.exitCode = 1;
  },
};
