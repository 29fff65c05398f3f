import { describe, expect, it } from 'vitest';
import type { CampaignStatus, LifecycleState } from '../../src/campaigns/campaign-types.js';
import {
  needsWrite,
  nextDeadline,
  planChange,
  project,
  statusEvent,
  step,
} from '../../src/campaigns/lifecycle-rules.js';

const now = Date.parse('2026-12-01T00:00:00.000Z');
const day = 24 * 3600 * 1000;
const at = (days: number) => new Date(now + days * day).toISOString();
const state = (status: CampaignStatus, extra: Partial<LifecycleState> = {}): LifecycleState => ({
  status,
  startsAt: at(-1),
  endsAt: at(10),
  tokenBudget: 100,
  version: 3,
  ...extra,
});

describe('campaign status moves a PATCH may ask for', () => {
  it.each([
    ['ACTIVE', 'PAUSED'],
    ['PAUSED', 'ACTIVE'],
    ['ACTIVE', 'COMPLETED'],
    ['PAUSED', 'COMPLETED'],
    ['DRAFT', 'COMPLETED'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(planChange(state(from), { status: to }, now)).toMatchObject({ next: { status: to } });
  });

  it.each([
    ['DRAFT', 'ACTIVE', /startsAt/],
    ['DRAFT', 'PAUSED', /draft/],
    ['COMPLETED', 'ACTIVE', /never changes/],
    ['COMPLETED', 'PAUSED', /never changes/],
  ] as const)('refuses %s → %s with 409 CAMPAIGN_TRANSITION_NOT_ALLOWED', (from, to, message) => {
    const outcome = planChange(state(from), { status: to }, now);
    expect(outcome).toEqual({
      refusal: { code: 'CAMPAIGN_TRANSITION_NOT_ALLOWED', message: expect.stringMatching(message) },
    });
  });

  it('treats asking for the current status as a change of nothing', () => {
    const paused = state('PAUSED');
    const outcome = planChange(paused, { status: 'PAUSED' }, now);
    expect(outcome).toEqual({ next: paused });
    expect(
      'next' in outcome && needsWrite(paused, outcome.next, { kind: 'change', change: { status: 'PAUSED' } }),
    ).toBe(false);
  });

  it('marks an end asked by the partner as PARTNER', () => {
    expect(planChange(state('ACTIVE'), { status: 'COMPLETED' }, now)).toMatchObject({ completionReason: 'PARTNER' });
  });
});

describe('reschedules and budget changes', () => {
  it('moves startsAt only before the start, and endsAt while running', () => {
    expect(planChange(state('DRAFT', { startsAt: at(5) }), { startsAt: at(2) }, now)).toMatchObject({
      next: { startsAt: at(2) },
    });
    expect(planChange(state('ACTIVE'), { startsAt: at(2) }, now)).toMatchObject({
      refusal: { code: 'CAMPAIGN_TRANSITION_NOT_ALLOWED' },
    });
    expect(planChange(state('PAUSED'), { endsAt: at(30) }, now)).toMatchObject({
      next: { endsAt: at(30), status: 'PAUSED' },
    });
    expect(planChange(state('ACTIVE'), { endsAt: null }, now)).toMatchObject({ next: { endsAt: null } });
  });

  it('refuses an endsAt in the past or not after startsAt with 422 INVALID_CAMPAIGN_CHANGE', () => {
    expect(planChange(state('ACTIVE'), { endsAt: at(-0.5) }, now)).toMatchObject({
      refusal: { code: 'INVALID_CAMPAIGN_CHANGE', message: expect.stringMatching(/future/) },
    });
    expect(planChange(state('DRAFT', { startsAt: at(5) }), { endsAt: at(4) }, now)).toMatchObject({
      refusal: { code: 'INVALID_CAMPAIGN_CHANGE', message: 'endsAt must be after startsAt' },
    });
    expect(planChange(state('DRAFT', { startsAt: at(5), endsAt: at(6) }), { startsAt: at(7) }, now)).toMatchObject({
      refusal: { code: 'INVALID_CAMPAIGN_CHANGE' },
    });
  });

  it('accepts an equal instant written differently as no reschedule', () => {
    const active = state('ACTIVE', { startsAt: '2026-11-30T00:00:00.000Z' });
    expect(planChange(active, { startsAt: '2026-11-30T00:00:00Z' }, now)).toEqual({ next: active });
  });

  it('only raises the budget, and never on a completed campaign', () => {
    expect(planChange(state('ACTIVE'), { tokenBudget: 150 }, now)).toMatchObject({ next: { tokenBudget: 150 } });
    expect(planChange(state('ACTIVE'), { tokenBudget: 99 }, now)).toMatchObject({
      refusal: { code: 'INVALID_CAMPAIGN_CHANGE' },
    });
    expect(planChange(state('COMPLETED'), { tokenBudget: 150 }, now)).toMatchObject({
      refusal: { code: 'CAMPAIGN_TRANSITION_NOT_ALLOWED' },
    });
    expect(planChange(state('ACTIVE'), { status: 'COMPLETED', endsAt: at(20) }, now)).toMatchObject({
      refusal: { code: 'CAMPAIGN_TRANSITION_NOT_ALLOWED' },
    });
  });

  it('writes a rename riding along a no-op status', () => {
    const active = state('ACTIVE');
    expect(needsWrite(active, active, { kind: 'change', change: { status: 'ACTIVE', name: 'Spring' } })).toBe(true);
  });
});

describe('timers and timed steps', () => {
  it('waits for startsAt while DRAFT, for endsAt while ACTIVE or PAUSED, for nothing without an end', () => {
    expect(nextDeadline(state('DRAFT', { startsAt: at(7) }))).toEqual({
      atMs: now + 7 * day,
      command: { kind: 'start' },
    });
    expect(nextDeadline(state('PAUSED'))).toEqual({
      atMs: now + 10 * day,
      command: { kind: 'end', reason: 'SCHEDULE' },
    });
    expect(nextDeadline(state('ACTIVE', { endsAt: null }))).toBeUndefined();
    expect(nextDeadline(state('COMPLETED'))).toBeUndefined();
  });

  it('starts only a draft and ends anything not completed, with the reason given', () => {
    expect(step(state('DRAFT'), { kind: 'start' }, now)).toEqual({ next: state('ACTIVE') });
    expect(step(state('PAUSED'), { kind: 'start' }, now)).toMatchObject({ refusal: {} });
    expect(step(state('PAUSED'), { kind: 'end', reason: 'BUDGET_REACHED' }, now)).toEqual({
      next: state('COMPLETED'),
      completionReason: 'BUDGET_REACHED',
    });
    expect(step(state('COMPLETED'), { kind: 'end', reason: 'SCHEDULE' }, now)).toMatchObject({ refusal: {} });
  });

  it('projects accepted commands in order, skipping ones that no longer apply', () => {
    const projected = project(
      state('ACTIVE'),
      [
        { kind: 'change', change: { status: 'PAUSED' } },
        { kind: 'start' },
        { kind: 'change', change: { tokenBudget: 500 } },
      ],
      now,
    );
    expect(projected).toMatchObject({ status: 'PAUSED', tokenBudget: 500 });
  });
});

describe('events for status changes', () => {
  it('reports activation, resumption, pause and completion, and nothing for a non-move', () => {
    expect(statusEvent('DRAFT', 'ACTIVE')).toBe('campaign.activated');
    expect(statusEvent('PAUSED', 'ACTIVE')).toBe('campaign.activated');
    expect(statusEvent('ACTIVE', 'PAUSED')).toBe('campaign.paused');
    expect(statusEvent('DRAFT', 'COMPLETED')).toBe('campaign.completed');
    expect(statusEvent('ACTIVE', 'ACTIVE')).toBeUndefined();
  });
});
