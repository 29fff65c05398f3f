import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { historyCost } from '../bench/history-cost.js';

const recorded = async (name: string) =>
  JSON.parse(await readFile(new URL(`../histories/${name}.json`, import.meta.url), 'utf8')) as {
    events: Array<Record<string, unknown>>;
  };

describe('historyCost counts what a recorded history cost Temporal', () => {
  it('bills a reward whose two local activities share one workflow task as a start and one action; patch upserts are free', async () => {
    expect(historyCost(historyFromJSON(await recorded('processAction-per-step-patches')))).toEqual({
      workflowTasks: 1,
      events: 13,
      billableActions: 2,
    });
  });

  it('bills the SirStatus upsert of a reward recorded behind a single patch', async () => {
    expect(historyCost(historyFromJSON(await recorded('processAction-dispatch-step')))).toEqual({
      workflowTasks: 1,
      events: 10,
      billableActions: 3,
    });
  });

  it('counts a bulk job run as one local activity: three events fewer than one per step', async () => {
    expect(historyCost(historyFromJSON(await recorded('bulkActions-step-activities'))).events).toBe(12);
    expect(historyCost(historyFromJSON(await recorded('bulkActions')))).toEqual({
      workflowTasks: 1,
      events: 9,
      billableActions: 3,
    });
  });

  it('counts a reward whose ledger activity dispatches its events: one local activity, one event fewer', async () => {
    expect(historyCost(historyFromJSON(await recorded('processAction')))).toEqual({
      workflowTasks: 1,
      events: 9,
      billableActions: 3,
    });
  });

  it('counts a healthy delivery behind a single patch: one task, its local send and its SirStatus upsert', async () => {
    expect(historyCost(historyFromJSON(await recorded('deliverWebhook')))).toEqual({
      workflowTasks: 1,
      events: 9,
      billableActions: 3,
    });
    expect(historyCost(historyFromJSON(await recorded('deliverWebhook-three-patches'))).events).toBe(13);
  });

  it('bills a scheduled activity on its own and pays a second workflow task for it', async () => {
    expect(historyCost(historyFromJSON(await recorded('processAction-remote-dispatch')))).toEqual({
      workflowTasks: 2,
      events: 16,
      billableActions: 3,
    });
  });

  it('bills an upsert of a project search attribute', async () => {
    expect(historyCost(historyFromJSON(await recorded('reverseAction-per-step-patches')))).toEqual({
      workflowTasks: 1,
      events: 16,
      billableActions: 3,
    });
    // The same steps behind one patch: six events fewer, the same bill.
    expect(historyCost(historyFromJSON(await recorded('reverseAction-dispatch-step')))).toEqual({
      workflowTasks: 1,
      events: 10,
      billableActions: 3,
    });
  });

  it('counts a reversal and a redemption whose ledger activities dispatch their events: one event fewer each', async () => {
    expect(historyCost(historyFromJSON(await recorded('reverseAction')))).toEqual({
      workflowTasks: 1,
      events: 9,
      billableActions: 3,
    });
    expect(historyCost(historyFromJSON(await recorded('redeemTokens-dispatch-step')))).toEqual({
      workflowTasks: 1,
      events: 11,
      billableActions: 3,
    });
    expect(historyCost(historyFromJSON(await recorded('redeemTokens')))).toEqual({
      workflowTasks: 1,
      events: 10,
      billableActions: 3,
    });
  });

  it('bills activities, accepted updates and each workflow task that ran local activities', async () => {
    // 1 start + 6 activities + 4 updates + local activities in 4 distinct workflow tasks.
    expect(historyCost(historyFromJSON(await recorded('campaignLifecycle')))).toEqual({
      workflowTasks: 10,
      events: 66,
      billableActions: 15,
    });
  });

  it('bills every attempt of a retried activity', async () => {
    const history = await recorded('deliverWebhook-before-paced-send');
    const started = history.events.find((event) => event.eventType === 'EVENT_TYPE_ACTIVITY_TASK_STARTED')!;
    (started.activityTaskStartedEventAttributes as { attempt: number }).attempt = 4;
    expect(historyCost(historyFromJSON(history))).toEqual({ workflowTasks: 2, events: 11, billableActions: 5 });
  });

  it('leaves a child’s start to its parent, which is billed for it', async () => {
    const history = await recorded('deliverWebhook-before-paced-send');
    const start = history.events[0]!.workflowExecutionStartedEventAttributes as Record<string, unknown>;
    start.parentWorkflowExecution = { workflowId: 'parent', runId: 'run' };
    expect(historyCost(historyFromJSON(history)).billableActions).toBe(1);
  });
});
