import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { DeliveryControl, DeliveryWorkflows } from '../delivery-control.js';
import { parkedToWake } from '../delivery/circuit-resume.js';
import { coalescedRun } from './coalesced-run.js';
import {
  cancelOpenDeliveries,
  claimDeliveriesToStart,
  claimUnstartedDeliveries,
  hasDispatchWork,
  markWorkflowsStarted,
  type DeliveryToStart,
} from './dispatch-repository.js';
import { holdBehindOpenCircuits, lockProbedCircuits } from './hold-behind-open-circuits.js';
import { claimUndispatchedEvents, insertDeliveries } from './record-deliveries.js';
import { startGroups } from './start-groups.js';

export interface DeliveryControlDeps {
  db: Kysely<Database>;
  workflows: DeliveryWorkflows;
}

// Events claimed per transaction: a bulk job writes a few hundred, and each claim costs a
// transaction of four statements, so one claim takes a whole job's.
const eventBatchSize = 1000;
// Deliveries whose workflows start at once, their rows locked meanwhile.
const startBatchSize = 100;
// One call drains at most this many batches; the schedule's next sweep takes the rest.
const maxBatchesPerCall = 10;
// Cancels and resume signals in flight at once.
const cancelConcurrency = 20;

/** Runs every promise and throws the first failure only after all have settled. */
async function settleAll<T>(items: T[], run: (item: T) => Promise<unknown>): Promise<void> {
  const failure = (await Promise.allSettled(items.map(run))).find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}

/**
 * The outbox side of webhooks. Deliveries are committed first and their workflows started after,
 * so a crash in between leaves PENDING rows without a workflow; every call starts those too.
 */
export function createDeliveryControl({ db, workflows: deliveryWorkflows }: DeliveryControlDeps): DeliveryControl {
  async function cancelDeliveryWorkflows(workflowIds: string[]): Promise<void> {
    for (let from = 0; from < workflowIds.length; from += cancelConcurrency) {
      await settleAll(workflowIds.slice(from, from + cancelConcurrency), (workflowId) =>
        deliveryWorkflows.cancel(workflowId),
      );
    }
  }

  async function dispatchBatch(): Promise<number> {
    return db.transaction().execute(async (trx) => {
      const events = await claimUndispatchedEvents(trx, eventBatchSize);
      await insertDeliveries(trx, events);
      return events.length;
    });
  }

  const startAlone = (delivery: DeliveryToStart) => deliveryWorkflows.start(delivery);

  // The rows stay locked while their workflows start, so each is started by one dispatcher only.
  // Their mark goes to the database while the starts go to Temporal; both commit, or neither.
  async function markAndStart(
    trx: Transaction<Database>,
    deliveries: DeliveryToStart[],
    starts: Array<() => Promise<unknown>>,
  ): Promise<void> {
    await settleAll([() => markWorkflowsStarted(trx, deliveries), ...starts], (run) => run());
  }

  async function startUnstarted(): Promise<number> {
    return db.transaction().execute(async (trx) => {
      const probed = await lockProbedCircuits(trx);
      const claimed = await claimUnstartedDeliveries(trx, startBatchSize);
      const deliveries = await holdBehindOpenCircuits(trx, claimed, probed);
      const { byEvent, alone } = startGroups(deliveries);
      await markAndStart(trx, deliveries, [
        ...[...byEvent].map(([eventId, group]) => async () => {
          const uncovered = await deliveryWorkflows.startEvent(eventId, group);
          await settleAll(uncovered, startAlone);
        }),
        ...alone.map((delivery) => () => startAlone(delivery)),
      ]);
      return claimed.length;
    });
  }

  // Released from an open circuit's hold: each in its own workflow, as their event's started long ago.
  async function startReleased(deliveryIds: string[]): Promise<void> {
    for (let from = 0; from < deliveryIds.length; from += startBatchSize) {
      await db.transaction().execute(async (trx) => {
        const deliveries = await claimDeliveriesToStart(trx, deliveryIds.slice(from, from + startBatchSize));
        await markAndStart(
          trx,
          deliveries,
          deliveries.map((delivery) => () => startAlone(delivery)),
        );
      });
    }
  }

  // Every ledger activity asks for a pass after its commit; concurrent asks share one, which still
  // starts after each ask and so sees what each committed.
  const dispatchPending = coalescedRun(async () => {
    if (!(await hasDispatchWork(db))) return;
    for (let batch = 0; batch < maxBatchesPerCall; batch++) {
      const dispatched = await dispatchBatch();
      const started = await startUnstarted();
      if (dispatched < eventBatchSize && started < startBatchSize) return;
    }
  });

  return {
    dispatchPending,

    async cancelEndpointDeliveries(endpointId) {
      const workflowIds = await cancelOpenDeliveries(db, endpointId);
      await cancelDeliveryWorkflows(workflowIds);
      return workflowIds.length;
    },

    cancelDeliveryWorkflows,

    async resumeParkedDeliveries(endpointId) {
      const { wakes, released } = await parkedToWake(db, endpointId);
      for (let from = 0; from < wakes.length; from += cancelConcurrency) {
        await settleAll(wakes.slice(from, from + cancelConcurrency), (wake) =>
          deliveryWorkflows.resume(wake.workflowId, { asProbe: wake.asProbe }),
        );
      }
      await startReleased(released);
    },

    async wakeDeliveries(workflowIds) {
      await settleAll(workflowIds, (workflowId) => deliveryWorkflows.wake(workflowId));
    },
  };
}
