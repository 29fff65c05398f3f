import type { WebhookEvent } from '../../../packages/sir-partner-client/src/index.js';

type Match = (event: WebhookEvent) => boolean;

export interface EventInbox {
  /** Verified events in arrival order, each event id once: a redelivery carries the same id. */
  readonly events: readonly WebhookEvent[];
  /** Whether the event was new. */
  record(event: WebhookEvent): boolean;
  /** The first event that matches, received already or later; rejects after timeoutMs. */
  waitFor(matches: Match, timeoutMs: number): Promise<WebhookEvent>;
}

export function createEventInbox(): EventInbox {
  const events: WebhookEvent[] = [];
  const seen = new Set<string>();
  const waiters = new Set<{ matches: Match; resolve: (event: WebhookEvent) => void }>();

  return {
    events,
    record(event) {
      if (seen.has(event.id)) return false;
      seen.add(event.id);
      events.push(event);
      for (const waiter of waiters) if (waiter.matches(event)) waiter.resolve(event);
      return true;
    },
    waitFor(matches, timeoutMs) {
      const received = events.find(matches);
      if (received) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const waiter = {
          matches,
          resolve: (event: WebhookEvent) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve(event);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching webhook event within ${timeoutMs} ms (${events.length} received)`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
  };
}
