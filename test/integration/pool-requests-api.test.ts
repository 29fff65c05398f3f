import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOperator, type CreatedOperator } from '../../src/operators/create-operator.js';
import { SirPartnerId } from '../../src/temporal/contract/search-attributes.js';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import { expectLedgerInvariants, fundPool } from '../support/ledger-fixtures.js';
import { opsCli } from '../support/ops-cli.js';
import { poolBalance } from '../support/reversal-fixtures.js';
import { startTemporalApp, type TemporalApp } from '../support/temporal-app.js';
import type { TestApp, TestPartner } from '../support/test-app.js';

describe('token pool requests and the admin API over the real Temporal dev server and PostgreSQL', () => {
  let harness: TemporalApp;
  let t: TestApp;
  let partner: TestPartner;
  let operator: CreatedOperator;
  let poolId: string;

  beforeAll(async () => {
    harness = await startTemporalApp();
    ({ t } = harness);
    partner = await t.createPartner();
    poolId = (await fundPool(t, partner, 1000, 'sandbox', 2000)).id;
    operator = await createOperator(t.database.db, 'Test operator');
  });
  afterAll(async () => harness.close());
  afterEach(async () => expectLedgerInvariants(t));

  const admin = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, token = operator.token) =>
    t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload !== undefined && { payload: payload as object }),
    });
  const requestTokens = (body: unknown, who = partner.sandbox) =>
    t.signed(who, 'POST', '/v1/partner/token-pools/request', body);
  const eventsOf = (type: string) =>
    t.database.db
      .selectFrom('events')
      .select(['environment', 'data', 'request_id'])
      .where('partner_id', '=', partner.partnerId)
      .where('type', '=', type)
      .execute();
  /** The ops CLI as an operator runs it, against this test's database and Temporal; a failure is an exit code, not a throw. */
  const ops = opsCli(() => ({
    databaseUrl: t.database.url,
    temporalAddress: harness.stack.env.address,
    temporalNamespace: harness.stack.namespace,
  }));

  it('takes a request, lists it, and credits the pool when an operator approves it', async () => {
    const response = await requestTokens({ tokens: 5000, reason: 'Holiday campaign' });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created).toEqual({
      id: expect.stringMatching(/^tpr_/),
      poolId,
      environment: 'sandbox',
      status: 'PENDING',
      tokensRequested: 5000,
      tokensApproved: null,
      reason: 'Holiday campaign',
      decisionNote: null,
      expiresAt: expect.any(String),
      decidedAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(Date.parse(created.expiresAt) - Date.parse(created.createdAt)).toBeGreaterThan(71.9 * 3_600_000);
    const mine = (await t.signed(partner.sandbox, 'GET', '/v1/partner/token-pools/requests')).json();
    expect(mine).toEqual({ data: [created], pagination: { limit: 20, hasMore: false, nextCursor: null } });
    expect(
      (await t.signed(partner.sandbox, 'GET', '/v1/partner/token-pools/requests?status=APPROVED')).json().data,
    ).toEqual([]);
    expect((await t.signed(partner.production, 'GET', '/v1/partner/token-pools/requests')).json().data).toEqual([]);

    const pending = await admin('GET', `/v1/admin/pool-requests?partnerId=${partner.partnerId}`);
    expect(pending.statusCode).toBe(200);
    expect(pending.json().data).toEqual([
      { ...created, partnerId: partner.partnerId, decidedBy: null, transactionId: null },
    ]);

    const approved = await admin('POST', `/v1/admin/pool-requests/${created.id}/approve`, {
      tokens: 4000,
      note: 'first tranche',
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      id: created.id,
      status: 'APPROVED',
      tokensApproved: 4000,
      decisionNote: 'first tranche',
      decidedBy: operator.id,
      transactionId: expect.stringMatching(/^txn_/),
    });
    expect(await poolBalance(t, partner, poolId)).toBe(5000);
    expect((await eventsOf('token_pool_request.approved')).map((e) => e.data)).toEqual([
      { request: expect.objectContaining({ id: created.id, status: 'APPROVED', tokensApproved: 4000 }) },
    ]);
    expect((await eventsOf('token_pool.refilled')).map((e) => e.data)).toContainEqual({
      poolId,
      tokensAdded: 4000,
      balance: 5000,
    });

    const again = await admin('POST', `/v1/admin/pool-requests/${created.id}/approve`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({
      error: { code: 'POOL_REQUEST_NOT_PENDING', message: `pool request ${created.id} is already APPROVED` },
    });
    const workflow = harness.stack.client.workflow.getHandle(workflowIds.poolRequest(created.id));
    expect(await workflow.result()).toEqual({
      requestId: created.id,
      status: 'APPROVED',
      poolId,
      tokensApproved: 4000,
    });
    expect((await workflow.describe()).typedSearchAttributes.get(SirPartnerId)).toBe(partner.partnerId);
  });

  it('records a rejection with its reason and refuses decisions it cannot take', async () => {
    const balanceBefore = await poolBalance(t, partner, poolId);
    const created = (await requestTokens({ tokens: 300, reason: 'More please', poolId })).json();
    expect((await admin('POST', `/v1/admin/pool-requests/${created.id}/reject`, {})).json().error.code).toBe(
      'VALIDATION_ERROR',
    );
    const tooMuch = await admin('POST', `/v1/admin/pool-requests/${created.id}/approve`, { tokens: 301 });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().error).toEqual({
      code: 'INVALID_POOL_REQUEST_DECISION',
      message: 'approve between 1 and the 300 tokens requested',
    });

    const rejected = await admin('POST', `/v1/admin/pool-requests/${created.id}/reject`, {
      reason: 'Budget exhausted',
    });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({
      status: 'REJECTED',
      decisionNote: 'Budget exhausted',
      tokensApproved: null,
      decidedBy: operator.id,
    });
    expect((await eventsOf('token_pool_request.rejected')).map((e) => e.data)).toEqual([
      { request: expect.objectContaining({ id: created.id, decisionNote: 'Budget exhausted' }) },
    ]);
    expect(await poolBalance(t, partner, poolId)).toBe(balanceBefore);
    expect((await admin('POST', '/v1/admin/pool-requests/tpr_unknown/approve')).statusCode).toBe(404);
  });

  it('answers retries with the same idempotencyKey, racing or late, with the one request they made', async () => {
    const body = { tokens: 700, reason: 'Retried top-up', idempotencyKey: 'topup_2026_11' };
    const racing = await Promise.all([requestTokens(body), requestTokens(body), requestTokens(body)]);
    expect(racing.map((response) => response.statusCode)).toEqual([201, 201, 201]);
    const ids = [...new Set(racing.map((response) => response.json().id))];
    expect(ids).toHaveLength(1);
    const id = ids[0]!;
    expect(racing.filter((response) => response.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
    const rows = await t.database.db
      .selectFrom('token_pool_requests')
      .select('id')
      .where('partner_id', '=', partner.partnerId)
      .where('reason', '=', body.reason)
      .execute();
    expect(rows).toEqual([{ id }]);
    const workflow = harness.stack.client.workflow.getHandle(workflowIds.poolRequest(id));
    expect((await workflow.describe()).status.name).toBe('RUNNING');

    expect((await admin('POST', `/v1/admin/pool-requests/${id}/reject`, { reason: 'Not this month' })).statusCode).toBe(
      200,
    );
    const late = await requestTokens(body);
    expect([late.statusCode, late.headers['idempotent-replayed']]).toEqual([201, 'true']);
    expect(late.json()).toMatchObject({ id, status: 'REJECTED', tokensRequested: 700, decisionNote: 'Not this month' });

    const otherBody = await requestTokens({ ...body, tokens: 701 });
    expect(otherBody.statusCode).toBe(422);
    expect(otherBody.json().error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', details: { poolRequestId: id } });

    // A key names one request per partner and environment.
    const production = await requestTokens(body, partner.production);
    expect([production.statusCode, production.headers['idempotent-replayed']]).toEqual([201, undefined]);
    expect(production.json()).toMatchObject({ environment: 'production', status: 'PENDING' });
    expect(production.json().id).not.toBe(id);
    expect(
      (await admin('POST', `/v1/admin/pool-requests/${production.json().id}/reject`, { reason: 'Not this month' }))
        .statusCode,
    ).toBe(200);
  });

  it('validates requests: amounts, and pools of other partners', async () => {
    expect((await requestTokens({ tokens: 0, reason: 'x' })).json().error.code).toBe('VALIDATION_ERROR');
    expect((await requestTokens({ tokens: 1_000_000_001, reason: 'x' })).json().error.code).toBe('VALIDATION_ERROR');
    expect((await requestTokens({ tokens: 10 })).json().error.code).toBe('VALIDATION_ERROR');
    const other = await t.createPartner();
    const otherPool = (await fundPool(t, other, 10)).id;
    expect((await requestTokens({ tokens: 10, reason: 'x', poolId: otherPool })).json().error).toEqual({
      code: 'NOT_FOUND',
      message: 'token pool not found',
    });
  });

  it('keeps partner keys off admin routes and operator tokens off partner routes, and out of the partner docs', async () => {
    const withPartnerKey = await t.signed(partner.sandbox, 'GET', '/v1/admin/pool-requests');
    expect(withPartnerKey.statusCode).toBe(403);
    expect(withPartnerKey.json().error.code).toBe('OPERATOR_TOKEN_REQUIRED');
    expect((await t.app.inject({ method: 'GET', url: '/v1/admin/pool-requests' })).json().error.code).toBe(
      'UNAUTHORIZED',
    );
    expect((await admin('GET', '/v1/admin/pool-requests', undefined, `op_${'x'.repeat(40)}`)).statusCode).toBe(401);
    expect((await admin('GET', '/v1/admin/pool-requests', undefined, partner.jwt)).statusCode).toBe(401);

    const bearer = await t.app.inject({
      method: 'GET',
      url: '/v1/partner/token-pools',
      headers: { authorization: `Bearer ${operator.token}` },
    });
    expect([bearer.statusCode, bearer.json().error.code]).toEqual([401, 'INVALID_API_KEY']);
    const asKey = await t.app.inject({
      method: 'GET',
      url: '/v1/partner/token-pools',
      headers: { 'x-partner-key': operator.token },
    });
    expect([asKey.statusCode, asKey.json().error.code]).toEqual([401, 'INVALID_API_KEY']);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/v1/partner/keys',
          headers: { authorization: `Bearer ${operator.token}` },
        })
      ).statusCode,
    ).toBe(401);

    const document = (await t.app.inject({ method: 'GET', url: '/partner-api/json' })).json();
    expect(Object.keys(document.paths)).toContain('/v1/partner/token-pools/request');
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/v1/admin'))).toEqual([]);
  });

  it('suspends a partner at once, recording partner.status_changed for both environments', async () => {
    const suspended = await admin('PATCH', `/v1/admin/partners/${partner.partnerId}/status`, {
      status: 'SUSPENDED',
      reason: 'Unpaid invoice',
    });
    expect(suspended.statusCode).toBe(200);
    expect(suspended.json()).toMatchObject({ id: partner.partnerId, status: 'SUSPENDED' });
    const refused = await t.signed(partner.sandbox, 'GET', '/v1/partner/token-pools');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('PARTNER_SUSPENDED');
    const changes = await eventsOf('partner.status_changed');
    expect(changes.map((e) => e.environment).sort()).toEqual(['production', 'sandbox']);
    expect(changes[0]).toMatchObject({
      data: { partnerId: partner.partnerId, previousStatus: 'ACTIVE', status: 'SUSPENDED', reason: 'Unpaid invoice' },
      request_id: suspended.headers['request-id'],
    });

    // The same status again changes and records nothing.
    expect(
      (await admin('PATCH', `/v1/admin/partners/${partner.partnerId}/status`, { status: 'SUSPENDED', reason: 'again' }))
        .statusCode,
    ).toBe(200);
    expect(await eventsOf('partner.status_changed')).toHaveLength(2);
    expect(
      (
        await admin('PATCH', `/v1/admin/partners/${partner.partnerId}/status`, { status: 'ACTIVE', reason: 'Paid' })
      ).json().status,
    ).toBe('ACTIVE');
    expect((await t.signed(partner.sandbox, 'GET', '/v1/partner/token-pools')).statusCode).toBe(200);
    expect(
      (await admin('PATCH', '/v1/admin/partners/ptn_unknown/status', { status: 'ACTIVE', reason: 'x' })).statusCode,
    ).toBe(404);
  });

  it('does the same through `npm run ops`', async () => {
    const created = await ops('operator:create', '--name', 'CLI operator');
    const token = /operator token .*: (op_[0-9a-z]{40})$/m.exec(created.stdout)?.[1];
    expect(token).toBeDefined();
    expect((await admin('GET', '/v1/admin/pool-requests', undefined, token)).statusCode).toBe(200);

    const first = (await requestTokens({ tokens: 700, reason: 'CLI approval' })).json();
    const second = (await requestTokens({ tokens: 80, reason: 'CLI rejection' })).json();
    const listed = await ops('pool-requests:list', '--partner', partner.partnerId);
    expect(listed.stdout).toContain(`${first.id}  PENDING  ${partner.partnerId}/sandbox  700 tokens → ${poolId}`);
    expect(listed.stdout).toMatch(/^2 PENDING request\(s\)$/m);

    const approved = await ops('pool-requests:approve', first.id, '--tokens', '500');
    expect(approved.stdout).toContain(
      `approved: ${first.id}  APPROVED  ${partner.partnerId}/sandbox  500 of 700 tokens`,
    );
    expect(await poolBalance(t, partner, poolId)).toBe(5500);
    const twice = await ops('pool-requests:approve', first.id);
    expect([twice.code, twice.stderr.trim()]).toEqual([
      1,
      `POOL_REQUEST_NOT_PENDING: pool request ${first.id} is already APPROVED`,
    ]);
    expect((await ops('pool-requests:reject', second.id, '--reason', 'Not now')).stdout).toContain(
      `rejected: ${second.id}  REJECTED`,
    );

    expect((await ops('partner:status', partner.partnerId, 'INACTIVE', '--reason', 'Paused account')).stdout).toContain(
      `is now INACTIVE`,
    );
    expect((await t.signed(partner.sandbox, 'GET', '/v1/partner/token-pools')).json().error.code).toBe(
      'PARTNER_NOT_ACTIVE',
    );
    expect((await ops('partner:status', partner.partnerId, 'BOGUS', '--reason', 'x')).stderr).toMatch(
      /<STATUS> must be one of/,
    );
  }, 120_000);

  it('lists operators and revokes a token at once through `npm run ops`, keeping the record of who decided', async () => {
    const created = await ops('operator:create', '--name', 'Leaving operator');
    const operatorId = /^created operator (opr_\w+) /m.exec(created.stdout)?.[1];
    const token = /operator token .*: (op_[0-9a-z]{40})$/m.exec(created.stdout)?.[1];
    expect(await admin('GET', '/v1/admin/pool-requests', undefined, token)).toMatchObject({ statusCode: 200 });
    const listed = await ops('operator:list');
    expect(listed.stdout).toMatch(new RegExp(`^${operatorId}  ACTIVE  \\S+  last used \\S+  "Leaving operator"$`, 'm'));
    expect(listed.stdout).not.toContain(token);

    const revoked = await ops('operator:revoke', operatorId!);
    expect(revoked.stdout.trim()).toBe(
      `revoked operator ${operatorId} (Leaving operator); its token opens no admin route from now on`,
    );
    const refused = await admin('GET', '/v1/admin/pool-requests', undefined, token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error).toMatchObject({ code: 'UNAUTHORIZED', message: 'operator token is not valid' });
    expect((await ops('operator:list')).stdout).toMatch(new RegExp(`^${operatorId}  REVOKED \\S+  `, 'm'));
    expect((await ops('operator:revoke', operatorId!)).stdout.trim()).toBe(
      `operator ${operatorId} (Leaving operator) was already revoked`,
    );
    expect(await ops('operator:revoke', 'opr_unknown')).toMatchObject({
      code: 1,
      stderr: 'NOT_FOUND: no operator opr_unknown\n',
    });
    // The fixture's operator is untouched.
    expect((await admin('GET', '/v1/admin/pool-requests')).statusCode).toBe(200);
  }, 120_000);
});
