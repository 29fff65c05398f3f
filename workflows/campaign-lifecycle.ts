import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type {
  CampaignRefusal,
  CampaignStepInput,
  LifecycleCommand,
  LifecycleState,
  NewCampaign,
  StepOutcome,
} from '../src/campaigns/campaign-types.js';
import { initialState, needsWrite, nextDeadline, project, step } from '../src/campaigns/lifecycle-rules.js';
import { ledgerWrite } from './activity-options.js';
import { budgetReachedSignal, changeCampaignUpdate, lifecycleStateQuery } from './campaign-messages.js';
import { dispatchCommittedEvents } from './dispatch-committed-events.js';

const { createCampaignRecord, applyCampaignStep } = proxyActivities<Activities>(ledgerWrite);

export interface CampaignLifecycleInput {
  campaign: NewCampaign;
  /** The state the previous run reached, when this run continues it as new. */
  state?: LifecycleState;
  /** Continue as new at this many history events (tests set it low); otherwise when the server suggests it. */
  historyLimit?: number;
}

interface Queued {
  command: LifecycleCommand;
  /** Answers the update that queued the command. */
  settle?: (outcome: StepOutcome) => void;
}

const failure = (refusal: CampaignRefusal) =>
  ApplicationFailure.create({ type: refusal.code, message: refusal.message, nonRetryable: true });

function historyFull(limit: number | undefined): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || (limit !== undefined && info.historyLength >= limit);
}

function stepInput(
  campaignId: string,
  state: LifecycleState,
  command: LifecycleCommand,
  outcome: Extract<StepOutcome, { next: unknown }>,
): CampaignStepInput {
  const version = state.version + 1;
  const { name, description } = command.kind === 'change' ? command.change : {};
  return {
    campaignId,
    version,
    next: { ...outcome.next, version },
    ...(outcome.completionReason && { completionReason: outcome.completionReason }),
    ...((name !== undefined || description !== undefined) && { details: { name, description } }),
    // Workflow time: deterministic, and exactly when the timer fired or the change was applied.
    at: new Date(Date.now()).toISOString(),
    onlyIfBudgetReached: command.kind === 'end' && command.reason === 'BUDGET_REACHED',
  };
}

/**
 * One campaign's life: a timer until startsAt activates it, a timer until endsAt completes it, and
 * in between PATCH changes (an update) and the budget running out (a signal). Commands apply one at
 * a time in the order accepted, each written to the campaign row with its event by one activity.
 * Timers are recomputed from the current schedule after every command, so a reschedule moves them.
 */
export async function campaignLifecycle(input: CampaignLifecycleInput): Promise<LifecycleState> {
  const campaignId = input.campaign.id;
  let state = input.state ?? initialState(input.campaign);
  const queue: Queued[] = [];
  const projected = () =>
    project(
      state,
      queue.map((queued) => queued.command),
      Date.now(),
    );

  setHandler(lifecycleStateQuery, () => state);
  setHandler(budgetReachedSignal, () => {
    if (projected().status !== 'COMPLETED') queue.push({ command: { kind: 'end', reason: 'BUDGET_REACHED' } });
  });
  setHandler(
    changeCampaignUpdate,
    (change) =>
      new Promise<LifecycleState>((resolve, reject) => {
        queue.push({
          command: { kind: 'change', change },
          settle: (outcome) => ('refusal' in outcome ? reject(failure(outcome.refusal)) : resolve(state)),
        });
      }),
    {
      validator: (change) => {
        const outcome = step(projected(), { kind: 'change', change }, Date.now());
        if ('refusal' in outcome) throw failure(outcome.refusal);
      },
    },
  );

  // Idempotent: the API inserts the same row; whichever comes second changes nothing.
  if (input.state === undefined) await createCampaignRecord(input.campaign);

  while (state.status !== 'COMPLETED' || queue.length > 0) {
    if (queue.length === 0) {
      if (historyFull(input.historyLimit)) {
        // An update may still be returning its answer; one arriving now is served before moving on.
        await condition(() => allHandlersFinished() || queue.length > 0);
        if (queue.length === 0) return continueAsNew<typeof campaignLifecycle>({ ...input, state });
        continue;
      }
      const deadline = nextDeadline(state);
      if (deadline === undefined) {
        await condition(() => queue.length > 0);
        continue;
      }
      const waitMs = deadline.atMs - Date.now();
      if (waitMs > 0 && (await condition(() => queue.length > 0, waitMs))) continue;
      queue.push({ command: deadline.command });
    }
    const { command, settle } = queue[0]!;
    const outcome = step(state, command, Date.now());
    let moved = false;
    if ('next' in outcome && needsWrite(state, outcome.next, command)) {
      const write = stepInput(campaignId, state, command, outcome);
      const { applied } = await applyCampaignStep(write);
      moved = applied && write.next.status !== state.status;
      if (applied) state = write.next;
    }
    queue.shift();
    settle?.(outcome);
    if (moved) await dispatchCommittedEvents();
  }
  await condition(allHandlersFinished);
  return state;
}
