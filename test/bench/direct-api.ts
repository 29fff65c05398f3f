import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { registerActions } from '../../src/actions/action-registration.js';
import { actionResult } from '../../src/actions/action-view.js';
import { submissionOutcome, type ActionSubmission } from '../../src/actions/action-submission.js';
import { createPoolCommitQueue } from '../../src/actions/pool-commit-queue.js';
import { buildApp } from '../../src/api/app.js';
import { createAppDependencies } from '../../src/api/app-dependencies.js';
import type { Config } from '../../src/config.js';
import type { Database } from '../../src/db/schema.js';
import { apiSettingsFrom } from '../../src/runtime/api-server.js';

/**
 * A submission that applies the action in the request, through the same group-commit queue the
 * ledger worker's activity uses, with no workflow: registration, fingerprint and answers as the
 * real one gives them.
 */
function directSubmission(db: Kysely<Database>): ActionSubmission {
  const queue = createPoolCommitQueue({ db });
  return async (scope, request, requestId) => {
    const [registration] = await registerActions(db, scope, [request], requestId);
    if (!registration) throw new Error('registerActions returned no registration');
    if ('conflict' in registration) throw registration.conflict;
    return submissionOutcome(
      registration.action.status === 'PROCESSING'
        ? await queue.apply(registration.action.id)
        : actionResult(registration.action),
    );
  };
}

/**
 * The stack's API with the same routes, authentication, signatures and rate limits, on its own
 * loopback port, whose action submits skip Temporal: the baseline that leaves orchestration as
 * the only difference from the stack's own submits.
 */
export async function startDirectApi(settings: {
  config: Config;
  db: Kysely<Database>;
  temporal: Client;
  masterKey: string;
  jwtSecret: string;
}) {
  const { db, temporal, ...rest } = settings;
  const deps = createAppDependencies(db, temporal, apiSettingsFrom(rest));
  const app = await buildApp({ ...deps, submitAction: directSubmission(db) });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => app.close() };
}
