import type { PartnerStatus, PoolRequestStatus } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { createOperator } from '../operators/create-operator.js';
import { listOperators, revokeOperator } from '../operators/operator-repository.js';
import { changePartnerStatus } from '../partners/change-partner-status.js';
import { createPoolRequestAdmin, listPoolRequestsForOperators } from '../pool-requests/pool-request-admin.js';
import type { AdminPoolRequestView } from '../pool-requests/pool-request-view.js';
import { createPoolRequestWorkflows } from '../temporal/client/pool-request-workflows.js';
import type { OpsArgs, OpsContext } from './ops-context.js';
import { diagnosisOpsCommands } from './ops-diagnosis-commands.js';
import { webhookOpsCommands } from './ops-webhook-commands.js';

const poolRequestStatuses: readonly PoolRequestStatus[] = ['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED'];
const partnerStatuses: readonly PartnerStatus[] = ['PENDING', 'ACTIVE', 'INACTIVE', 'SUSPENDED'];

export const opsUsage = `usage: npm run ops -- <command>
  operator:create --name <name>                        create an operator token (shown once)
  operator:list                                        list operators: id, name, token hint, last use, revocation
  operator:revoke <operatorId>                         revoke an operator's token at once
  pool-requests:list [--status PENDING|APPROVED|REJECTED|EXPIRED] [--partner <partnerId>] [--limit N] [--cursor C]
  pool-requests:approve <requestId> [--tokens N] [--note <text>]
  pool-requests:reject <requestId> --reason <text>
  partner:status <partnerId> <PENDING|ACTIVE|INACTIVE|SUSPENDED> --reason <text>
  endpoints:show <webhookId>                           an endpoint's state: enabled or why not, circuit, failing since, backlog
  endpoints:disable <webhookId> --reason <text>        disable a webhook endpoint; its open deliveries are cancelled
  endpoints:enable <webhookId>                         re-enable a disabled endpoint, resetting its failure count
  deliveries:retry <webhookId> <deliveryId>            send one delivery again as a new workflow run
  deliveries:recover <webhookId> [--since ISO-date]    send every FAILED delivery (created since the date) again
  replay <workflowId>                                  replay a workflow's history against the current code
  health <partnerId> [--environment sandbox|production] print the partner's integration-health verdicts`;

class UsageError extends Error {
  constructor(problem: string) {
    super(`${problem}\n${opsUsage}`);
  }
}

function required(value: string | undefined, what: string): string {
  if (!value?.trim()) throw new UsageError(`missing ${what}`);
  return value.trim();
}

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${what} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function positiveInteger(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1) throw new UsageError(`${what} must be a positive integer`);
  return parsed;
}

function describe(request: AdminPoolRequestView): string {
  const pool = request.poolId ?? 'a new pool';
  const amount =
    request.tokensApproved === null
      ? `${request.tokensRequested} tokens`
      : `${request.tokensApproved} of ${request.tokensRequested} tokens`;
  return `${request.id}  ${request.status}  ${request.partnerId}/${request.environment}  ${amount} → ${pool}  expires ${request.expiresAt}  "${request.reason}"`;
}

const admin = async (context: OpsContext) =>
  createPoolRequestAdmin({ db: context.db, workflows: createPoolRequestWorkflows(await context.temporal()) });

/** Each command prints what it did; the admin API calls the same domain functions. */
export const opsCommands: Record<string, (context: OpsContext, args: OpsArgs) => Promise<void>> = {
  async 'operator:create'({ db, print }, { values }) {
    const operator = await createOperator(db, required(values.name, '--name'));
    print(`created operator ${operator.id} (${operator.name})`);
    print(`operator token (shown once; send it as Authorization: Bearer …): ${operator.token}`);
  },

  async 'operator:list'({ db, print }) {
    const operators = await listOperators(db);
    for (const operator of operators) {
      const used = operator.last_used_at ? `last used ${new Date(operator.last_used_at).toISOString()}` : 'never used';
      const state = operator.revoked_at ? `REVOKED ${new Date(operator.revoked_at).toISOString()}` : 'ACTIVE';
      print(`${operator.id}  ${state}  ${operator.token_hint}  ${used}  "${operator.name}"`);
    }
    print(`${operators.length} operator(s)`);
  },

  async 'operator:revoke'({ db, print }, { positionals }) {
    const operatorId = required(positionals[0], '<operatorId>');
    const revoked = await revokeOperator(db, operatorId);
    if (!revoked) throw new ApiError('NOT_FOUND', `no operator ${operatorId}`);
    print(
      revoked.alreadyRevoked
        ? `operator ${operatorId} (${revoked.operator.name}) was already revoked`
        : `revoked operator ${operatorId} (${revoked.operator.name}); its token opens no admin route from now on`,
    );
  },

  async 'pool-requests:list'({ db, print }, { values }) {
    const status = oneOf(values.status ?? 'PENDING', poolRequestStatuses, '--status');
    const page = await listPoolRequestsForOperators(
      db,
      { status, partnerId: values.partner },
      positiveInteger(values.limit, '--limit') ?? 20,
      values.cursor,
    );
    page.data.forEach((request) => print(describe(request)));
    print(
      `${page.data.length} ${status} request(s)${page.pagination.nextCursor ? `; more with --cursor ${page.pagination.nextCursor}` : ''}`,
    );
  },

  async 'pool-requests:approve'(context, { positionals, values }) {
    const requestId = required(positionals[0], '<requestId>');
    const tokens = positiveInteger(values.tokens, '--tokens');
    const approved = await (await admin(context)).approve(requestId, context.actor, { tokens, note: values.note });
    context.print(`approved: ${describe(approved)}`);
  },

  async 'pool-requests:reject'(context, { positionals, values }) {
    const requestId = required(positionals[0], '<requestId>');
    const rejected = await (await admin(context)).reject(requestId, context.actor, required(values.reason, '--reason'));
    context.print(`rejected: ${describe(rejected)}`);
  },

  async 'partner:status'({ db, print }, { positionals, values }) {
    const partnerId = required(positionals[0], '<partnerId>');
    const status = oneOf(required(positionals[1], '<STATUS>'), partnerStatuses, '<STATUS>');
    const { partner, changed } = await changePartnerStatus(db, partnerId, {
      status,
      reason: required(values.reason, '--reason'),
    });
    print(
      changed
        ? `partner ${partner.id} (${partner.name}) is now ${partner.status}; partner.status_changed recorded for sandbox and production (sent at the next outbox sweep)`
        : `partner ${partner.id} (${partner.name}) was already ${partner.status}; nothing changed`,
    );
  },

  ...webhookOpsCommands,
  ...diagnosisOpsCommands,
};

export function isUsageError(error: unknown): boolean {
  return error instanceof UsageError;
}
