import type {
  CampaignChange,
  CampaignRefusal,
  CampaignStatus,
  LifecycleCommand,
  LifecycleState,
  NewCampaign,
  StepOutcome,
} from './campaign-types.js';

// Pure and deterministic: the campaignLifecycle workflow runs these rules, so no I/O and no clock
// other than the `nowMs` it is given.

/** DRAFT → ACTIVE → PAUSED ↔ ACTIVE → COMPLETED; what a PATCH may ask from each status. */
const partnerMoves: Record<CampaignStatus, readonly CampaignStatus[]> = {
  DRAFT: ['COMPLETED'],
  ACTIVE: ['PAUSED', 'COMPLETED'],
  PAUSED: ['ACTIVE', 'COMPLETED'],
  COMPLETED: [],
};

const hints: Partial<Record<CampaignStatus, string>> = {
  DRAFT: 'a draft becomes ACTIVE at startsAt; move startsAt to start it sooner',
  COMPLETED: 'a completed campaign never changes again',
};

export function initialState(campaign: NewCampaign): LifecycleState {
  return {
    status: 'DRAFT',
    startsAt: campaign.startsAt,
    endsAt: campaign.endsAt,
    tokenBudget: campaign.tokenBudget,
    version: 0,
  };
}

const refuse = (code: CampaignRefusal['code'], message: string): StepOutcome => ({ refusal: { code, message } });
const sameInstant = (a: string | null, b: string | null) =>
  a === null || b === null ? a === b : Date.parse(a) === Date.parse(b);

export function planChange(state: LifecycleState, change: CampaignChange, nowMs: number): StepOutcome {
  const next = { ...state };
  if (change.status !== undefined && change.status !== state.status) {
    if (!partnerMoves[state.status].includes(change.status)) {
      const hint = hints[state.status];
      return refuse(
        'CAMPAIGN_TRANSITION_NOT_ALLOWED',
        `a ${state.status} campaign cannot become ${change.status}${hint ? `: ${hint}` : ''}`,
      );
    }
    next.status = change.status;
  }
  const reschedules =
    (change.startsAt !== undefined && !sameInstant(change.startsAt, state.startsAt)) ||
    (change.endsAt !== undefined && !sameInstant(change.endsAt, state.endsAt));
  const rebudgets = change.tokenBudget !== undefined && change.tokenBudget !== state.tokenBudget;
  if ((reschedules || rebudgets) && next.status === 'COMPLETED') {
    return refuse('CAMPAIGN_TRANSITION_NOT_ALLOWED', 'a completed campaign cannot be rescheduled or given more budget');
  }
  if (change.startsAt !== undefined && !sameInstant(change.startsAt, state.startsAt)) {
    if (state.status !== 'DRAFT')
      return refuse('CAMPAIGN_TRANSITION_NOT_ALLOWED', 'startsAt can only change before the campaign starts');
    next.startsAt = change.startsAt;
  }
  if (change.endsAt !== undefined && !sameInstant(change.endsAt, state.endsAt)) {
    if (change.endsAt !== null && Date.parse(change.endsAt) <= nowMs) {
      return refuse(
        'INVALID_CAMPAIGN_CHANGE',
        'endsAt must be in the future; set status COMPLETED to end the campaign now',
      );
    }
    next.endsAt = change.endsAt;
  }
  if (next.endsAt !== null && Date.parse(next.endsAt) <= Date.parse(next.startsAt)) {
    return refuse('INVALID_CAMPAIGN_CHANGE', 'endsAt must be after startsAt');
  }
  if (change.tokenBudget !== undefined && change.tokenBudget < state.tokenBudget) {
    return refuse('INVALID_CAMPAIGN_CHANGE', `tokenBudget can only be raised (it is ${state.tokenBudget})`);
  }
  if (change.tokenBudget !== undefined) next.tokenBudget = change.tokenBudget;
  const ends = next.status === 'COMPLETED' && state.status !== 'COMPLETED';
  return ends ? { next, completionReason: 'PARTNER' } : { next };
}

/** Where a command takes the lifecycle, or why it cannot. */
export function step(state: LifecycleState, command: LifecycleCommand, nowMs: number): StepOutcome {
  switch (command.kind) {
    case 'change':
      return planChange(state, command.change, nowMs);
    case 'start':
      return state.status === 'DRAFT'
        ? { next: { ...state, status: 'ACTIVE' } }
        : refuse('CAMPAIGN_TRANSITION_NOT_ALLOWED', `a ${state.status} campaign cannot start`);
    case 'end':
      return state.status === 'COMPLETED'
        ? refuse('CAMPAIGN_TRANSITION_NOT_ALLOWED', hints.COMPLETED!)
        : { next: { ...state, status: 'COMPLETED' }, completionReason: command.reason };
  }
}

/** The state once every accepted command has applied; updates are validated against it. */
export function project(state: LifecycleState, commands: LifecycleCommand[], nowMs: number): LifecycleState {
  return commands.reduce((current, command) => {
    const outcome = step(current, command, nowMs);
    return 'next' in outcome ? outcome.next : current;
  }, state);
}

/** The timer the lifecycle waits on: startsAt for a draft, endsAt for a running campaign (paused ones end too). */
export function nextDeadline(state: LifecycleState): { atMs: number; command: LifecycleCommand } | undefined {
  if (state.status === 'DRAFT') return { atMs: Date.parse(state.startsAt), command: { kind: 'start' } };
  if (state.status === 'COMPLETED' || state.endsAt === null) return undefined;
  return { atMs: Date.parse(state.endsAt), command: { kind: 'end', reason: 'SCHEDULE' } };
}

/** Whether the row must be written: the state moved, or the change carries a new name or description. */
export function needsWrite(state: LifecycleState, next: LifecycleState, command: LifecycleCommand): boolean {
  const moved =
    next.status !== state.status ||
    next.tokenBudget !== state.tokenBudget ||
    !sameInstant(next.startsAt, state.startsAt) ||
    !sameInstant(next.endsAt, state.endsAt);
  return (
    moved ||
    (command.kind === 'change' && (command.change.name !== undefined || command.change.description !== undefined))
  );
}

/** The event a status change reports; resuming a paused campaign is an activation too. */
export function statusEvent(
  from: CampaignStatus,
  to: CampaignStatus,
): 'campaign.activated' | 'campaign.paused' | 'campaign.completed' | undefined {
  if (from === to) return undefined;
  if (to === 'ACTIVE') return 'campaign.activated';
  if (to === 'PAUSED') return 'campaign.paused';
  if (to === 'COMPLETED') return 'campaign.completed';
  return undefined;
}
