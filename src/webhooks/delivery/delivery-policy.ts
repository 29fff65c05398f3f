import type { ActivityOptions, LocalActivityOptions } from '@temporalio/common';
import type { WebhookSettings } from '../webhook-settings.js';

// Imported by workflow code: pure, no Node built-ins.

/** The settings a delivery runs under, fixed in its workflow input when it starts (workflows must be deterministic). */
export interface DeliveryPolicy {
  timeoutMs: number;
  initialIntervalSeconds: number;
  maximumIntervalSeconds: number;
  windowHours: number;
}

export function deliveryPolicy(settings: WebhookSettings): DeliveryPolicy {
  return { timeoutMs: settings.timeoutMs, ...settings.retry };
}

// Room for DNS and the database writes around the HTTP request, inside one attempt's timeout.
const attemptMarginMs = 10_000;
const backoffCoefficient = 2;

/**
 * sendWebhook's Temporal retry policy: the interval doubles from the initial one up to the
 * maximum, and no attempt starts once the window since the first one is over. Temporal applies
 * no jitter, so the schedule is exactly the one documented in docs/api/webhooks.md. A call that
 * follows one held back by a gate goes on with the schedule: its first retry waits what the
 * next retry would have, and it ends with the window that opened at the first attempt.
 */
export function sendWebhookOptions(
  policy: DeliveryPolicy,
  resume: { attemptsBefore: number; windowLeftMs: number | null } = { attemptsBefore: 0, windowLeftMs: null },
): ActivityOptions {
  return {
    startToCloseTimeout: policy.timeoutMs + attemptMarginMs,
    scheduleToCloseTimeout: resume.windowLeftMs ?? policy.windowHours * 3600_000,
    retry: {
      initialInterval: backoffMs(policy, resume.attemptsBefore + 1),
      backoffCoefficient,
      maximumInterval: policy.maximumIntervalSeconds * 1000,
    },
  };
}

/**
 * The first attempt, run as a local activity inside the workflow's first task: no task queue round
 * trip and no activity events, so a healthy endpoint's delivery is one workflow task. One try only;
 * the workflow schedules the rest as sendWebhook under its retry policy (sendWebhookOptions resumed
 * after one attempt). The HTTP timeout is the delivery's own, so the attempt is the same attempt
 * as on the regular path; the SDK keeps the workflow task alive meanwhile.
 */
export function firstAttemptOptions(policy: DeliveryPolicy): LocalActivityOptions {
  return {
    startToCloseTimeout: policy.timeoutMs + attemptMarginMs,
    retry: { maximumAttempts: 1 },
  };
}

/**
 * The policy of a delivery resumed after parking, for the rest of its window. Resumed because its
 * endpoint recovered, it starts the schedule again; resumed as the probe of an endpoint that has
 * been failing for a whole window already, it probes at the maximum interval.
 */
export function resumedPolicy(policy: DeliveryPolicy, asProbe: boolean, remainingMs: number): DeliveryPolicy {
  return {
    ...policy,
    windowHours: Math.max(remainingMs, 1000) / 3600_000,
    ...(asProbe && { initialIntervalSeconds: policy.maximumIntervalSeconds }),
  };
}

/** The wait Temporal puts after failed attempt number `attempt` (1-based). */
export function backoffMs(policy: DeliveryPolicy, attempt: number): number {
  return (
    Math.min(policy.initialIntervalSeconds * backoffCoefficient ** (attempt - 1), policy.maximumIntervalSeconds) * 1000
  );
}

/** A receiver's Retry-After, kept within [1 s, maximum interval] so it can neither hammer nor stall a delivery. */
export function boundedRetryAfterMs(policy: DeliveryPolicy, requestedMs: number): number {
  return Math.min(Math.max(requestedMs, 1000), policy.maximumIntervalSeconds * 1000);
}

/** Temporal's clock for one attempt: when it was scheduled, and when the retry window closes. */
export interface AttemptClock {
  scheduledAtMs: number;
  windowEndsAtMs: number;
}

/**
 * When Temporal will run the next attempt after failed attempt `attempt`, or null when none will
 * start: Temporal gives up as soon as the next start would fall after the window.
 */
export function nextAttemptAt(
  policy: DeliveryPolicy,
  attempt: number,
  clock: AttemptClock,
  durationMs: number,
  retryAfterMs?: number,
): Date | null {
  const at = clock.scheduledAtMs + durationMs + (retryAfterMs ?? backoffMs(policy, attempt));
  return at > clock.windowEndsAtMs ? null : new Date(at);
}
