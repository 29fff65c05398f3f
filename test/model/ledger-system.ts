import type { Kysely } from 'kysely';
import { registerActions, type Registration } from '../../src/actions/action-registration.js';
import type { ActionRequest, ActionResult } from '../../src/actions/action-types.js';
import { applyAction } from '../../src/actions/apply-action.js';
import { createPoolCommitQueue, type PoolCommitQueue } from '../../src/actions/pool-commit-queue.js';
import type { PartnerScope } from '../../src/partner-scope.js';
import type { Database } from '../../src/db/schema.js';
import { ApiError } from '../../src/errors.js';
import { randomToken } from '../../src/ids.js';
import { accounts } from '../../src/ledger/account-ids.js';
import { LedgerRefusal } from '../../src/ledger/post-transaction.js';
import { spendTokens as spendUserTokens } from '../../src/ledger/spend-tokens.js';
import { createPartner } from '../../src/partners/create-partner.js';
import { allocateToPool } from '../../src/pools/allocate-to-pool.js';
import { createTokenPool } from '../../src/pools/create-token-pool.js';
import { accountBalance } from '../../src/pools/token-pool-repository.js';
import { applyReversal } from '../../src/reversals/apply-reversal.js';
import { createReversalSubmission } from '../../src/reversals/reversal-submission.js';
import type { ReversalRequest, ReversalResult } from '../../src/reversals/reversal-types.js';
import type { ReversalWorkflows } from '../../src/temporal/client/reversal-workflows.js';
import type { LedgerBalances, SpendOutcome } from './ledger-model.js';

/** The real ledger for one fresh partner's sandbox, driven through the code its activities call. */
export interface LedgerSystem {
  db: Kysely<Database>;
  scope: PartnerScope;
  poolId: string | null;
  /** Each action's first answer, by idempotency key, for retries to be compared with. */
  actionResults: Map<string, ActionResult>;
  reversalResults: Map<string, ReversalResult>;
  /** The group commit a ledger worker applies bulk jobs through. */
  commits: PoolCommitQueue;
  reverse(actionId: string, request: ReversalRequest): Promise<ReversalResult>;
}

type ReversalHandle = Awaited<ReturnType<ReversalWorkflows['start']>>;

/** Runs the reversal's activity in-process where the API would start its workflow. */
function inProcessReversals(db: Kysely<Database>): ReversalWorkflows {
  return {
    // Only the id travels from start to resultWithin, so a handle carrying it is enough.
    start: async (reversal) => ({ workflowId: reversal.id }) as unknown as ReversalHandle,
    resultWithin: async (handle) => applyReversal(db, handle.workflowId),
  };
}

export async function openLedgerSystem(db: Kysely<Database>): Promise<LedgerSystem> {
  const partner = await createPartner(db, { name: `Model ${randomToken(6)}`, status: 'ACTIVE' });
  const scope: PartnerScope = { partnerId: partner.id, environment: 'sandbox' };
  const submitReversal = createReversalSubmission({ db, workflows: inProcessReversals(db), syncWaitMs: 0 });
  return {
    db,
    scope,
    poolId: null,
    actionResults: new Map(),
    reversalResults: new Map(),
    commits: createPoolCommitQueue({ db }),
    reverse: async (actionId, request) =>
      (await submitReversal(scope, actionId, request, `req_${request.refundIdempotencyKey}`)).result,
  };
}

export async function fundPool(system: LedgerSystem, tokens: number): Promise<void> {
  if (system.poolId === null) {
    const pool = await createTokenPool(system.db, system.scope, {
      name: 'model pool',
      initialTokens: tokens,
      lowBalanceThreshold: 0,
    });
    system.poolId = pool.id;
    return;
  }
  const poolId = system.poolId;
  await system.db.transaction().execute((trx) => allocateToPool(trx, system.scope, poolId, tokens, 'model refill'));
}

