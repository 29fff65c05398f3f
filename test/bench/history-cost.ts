import type { WorkflowHandle } from '@temporalio/client';

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

/** What one workflow execution cost Temporal, read from its recorded history. */
export interface HistoryCost {
  workflowTasks: number;
  events: number;
  /** Billable actions as Temporal Cloud counts them, for what a history shows (queries and heartbeats never appear). */
  billableActions: number;
}

// Marker names the TypeScript SDK's core writes for a local activity's result and for patched().
const localActivityMarker = 'core_local_activity';
// The search attribute patched() maintains; Temporal Cloud does not bill its upserts.
const changeVersionAttribute = 'TemporalChangeVersion';

/**
 * Counts per docs.temporal.io/cloud/actions: a start (a child's start is two actions, billed on the
 * parent), each activity attempt, the local activities of one workflow task as one action, each
 * timer, signal received, accepted update, options update and search-attribute upsert (except
 * TemporalChangeVersion alone). Signal-with-start is billed once but shows as a start and a signal.
 */
export function historyCost(history: History): HistoryCost {
  const events = history.events ?? [];
  const tasksWithLocalActivities = new Set<string>();
  let actions = 0;
  for (const event of events) {
    if (event.workflowExecutionStartedEventAttributes) {
      if (!event.workflowExecutionStartedEventAttributes.parentWorkflowExecution) actions += 1;
    } else if (event.startChildWorkflowExecutionInitiatedEventAttributes) {
      actions += 2;
    } else if (event.activityTaskStartedEventAttributes) {
      // One started event records the last attempt; the attempts before it were billed too.
      actions += Math.max(1, event.activityTaskStartedEventAttributes.attempt ?? 1);
    } else if (event.markerRecordedEventAttributes?.markerName === localActivityMarker) {
      tasksWithLocalActivities.add(String(event.markerRecordedEventAttributes.workflowTaskCompletedEventId));
    } else if (event.upsertWorkflowSearchAttributesEventAttributes) {
      const fields = Object.keys(
        event.upsertWorkflowSearchAttributesEventAttributes.searchAttributes?.indexedFields ?? {},
      );
      if (fields.some((name) => name !== changeVersionAttribute)) actions += 1;
    } else if (
      event.timerStartedEventAttributes ||
      event.workflowExecutionSignaledEventAttributes ||
      event.workflowExecutionUpdateAcceptedEventAttributes ||
      event.workflowExecutionOptionsUpdatedEventAttributes
    ) {
      actions += 1;
    }
  }
  return {
    workflowTasks: events.filter((event) => event.workflowTaskCompletedEventAttributes).length,
    events: events.length,
    billableActions: actions + tasksWithLocalActivities.size,
  };
}
