import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { Kysely } from 'kysely';
import type { Database, WebhookDelivery, WebhookEndpoint } from '../../db/schema.js';
import type { SecretBox } from '../../security/secret-box.js';
import type { DeliveryControl } from '../delivery-control.js';
import type { WebhookSettings } from '../webhook-settings.js';
import { passCircuit } from './circuit-gate.js';
import { classifyResponse, type AttemptOutcome } from './classify-response.js';
import { deliveryFailureTypes, type AttemptFailureDetails } from './delivery-failure-types.js';
import { deliveryHeaders } from './delivery-headers.js';
import { passGates } from './delivery-gates.js';
import type { DeliveryPacing, HeldBack, Hold } from './delivery-pacing.js';
import { backoffMs, nextAttemptAt, type AttemptClock, type DeliveryPolicy } from './delivery-policy.js';
import { actingWorkflowId } from './delivery-owner.js';
import { cancelDelivery, loadDeliveryTarget, recordAttempt, type DeliveryTarget } from './delivery-repository.js';
import { afterEndpointDisabled, type Warn } from './disable-endpoint.js';
import { postJson, type PostResponse } from './http-post.js';
import { passOrderedTurn } from './ordered-turn.js';
import { resolveSendTarget, UnsafeTargetError, type Resolver } from './send-target.js';
import { signingSecrets } from './signing-secrets.js';
import { openHeaders, withHintedCustomHeaders } from '../endpoints/sealed-headers.js';

export interface SendWebhookInput {
  deliveryId: string;
  policy: DeliveryPolicy;
  /** Set by workflows that handle a held-back answer; without it no gate applies. */
  pacing?: DeliveryPacing;
  /**
   * Temporal's clock for a local attempt, read by the workflow when it scheduled it: a local
   * activity's own timestamps come from the worker's clock.
   */
  clock?: AttemptClock;
}

/** What Temporal tells the activity about this attempt. */
export interface AttemptContext extends AttemptClock {
  /** Counted over the whole delivery, held-back calls included. */
  attempt: number;
  workflowId: string;
  signal: AbortSignal;
}

export interface SendWebhookDeps {
  db: Kysely<Database>;
  secretBox: SecretBox;
  control: DeliveryControl;
  settings: WebhookSettings;
  now: () => Date;
  warn: Warn;
  resolve?: Resolver;
}

/** Why this run must not send, or undefined when it may. */
function stopReason(delivery: WebhookDelivery, endpoint: WebhookEndpoint, workflowId: string): string | undefined {
  if (delivery.workflow_id !== workflowId) return 'a newer run (a manual retry) owns this delivery';
  if (delivery.status === 'CANCELLED' || delivery.status === 'FAILED') return `the delivery is ${delivery.status}`;
  if (endpoint.deleted_at !== null) return 'the endpoint was deleted';
  if (!endpoint.is_active)
    return `the endpoint is disabled${endpoint.disabled_reason ? ` (${endpoint.disabled_reason})` : ''}`;
  return undefined;
}

/**
 * One delivery attempt: check the target and its gates, sign, POST, record. Returns undefined on a
 * 2xx, or what held it back without sending; otherwise throws the ApplicationFailure that tells
 * Temporal whether (and when) to try again.
 */
