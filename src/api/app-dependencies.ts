import type { Client } from '@temporalio/client';
import { sql, type Kysely } from 'kysely';
import { createActionQueries } from '../actions/action-queries.js';
import { createActionSubmission } from '../actions/action-submission.js';
import { bulkSyncWaitMs, createBulkSubmission } from '../actions/bulk-submission.js';
import { createBulkWorkflows } from '../temporal/bulk-workflows.js';
import { createTransactionQueries } from '../transactions/transaction-queries.js';
import { createUserLedgerQueries } from '../users/user-ledger-queries.js';
import { createReversalSubmission } from '../reversals/reversal-submission.js';
import { createReversalWorkflows } from '../temporal/reversal-workflows.js';
import { createTokenPoolQueries } from '../pools/token-pool-queries.js';
import { createActionWorkflows } from '../temporal/action-workflows.js';
import { createPartnerAuthenticator } from '../auth/partner-authenticator.js';
import type { Database } from '../db/schema.js';
import { createApiKeyService } from '../keys/api-key-service.js';
import { createPortalService } from '../portal/portal-service.js';
import { findPortalUserById } from '../portal/portal-user-repository.js';
import { createPortalTokens } from '../security/portal-token.js';
import { createSecretBox } from '../security/secret-box.js';
import { createPartnerUserService } from '../users/partner-user-service.js';
import type { AppDependencies } from './app.js';

export interface ApiSettings {
  masterKey: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  bodyLimitBytes: number;
  actionSyncWaitMs: number;
}

/** Wires the services the HTTP layer calls from the database, Temporal and the secrets in config. */
export function createAppDependencies(
  db: Kysely<Database>,
  temporal: Client,
  settings: ApiSettings,
  now = () => new Date(),
): AppDependencies {
  const secretBox = createSecretBox(settings.masterKey);
  const tokens = createPortalTokens(settings.jwtSecret, settings.jwtTtlSeconds, now);
  const transactions = createTransactionQueries(db);
  return {
    bodyLimitBytes: settings.bodyLimitBytes,
    authenticatePartner: createPartnerAuthenticator({ db, secretBox, now }),
    authenticatePortalUser: async (token) => {
      const userId = await tokens.verify(token);
      return userId ? ((await findPortalUserById(db, userId)) ?? null) : null;
    },
    findPartner: (id) => db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst(),
    portal: createPortalService({ db, tokens }),
    keys: createApiKeyService({ db, secretBox }),
    users: createPartnerUserService({ db }),
    submitAction: createActionSubmission({ db, workflows: createActionWorkflows(temporal), syncWaitMs: settings.actionSyncWaitMs }),
    submitBulk: createBulkSubmission({ db, workflows: createBulkWorkflows(temporal), syncWaitMs: bulkSyncWaitMs }),
    transactions,
    userLedger: createUserLedgerQueries(db, transactions),
    reverseAction: createReversalSubmission({ db, workflows: createReversalWorkflows(temporal), syncWaitMs: settings.actionSyncWaitMs }),
    actionQueries: createActionQueries(db),
    pools: createTokenPoolQueries(db),
    checkReadiness: async () => {
      const [database, temporalServer] = await Promise.all([
        sql`select 1`.execute(db).then(() => true, () => false),
        temporal.workflowService.getSystemInfo({}).then(() => true, () => false),
      ]);
      return { database, temporal: temporalServer };
    },
  };
}
