/**
 * Records one history per workflow family from a throwaway local stack into test/histories/, so
 * the suite can replay them against later code: `npm run histories:record` after a deliberate,
 * versioned workflow change, then commit the new files. Workflow types named after `--` are the
 * only ones written (`npm run histories:record -- processAction`), so the others stay as recorded.
 * Shapes of a family are named `{type}-{shape}`: `deliverEvent-continued` and
 * `deliverWebhook-after-first-attempt` come from an endpoint that refuses its first request.
 */
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.js';
import { freePort } from '../../src/runtime/free-port.js';
import { startLocalStack } from '../../src/runtime/local-stack.js';
import { connectTemporalClient } from '../../src/temporal/client/connect-client.js';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import { signedHeaders } from '../support/sign.js';

const outputDir = fileURLToPath(new URL('.', import.meta.url));
const onlyTypes = process.argv.slice(2);

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'sir-histories-'));
  await chmod(dataDir, 0o755);
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    WEBHOOK_ALLOW_PRIVATE_IN_SANDBOX: 'true',
    // The refused first attempt is retried within the recording.
    WEBHOOK_RETRY_INITIAL_SECONDS: '1',
  });
  const stack = await startLocalStack(config, () => {});
  try {
    const credentials = stack.seeded!.credentials;
    const call = async (method: string, path: string, body?: unknown) => {
      const raw = body === undefined ? '' : JSON.stringify(body);
      const response = await fetch(`${stack.apiUrl}${path}`, {
        method,
        headers: signedHeaders(
          { partnerKey: credentials.secretKey, hmacSecret: credentials.hmacSecret },
          method,
          path,
          raw,
        ),
        body: raw || undefined,
      });
      return (await response.json()) as Record<string, unknown>;
    };
    const purchase = (key: string, user: string, extra = {}) => ({
      idempotencyKey: key,
      actionType: 'PURCHASE',
      amount: 20,
      currency: 'USD',
      stakeholders: [{ stakeholderTypeCode: 'CUSTOMER', partnerUserId: user }],
      autoCreateUsers: true,
      ...extra,
    });

    // A receiver on loopback, subscribed to everything, so deliveries are recorded too.
    const receiver = createServer((request, response) => request.resume().on('end', () => response.end()));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    await call('POST', '/v1/partner/webhooks', { url: `http://127.0.0.1:${port}/hooks`, receiveAllEvents: true });
    // A second endpoint refuses its first request (its registration ping), which goes on in its own workflow.
    let refused = false;
    const refusingOnce = createServer((request, response) =>
      request.resume().on('end', () => {
        if (!refused) response.statusCode = 500;
        refused = true;
        response.end();
      }),
    );
    await new Promise<void>((resolve) => refusingOnce.listen(0, '127.0.0.1', resolve));
    const refusing = await call('POST', '/v1/partner/webhooks', {
      url: `http://127.0.0.1:${(refusingOnce.address() as AddressInfo).port}/hooks`,
      eventTypes: ['action.completed'],
    });

    const completed = await call('POST', '/v1/partner/actions/submit', purchase('history_completed', 'h1'));
    await call('POST', '/v1/partner/actions/submit', purchase('history_failed', 'ghost', { autoCreateUsers: false }));
    await call('POST', `/v1/partner/actions/${String(completed.actionId)}/reverse`, {
      reversalPercentage: 50,
      reason: 'partial refund',
      refundIdempotencyKey: 'history_refund',
    });
    await call('POST', '/v1/partner/users/h1/redemptions', {
      idempotencyKey: 'history_redemption_completed',
      tokens: 5,
      organizationSlug: 'feeding-america',
    });
    await call('POST', '/v1/partner/actions/bulk', {
      actions: [purchase('history_bulk_1', 'h2'), purchase('history_bulk_2', 'h3')],
    });
    // A campaign's whole life: activated at once, paused, resumed, given more budget, used, ended.
    const campaign = await call('POST', '/v1/partner/campaigns', {
      name: 'History drive',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      tokenBudget: 100,
      rewardRules: { default: { fixedTokens: 10 } },
    });
    const campaignPath = `/v1/partner/campaigns/${String(campaign.id)}`;
    while ((await call('GET', campaignPath)).status !== 'ACTIVE')
      await new Promise((resolve) => setTimeout(resolve, 100));
    for (const change of [{ status: 'PAUSED' }, { status: 'ACTIVE' }, { tokenBudget: 200 }])
      await call('PATCH', campaignPath, change);
    await call('POST', '/v1/partner/actions/submit', purchase('history_campaign', 'h4', { campaignId: campaign.id }));
    await call('PATCH', campaignPath, { status: 'COMPLETED' });

    // A pool request an operator approves through the admin API.
    const poolRequest = await call('POST', '/v1/partner/token-pools/request', { tokens: 500, reason: 'history' });
    await fetch(`${stack.apiUrl}/v1/admin/pool-requests/${String(poolRequest.id)}/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${credentials.operatorToken}`, 'content-type': 'application/json' },
      body: '{}',
    });

    const client = await connectTemporalClient(stack.temporalAddress, config.TEMPORAL_NAMESPACE);
    await client.workflow.getHandle(`campaign/${String(campaign.id)}`).result();
    for (const schedule of [workflowIds.dispatchSchedule, workflowIds.keyExpirySchedule, workflowIds.redriveSchedule])
      await client.schedule.getHandle(schedule).trigger();
    // Every run finished, so each recorded history is a whole one.
    const families = new Map<string, string>();
    const scheduled = ['sweepEvents', 'sweepExpiringKeys', 'sweepStaleRequests'];
    for (let listed = 0; !scheduled.every((type) => families.has(type)); listed++) {
      if (listed > 100) throw new Error(`no run of every scheduled workflow appeared: ${scheduled.join(', ')}`);
      for await (const execution of client.workflow.list()) {
        const result: unknown = await client.workflow.getHandle(execution.workflowId, execution.runId).result();
        const family = shapeOf(execution.type, execution.workflowId, result, String(refusing.id));
        if (!families.has(family) || execution.workflowId.includes('completed'))
          families.set(family, execution.workflowId);
      }
    }
    receiver.close();
    refusingOnce.close();
    for (const [family, workflowId] of families) {
      if (onlyTypes.length > 0 && !onlyTypes.includes(family)) continue;
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      await writeFile(join(outputDir, `${family}.json`), `${historyToJSON(history)}\n`);
      console.log(`recorded ${family} from ${workflowId}`);
    }
    await client.connection.close();
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The file a run is recorded under: its type, or `{type}-{shape}` for the refused endpoint's shapes. */
function shapeOf(type: string, workflowId: string, result: unknown, refusingWebhookId: string): string {
  if (type === 'deliverWebhook' && workflowId.startsWith(`delivery/${refusingWebhookId}/`))
    return 'deliverWebhook-after-first-attempt';
  const continued = (result as { deliveries?: { status: string }[] } | undefined)?.deliveries?.some(
    (delivery) => delivery.status === 'CONTINUED',
  );
  if (type === 'deliverEvent' && continued) return 'deliverEvent-continued';
  return type;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
