import type { FaultStack } from './fault-stack.js';

export const stakeholdersPerAction = 2;

export interface ActionLoad {
  /** Idempotency keys the API accepted (200 or 202, or 422 for an action that failed) so far. */
  accepted: string[];
  /** Keys answered otherwise (5xx or no answer during a fault): a partner would send them again. */
  refused: string[];
  /** Answers by HTTP status (0: no answer), refusals during a fault included. */
  answers: Map<number, number>;
  done: Promise<void>;
}

/** 200 or 202 accept the action; 422 is its final failure, which a partner does not send again. */
const isFinalAnswer = (status: number) => status === 200 || status === 202 || status === 422;

/** A purchase that rewards two stakeholders, so each completed action carries two reward transactions. */
export function actionBody(key: string) {
  return {
    idempotencyKey: key,
    actionType: 'PURCHASE',
    amount: 3,
    currency: 'USD',
    stakeholders: [
      { stakeholderTypeCode: 'CUSTOMER', partnerUserId: `${key}_customer` },
      { stakeholderTypeCode: 'REFERRER', partnerUserId: `fault_referrer_${key.length % 3}` },
    ],
    autoCreateUsers: true,
  };
}

/** Submits `count` actions keyed `${prefix}_${i}`, `concurrency` at a time, in the background. */
export function submitActions(stack: FaultStack, prefix: string, count: number, concurrency: number): ActionLoad {
  const load: ActionLoad = { accepted: [], refused: [], answers: new Map(), done: Promise.resolve() };
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const key = `${prefix}_${next++}`;
      const { status } = await stack.call('POST', '/v1/partner/actions/submit', actionBody(key));
      load.answers.set(status, (load.answers.get(status) ?? 0) + 1);
      if (isFinalAnswer(status)) load.accepted.push(key);
      else load.refused.push(key);
    }
  };
  load.done = Promise.all(Array.from({ length: concurrency }, lane)).then(() => undefined);
  return load;
}

/**
 * Submits `count` actions keyed `${prefix}_${i}` as bulk jobs of `perJob` items, `concurrency`
 * jobs at a time, in the background. A job answered 200 or 202 accepts all its keys; a job
 * refused leaves them to be sent again (resubmitRefused sends each alone, under the same key).
 */
export function submitBulkJobs(
  stack: FaultStack,
  prefix: string,
  count: number,
  concurrency: number,
  perJob: number,
): ActionLoad {
  const load: ActionLoad = { accepted: [], refused: [], answers: new Map(), done: Promise.resolve() };
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const keys = Array.from({ length: Math.min(perJob, count - next) }, () => `${prefix}_${next++}`);
      const { status } = await stack.call('POST', '/v1/partner/actions/bulk', { actions: keys.map(actionBody) });
      load.answers.set(status, (load.answers.get(status) ?? 0) + 1);
      (status === 200 || status === 202 ? load.accepted : load.refused).push(...keys);
    }
  };
  load.done = Promise.all(Array.from({ length: concurrency }, lane)).then(() => undefined);
  return load;
}

/** Sends every refused key again, as a partner retries, until each is accepted or the deadline passes. */
export async function resubmitRefused(stack: FaultStack, load: ActionLoad, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (load.refused.length > 0 && Date.now() < deadline) {
    const key = load.refused.shift()!;
    const { status } = await stack.call('POST', '/v1/partner/actions/submit', actionBody(key));
    if (isFinalAnswer(status)) load.accepted.push(key);
    else load.refused.push(key);
  }
}
