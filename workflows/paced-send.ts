import { ApplicationFailure, condition, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import {
  firstPacing,
  type DeliveryPacing,
  type HeldBack,
  type Hold,
} from '../src/webhooks/delivery/delivery-pacing.js';
import { sendWebhookOptions, type DeliveryPolicy } from '../src/webhooks/delivery/delivery-policy.js';
import { orderedTurnSignal } from './delivery-messages.js';
import { firstAttempt } from './first-attempt.js';

// A lost wake-up (a signal sent while no worker could take it, an ordered switch turned off) costs
// at most this long; the signal is only a hint, the database decides.
const orderedTurnRecheck = '1 hour';

export interface PacedSendStart {
  /** The first call is a local activity, and a failed first attempt waits its backoff on a timer before the regular calls. */
  firstLocal: boolean;
  /** What an earlier call (the event's workflow's first attempt) was held back by: wait for it, then go on from there. */
  after?: HeldBack;
}

/**
 * sendWebhook until it sends: when a gate holds it back it waits on a Temporal timer (rate slot)
 * or parks until signalled (ordered turn), then asks again, going on with the same schedule and
 * window. Throws sendWebhook's failure, or a failure of its own when the window closed while waiting.
 */
export async function pacedSend(
  deliveryId: string,
  policy: DeliveryPolicy,
  { firstLocal, after }: PacedSendStart = { firstLocal: false },
): Promise<void> {
  let turnMayHaveCome = false;
  setHandler(orderedTurnSignal, () => {
    turnMayHaveCome = true;
  });
  const wait = async (hold: Hold) => {
    if (hold.kind === 'ordered') await condition(() => turnMayHaveCome, orderedTurnRecheck);
    else await sleep(hold.waitMs);
  };
  let pacing: DeliveryPacing = firstPacing;
  let local = firstLocal;
  if (after) {
    pacing = after.pacing;
    await wait(after.hold);
  }
  for (;;) {
    const windowLeftMs = pacing.windowEndsAtMs === null ? null : pacing.windowEndsAtMs - Date.now();
    if (windowLeftMs !== null && windowLeftMs <= 0) {
      throw ApplicationFailure.nonRetryable(
        'the retry window closed while the delivery waited for a rate slot',
        'DeliveryWindowClosed',
      );
    }
    const { sendWebhook } = proxyActivities<Activities>(
      sendWebhookOptions(policy, { attemptsBefore: pacing.attemptsBefore, windowLeftMs }),
    );
    // Reset before asking, so a signal that comes while the answer is on its way is not lost.
    turnMayHaveCome = false;
    const held = local ? await firstAttempt(deliveryId, policy) : await sendWebhook({ deliveryId, policy, pacing });
    local = false;
    if (!held) return;
    pacing = held.pacing;
    await wait(held.hold);
  }
}