export async function sendWebhook(
  deps: SendWebhookDeps,
  input: SendWebhookInput,
  context: AttemptContext,
): Promise<HeldBack | undefined> {
  const target = await loadDeliveryTarget(deps.db, input.deliveryId);
  const { delivery, endpoint } = target;
  const workflowId = actingWorkflowId(delivery, context.workflowId);
  // Retried after its success was recorded (the completion was lost): the receiver has it already,
  // and the next ordered delivery and the parked deliveries its success should have woken may not have heard yet.
  if (delivery.status === 'DELIVERED' && delivery.workflow_id === workflowId) {
    await passOrderedTurn(deps.db, deps.control, delivery);
    await deps.control.resumeParkedDeliveries(endpoint.id);
    return undefined;
  }
  const stop = stopReason(delivery, endpoint, workflowId);
  // A cancelled or parked delivery is the engine working as meant: BENIGN keeps it (and a
  // receiver's failed attempt) out of the worker's warnings.
  if (stop) {
    await cancelDelivery(deps.db, delivery.id, workflowId);
    await passOrderedTurn(deps.db, deps.control, delivery);
    throw ApplicationFailure.create({
      message: stop,
      type: deliveryFailureTypes.cancelled,
      nonRetryable: true,
      category: ApplicationFailureCategory.BENIGN,
    });
  }
  // Ordered turn, then rate slot, then circuit: only the head of an ordered line can become the
  // probe, and a slot taken by a delivery that parks is given back at once.
  let sent = async () => {};
  if (input.pacing) {
    const gates = await passGates(deps.db, target, input.pacing.afterRateWait, input.policy.timeoutMs, deps.warn);
    if (gates.held) return heldBack(gates.held, input.pacing, context);
    sent = gates.sent;
  }
  if (!(await passCircuit(deps.db, target, deps.now()))) {
    await sent();
    throw ApplicationFailure.create({
      message: 'the endpoint is failing (circuit open): parked until its probe succeeds',
      type: deliveryFailureTypes.parked,
      nonRetryable: true,
      category: ApplicationFailureCategory.BENIGN,
    });
  }

  const at = deps.now();
  const headers = deliveryHeaders({
    payload: delivery.payload,
    timestampSeconds: Math.floor(at.getTime() / 1000),
    secrets: signingSecrets(endpoint, deps.secretBox, at),
    deliveryId: delivery.id,
    eventId: delivery.event_id,
    requestId: target.requestId,
    customHeaders: openHeaders(deps.secretBox, endpoint.headers_sealed),
    standardWebhooks: endpoint.standard_webhooks,
  });
  const started = performance.now();
  const { response, outcome } = await exchange(deps, target, headers, {
    ...input.policy,
    signal: context.signal,
    at,
    onSent: () => void sent(),
  });
  const durationMs = Math.round(performance.now() - started);
  // Before the record: a request that never went out frees its rate slot here.
  await sent();
  const retryable = outcome.kind === 'failed' && !outcome.permanent;
  const next = retryable
    ? nextAttemptAt(input.policy, context.attempt, context, durationMs, outcome.retryAfterMs)
    : null;
  const recorded = withHintedCustomHeaders(headers, endpoint.header_hints);
  // Numbered by the delivery, not by Temporal's attempt: a delivery resumed after parking starts a new activity.
  const attemptNumber = delivery.attempt_count + 1;
  const circuit = deps.settings;
  const { disabledNow, recovered } = await recordAttempt(deps.db, {
    target,
    workflowId,
    attemptNumber,
    at,
    headers: recorded,
    response,
    durationMs,
    outcome,
    nextAttemptAt: next,
    scheduledAt: new Date(context.scheduledAtMs),
    circuit,
  });
  if (disabledNow) await afterEndpointDisabled(deps.control, endpoint.id, deps.warn);
  if (outcome.kind === 'delivered') await passOrderedTurn(deps.db, deps.control, delivery);
  // A failure here fails the attempt; its retry finds the delivery DELIVERED and wakes them then.
  if (recovered) await deps.control.resumeParkedDeliveries(endpoint.id);
  const failure = failureOf(outcome, {
    retryDelayMs: outcome.kind === 'failed' ? (outcome.retryAfterMs ?? backoffMs(input.policy, context.attempt)) : 0,
  });
  if (failure) throw failure;
  return undefined;
}

/** Every earlier attempt of this call was sent; the window opened with the first of them, if any. */
function heldBack(hold: Hold, pacing: DeliveryPacing, context: AttemptContext): HeldBack {
  const attemptsMade = context.attempt - 1;
  const windowEndsAtMs = pacing.windowEndsAtMs ?? (attemptsMade > 0 ? context.windowEndsAtMs : null);
  return { hold, pacing: { attemptsBefore: attemptsMade, windowEndsAtMs, afterRateWait: hold.kind === 'rate' } };
}

interface ExchangeOptions extends DeliveryPolicy {
  signal: AbortSignal;
  at: Date;
  onSent: () => void;
}

async function exchange(
  deps: SendWebhookDeps,
  { delivery, endpoint }: DeliveryTarget,
  headers: Record<string, string>,
  { signal, at, onSent, ...policy }: ExchangeOptions,
): Promise<{ response?: PostResponse; outcome: AttemptOutcome }> {
  const urlPolicy = {
    environment: endpoint.environment,
    allowPrivateTargetsInSandbox: deps.settings.allowPrivateTargetsInSandbox,
  };
  try {
    const sendTarget = await resolveSendTarget(endpoint.url, urlPolicy, deps.resolve);
    const response = await postJson(sendTarget, headers, delivery.payload, {
      timeoutMs: policy.timeoutMs,
      signal,
      onSent,
    });
    return { response, outcome: classifyResponse(response.status, response.retryAfter, at.getTime(), policy) };
  } catch (error) {
    const permanent = error instanceof UnsafeTargetError && error.permanent;
    return { outcome: { kind: 'failed', error: error instanceof Error ? error.message : String(error), permanent } };
  }
}

function failureOf(outcome: AttemptOutcome, details: AttemptFailureDetails): ApplicationFailure | undefined {
  switch (outcome.kind) {
    case 'delivered':
      return undefined;
    case 'gone':
      return ApplicationFailure.create({
        message: outcome.error,
        type: deliveryFailureTypes.endpointGone,
        nonRetryable: true,
      });
    case 'failed':
      return ApplicationFailure.create({
        message: outcome.error,
        type: outcome.permanent ? deliveryFailureTypes.unsafeTarget : deliveryFailureTypes.attemptFailed,
        nonRetryable: outcome.permanent,
        // Recorded on the delivery and its endpoint's health: logged at debug, not as a warning with a stack per attempt.
        category: outcome.permanent ? undefined : ApplicationFailureCategory.BENIGN,
        nextRetryDelay: outcome.retryAfterMs,
        // nextRetryDelay reaches Temporal's retry policy only: a workflow retrying a local attempt reads the wait here.
        details: [details],
      });
  }
}
