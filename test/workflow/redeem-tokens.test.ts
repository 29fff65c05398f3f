import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Context } from '@temporalio/activity';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Activities } from '../../activities/index.js';
import type { RedemptionView } from '../../src/redemptions/redemption-types.js';
import { redeemTokens } from '../../workflows/redeem-tokens.js';
import { createTimeSkippingEnvironment } from '../support/time-skipping-environment.js';

let env: TestWorkflowEnvironment;
let workflowBundleCode: string;

beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
  workflowBundleCode = await readFile(inject('workflowBundlePath'), 'utf8');
});
afterAll(async () => {
  await env?.teardown();
});

const pending: RedemptionView = {
  redemptionId: 'rdm_1',
  idempotencyKey: 'gift_1',
  partnerUserId: 'user_42',
  tokens: 30,
  organizationSlug: 'feeding-america',
  organizationName: 'Feeding America',
  note: null,
  status: 'PENDING',
  transactionId: null,
  createdAt: '2026-11-22T10:00:00.000Z',
  reviewedAt: null,
  completedAt: null,
};
const approved: RedemptionView = {
  ...pending,
  status: 'APPROVED',
  transactionId: 'txn_1',
  reviewedAt: '2026-11-22T10:00:01.000Z',
};
const completed: RedemptionView = { ...approved, status: 'COMPLETED', completedAt: '2026-11-22T10:00:02.000Z' };
const rejected: RedemptionView = {
  ...pending,
  status: 'REJECTED',
  rejection: { code: 'INSUFFICIENT_BALANCE', message: 'the user holds 10 tokens, fewer than the 30 requested' },
  reviewedAt: '2026-11-22T10:00:01.000Z',
};

type Stubs = Pick<Activities, 'reviewRedemption' | 'fulfilRedemption'>;

/** Runs redeemTokens on a fresh worker and task queue; `calls` logs every activity in order, with its input. */
async function run(stubs: Partial<Stubs>, calls: unknown[] = []) {
  const taskQueue = `redeem-tokens-${randomUUID()}`;
  const logged =
    (name: string, stub: (input: { redemptionId: string }) => Promise<RedemptionView>) =>
    async (input: { redemptionId: string }) => {
      calls.push([name, input]);
      return stub(input);
    };
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { code: workflowBundleCode },
    activities: {
      reviewRedemption: logged('reviewRedemption', stubs.reviewRedemption ?? (async () => approved)),
      fulfilRedemption: logged('fulfilRedemption', stubs.fulfilRedemption ?? (async () => completed)),
      dispatchEvents: async () => void calls.push(['dispatchEvents']),
    },
  });
  return worker.runUntil(
    env.client.workflow.execute(redeemTokens, {
      taskQueue,
      workflowId: `redemption-${randomUUID()}`,
      args: [{ redemptionId: 'rdm_1' }],
    }),
  );
}

it('reviews and fulfils the approved redemption, with no dispatch step: its ledger activities dispatch their events', async () => {
  const calls: unknown[] = [];
  expect(await run({}, calls)).toEqual(completed);
  expect(calls).toEqual([
    ['reviewRedemption', { redemptionId: 'rdm_1' }],
    ['fulfilRedemption', { redemptionId: 'rdm_1' }],
  ]);
});

it('skips fulfilment after a rejection and answers the rejected redemption', async () => {
  const calls: unknown[] = [];
  expect(await run({ reviewRedemption: async () => rejected }, calls)).toEqual(rejected);
  expect(calls).toEqual([['reviewRedemption', { redemptionId: 'rdm_1' }]]);
});

it('skips fulfilment when the review finds the redemption already completed by an earlier run', async () => {
  const calls: unknown[] = [];
  expect(await run({ reviewRedemption: async () => completed }, calls)).toEqual(completed);
  expect(calls).toEqual([['reviewRedemption', { redemptionId: 'rdm_1' }]]);
});

it('retries a fulfilment that fails on infrastructure until it succeeds, without reviewing again', async () => {
  const calls: unknown[] = [];
  const attempts: number[] = [];
  const result = await run(
    {
      fulfilRedemption: async () => {
        const { attempt } = Context.current().info;
        attempts.push(attempt);
        if (attempt < 3) throw new Error('connection terminated unexpectedly');
        return completed;
      },
    },
    calls,
  );
  expect(result).toEqual(completed);
  expect(attempts).toEqual([1, 2, 3]);
  expect(calls.filter((call) => (call as string[])[0] === 'reviewRedemption')).toHaveLength(1);
});
