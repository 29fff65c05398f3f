import { Client, Connection } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { createActivities, type ActivityDependencies } from '../../activities/index.js';
import type { Database } from '../../src/db/schema.js';
import type { KeyExpirySettings } from '../../src/keys/key-expiry-settings.js';
import { activityDependencies, type WorkerDependencies } from '../../src/temporal/worker/create-worker.js';
import type { DeliveryWorkflowOptions } from '../../src/temporal/client/delivery-workflows.js';
import type { RedriveSettings } from '../../src/temporal/schedules/redrive-schedule.js';
import { createSecretBox } from '../../src/security/secret-box.js';
import type { WebhookSettings } from '../../src/webhooks/webhook-settings.js';
import { testMasterKey } from './test-secrets.js';

/** Short and permissive delivery settings: tests run receivers on loopback. */
export const testWebhookSettings: WebhookSettings = {
  timeoutMs: 2000,
  retry: { initialIntervalSeconds: 30, maximumIntervalSeconds: 6 * 3600, windowHours: 24 },
  disableAfterConsecutiveFailures: 3,
  disableAfterFailingHours: 24 * 5,
  circuitOpenAfterFailures: 5,
  allowPrivateTargetsInSandbox: true,
  // Long enough that a test sees the fast paths deliver, not the sweep; sweep tests trigger it.
  dispatchIntervalSeconds: 3600,
  maxConcurrentSends: 20,
};

/** Hourly, as in production: tests that need a sweep trigger the schedule themselves. */
export const testKeyExpirySettings: KeyExpirySettings = { sweepIntervalSeconds: 3600, warningDays: 7 };
/** Hourly, so no run interferes with a test unless the test triggers it. */
export const testRedriveSettings: RedriveSettings = { intervalSeconds: 3600, olderThanSeconds: 60 };

/** Connects nowhere until used, for tests that never start follow-up workflows. */
export const unusedTemporalClient = () => new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });

/** What a test's workers are built from. */
export function testWorkerDependencies(
  db: Kysely<Database>,
  temporal: Client = unusedTemporalClient(),
): WorkerDependencies {
  return {
    db,
    temporal,
    secretBox: createSecretBox(testMasterKey),
    webhooks: testWebhookSettings,
    now: () => new Date(),
  };
}

/** Activities' dependencies as a test's worker would build them; deliveries run where `deliveries` says. */
export function testActivityDependencies(
  db: Kysely<Database>,
  temporal?: Client,
  deliveries?: DeliveryWorkflowOptions,
): ActivityDependencies {
  return activityDependencies({
    ...testWorkerDependencies(db, temporal),
    ...(deliveries ? { deliveryWorkflows: deliveries } : {}),
  });
}

/**
 * The activities, with every delivery workflow start failing as when Temporal is unreachable: the
 * deliveries are recorded and their starts left to the sweep. Each refused start's event type is
 * handed to `refused`.
 */
export function activitiesWithUnreachableDeliveries(
  db: Kysely<Database>,
  refused: (eventType: string) => void = () => {},
): ReturnType<typeof createActivities> {
  const deps = testActivityDependencies(db);
  return createActivities({
    ...deps,
    followUps: {
      ...deps.followUps,
      deliveries: {
        ...deps.followUps.deliveries,
        // A first run starts in its event's workflow; a re-delivery or an ordered endpoint alone.
        startEvent: async (_eventId, group) => {
          group.forEach((delivery) => refused(delivery.eventType));
          throw new Error('temporal unreachable');
        },
        start: async (delivery) => {
          refused(delivery.eventType);
          throw new Error('temporal unreachable');
        },
      },
    },
  });
}