/** Registers the request under its key, then applies the action, as the submit route and its activity do. */
export async function submitAction(
  system: LedgerSystem,
  request: ActionRequest,
): Promise<{ registration: Registration; result?: ActionResult }> {
  const [registration] = await registerActions(system.db, system.scope, [request], `req_${request.idempotencyKey}`);
  if (!registration) throw new Error('registerActions answered nothing');
  if ('conflict' in registration) return { registration };
  return { registration, result: await applyAction(system.db, registration.action.id) };
}

/** Registers every request under its own key, then applies the registered ones together, as the bulk route and its activity do. */
export async function submitBulk(
  system: LedgerSystem,
  requests: ActionRequest[],
): Promise<Array<{ registration: Registration; result?: ActionResult }>> {
  const registrations = await registerActions(
    system.db,
    system.scope,
    requests,
    `req_bulk_${requests[0]?.idempotencyKey}`,
  );
  const registered = registrations.flatMap((registration) =>
    'action' in registration ? [registration.action.id] : [],
  );
  const applied = await system.commits.applyAll(registered);
  let next = 0;
  return registrations.map((registration) =>
    'action' in registration ? { registration, result: applied[next++]! } : { registration },
  );
}

/** Debt and allocation accounts are negative; 0 - n, unlike -n, never gives -0 for an untouched one. */
const negated = (balance: number) => 0 - balance;

/** Balances as the ledger accounts hold them, in the model's shape. */
export async function readBalances(system: LedgerSystem): Promise<LedgerBalances> {
  const { db, scope } = system;
  const poolBalance = (id: string | null) => (id === null ? Promise.resolve(0) : accountBalance(db, id));
  const rows = await db
    .selectFrom('partner_users as u')
    .leftJoin('ledger_accounts as b', (join) => join.onRef('b.owner_id', '=', 'u.id').on('b.kind', '=', 'user'))
    .leftJoin('ledger_accounts as d', (join) => join.onRef('d.owner_id', '=', 'u.id').on('d.kind', '=', 'user_debt'))
    .select(['u.external_id', 'b.balance', 'd.balance as debt'])
    .where('u.partner_id', '=', scope.partnerId)
    .where('u.environment', '=', scope.environment)
    .orderBy('u.external_id')
    .execute();
  const users = Object.fromEntries(
    rows.map((row) => [row.external_id, { balance: row.balance ?? 0, debt: negated(row.debt ?? 0) }]),
  );
  return {
    pool: await poolBalance(system.poolId && accounts.pool(system.poolId).id),
    allocated: negated(await accountBalance(db, accounts.allocation(scope.partnerId, scope.environment).id)),
    spent: await accountBalance(db, accounts.redemption(scope.partnerId, scope.environment).id),
    receivable: await poolBalance(system.poolId && accounts.poolReceivable(system.poolId).id),
    users,
  };
}

/** Rows a retry or a refused key must not add to. */
export async function writtenRows(system: LedgerSystem) {
  const count = async (table: 'actions' | 'reversals' | 'ledger_transactions' | 'events' | 'partner_users') => {
    const row = await system.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('partner_id', '=', system.scope.partnerId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    actions: await count('actions'),
    reversals: await count('reversals'),
    ledgerTransactions: await count('ledger_transactions'),
    events: await count('events'),
    users: await count('partner_users'),
  };
}

/** A spend's outcome in the model's terms; any other error fails the run. */
export async function spendTokens(system: LedgerSystem, externalId: string, tokens: number): Promise<SpendOutcome> {
  try {
    await spendUserTokens(system.db, system.scope, externalId, tokens, 'model spend');
    return 'SPENT';
  } catch (error) {
    if (error instanceof LedgerRefusal) return 'INSUFFICIENT_BALANCE';
    if (error instanceof ApiError && error.code === 'NOT_FOUND') return 'USER_NOT_FOUND';
    throw error;
  }
}
