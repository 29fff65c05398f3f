import { condition, defineSignal, setHandler } from '@temporalio/workflow';

/** Sent to a parked delivery when it may attempt again: its endpoint recovered, or it is the new probe. */
export interface ResumeDelivery {
  asProbe: boolean;
}

export const resumeDeliverySignal = defineSignal<[ResumeDelivery]>('resumeDelivery');

/**
 * Where a delivery waits while its endpoint's circuit is open: a condition on the resume signal
 * with the rest of the retry window as its timeout, so a parked delivery costs one timer and no
 * tasks. Installed when the workflow starts, so a signal that arrives before the wait is kept.
 */
export function parkingSpot() {
  let resumed: ResumeDelivery | undefined;
  setHandler(resumeDeliverySignal, (resume) => {
    resumed = resume;
  });
  return {
    /** How the delivery resumes, or undefined when its window ended first. */
    async wait(windowEndsAtMs: number): Promise<ResumeDelivery | undefined> {
      const remainingMs = windowEndsAtMs - Date.now();
      const woken =
        resumed !== undefined || (remainingMs > 0 && (await condition(() => resumed !== undefined, remainingMs)));
      const resume = woken ? resumed : undefined;
      resumed = undefined;
      return resume;
    },
  };
}
