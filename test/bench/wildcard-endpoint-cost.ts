import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../../src/db/schema.js';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import { signedHeaders, type Credentials } from '../support/sign.js';
import type { HistoryCost } from './history-cost.js';
import type { Task } from './load-runner.js';
import { perRewardWithDeliveries, workflowCost, workflowGroupCost, type WorkflowCost } from './workflow-cost.js';

export interface WildcardEndpointCostSettings {
  db: Kysely<Database>;
  temporal: Client;
  apiUrl: string;
  partnerId: string;
  credentials: Credentials;
  /** Submits reward `index` and throws unless it completed. */
  submit: Task;
  rewardWorkflowId(index: number): string;
  rewards: number;
}

export interface WildcardEndpointCost {
  rewards: number;
  deliveriesPerReward: number;
  reward: WorkflowCost;
  delivery: WorkflowCost;
  perRewardIncludingDeliveries: HistoryCost;
}

/**
 * Registers one endpoint for every event type on a loopback receiver, submits rewards one at a
 * time, waits until each of their events is delivered, then reads the cost of the rewards' and the
 * deliveries' workflows from their histories.
 */
export async function wildcardEndpointCost(settings: WildcardEndpointCostSettings): Promise<WildcardEndpointCost> {
  const { db, temporal, apiUrl, partnerId, credentials } = settings;
  const receiver = createServer((request, response) => request.resume().on('end', () => response.end()));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    // An event still waiting for the dispatch sweep would be delivered to the new endpoint too.
    await until('every earlier event is dispatched', async () => Number((await undispatchedEvents(db)).n) === 0);
    const path = '/v1/partner/webhooks';
    const body = JSON.stringify({
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
      eventTypes: ['*'],
    });
    const created = await fetch(`${apiUrl}${path}`, {
      method: 'POST',
      headers: signedHeaders(credentials, 'POST', path, body),
      body,
    });
    if (created.status !== 201)
      throw new Error(`webhook registration failed: HTTP ${created.status} ${await created.text()}`);
    const endpoint = await db
      .selectFrom('webhook_endpoints')
      .select('id')
      .where('partner_id', '=', partnerId)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();

    for (let index = 0; index < settings.rewards; index++) await settings.submit(index);
    const deliveries = await settledDeliveries(db, temporal, endpoint.id);
    // Stop further rewards of the run from paying for deliveries.
    await db.updateTable('webhook_endpoints').set({ deleted_at: new Date() }).where('id', '=', endpoint.id).execute();

    const reward = await workflowCost(
      temporal,
      Array.from({ length: settings.rewards }, (_, index) => settings.rewardWorkflowId(index)),
    );
    const delivery = await workflowGroupCost(temporal, deliveries);
    const deliveriesPerReward = Math.round((deliveries.length / settings.rewards) * 100) / 100;
    return {
      rewards: settings.rewards,
      deliveriesPerReward,
      reward,
      delivery,
      perRewardIncludingDeliveries: perRewardWithDeliveries(reward, delivery, deliveriesPerReward),
    };
  } finally {
    receiver.close();
  }
}

const undispatchedEvents = (db: Kysely<Database>) =>
  db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('dispatched_at', 'is', null)
    .executeTakeFirstOrThrow();

async function until(what: string, done: () => Promise<boolean>): Promise<void> {
  const start = performance.now();
  while (performance.now() - start < 120_000) {
    if (await done()) return;
    await sleep(200);
  }
  throw new Error(`not within 120 s: ${what}`);
}

const exists = (temporal: Client, workflowId: string) =>
  temporal.workflow
    .getHandle(workflowId)
    .describe()
    .then(
      () => true,
      (error: unknown) => {
        if (error instanceof WorkflowNotFoundError) return false;
        throw error;
      },
    );

/**
 * The workflows that ran each of the endpoint's deliveries, once every event is dispatched and every
 * delivery closed: its event's workflow (the endpoint is the only one, so the event's workflow is this
 * delivery's alone), then its own if it went on from the first attempt.
 */
async function settledDeliveries(db: Kysely<Database>, temporal: Client, endpointId: string): Promise<string[][]> {
  let rows: Array<{ workflow_id: string; event_id: string; status: string }> = [];
  await until('every delivery settled', async () => {
    rows = await db
      .selectFrom('webhook_deliveries')
      .select(['workflow_id', 'event_id', 'status'])
      .where('endpoint_id', '=', endpointId)
      .execute();
    if (
      Number((await undispatchedEvents(db)).n) > 0 ||
      rows.length === 0 ||
      rows.some((row) => row.status !== 'DELIVERED')
    )
      return false;
    const running = `WorkflowType IN ('deliverEvent', 'deliverWebhook') AND ExecutionStatus = 'Running'`;
    return (await temporal.workflow.count(running)).count === 0;
  });
  return Promise.all(
    rows.map(async (row) => [
      workflowIds.eventDelivery(row.event_id),
      ...((await exists(temporal, row.workflow_id)) ? [row.workflow_id] : []),
    ]),
  );
}
