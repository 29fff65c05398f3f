import fc from 'fast-check';
import { expect } from 'vitest';
import type { ActionRequest } from '../../src/actions/action-types.js';
import { expectActionResult, expectLedgerMatchesModel } from './expect-ledger.js';
import * as ledgerModel from './ledger-model.js';
import type { LedgerModel } from './ledger-model.js';
import * as ledger from './ledger-system.js';
import type { LedgerSystem } from './ledger-system.js';

type LedgerCommand = fc.AsyncCommand<LedgerModel, LedgerSystem>;

/** A few users, so actions, spends and reversals keep meeting the same balances and debts. */
export const modelUsers = ['ada', 'bo'] as const;

interface ActionShape {
  actionType: 'PURCHASE' | 'VOLUNTEER';
  cents: number;
  users: string[];
  autoCreateUsers: boolean;
}

function actionRequest(idempotencyKey: string, shape: ActionShape): ActionRequest {
  return {
    idempotencyKey,
    actionType: shape.actionType,
    ...(shape.actionType === 'PURCHASE' && { amount: shape.cents / 100, currency: 'USD' }),
    stakeholders: shape.users.map((partnerUserId) => ({ stakeholderTypeCode: 'CUSTOMER', partnerUserId })),
    autoCreateUsers: shape.autoCreateUsers,
  };
}

class SubmitAction implements LedgerCommand {
  constructor(readonly shape: ActionShape) {}
  check = () => true;
  async run(model: LedgerModel, system: LedgerSystem) {
    const request = actionRequest(ledgerModel.nextKey(model, 'order'), this.shape);
    const predicted = ledgerModel.submitAction(model, request);
    const { result } = await ledger.submitAction(system, request);
    expectActionResult(result, predicted);
    system.actionResults.set(request.idempotencyKey, result!);
    await expectLedgerMatchesModel(model, system);
  }
  toString = () => `submit(${JSON.stringify(this.shape)})`;
}

/** The same key and body again: the stored answer, and not one row more. */
class RetryAction implements LedgerCommand {
  constructor(readonly pick: number) {}
  check = (model: Readonly<LedgerModel>) => model.actions.length > 0;
  async run(model: LedgerModel, system: LedgerSystem) {
    const { request } = model.actions[this.pick % model.actions.length]!;
    const before = await ledger.writtenRows(system);
    const { result } = await ledger.submitAction(system, request);
    expect(result).toEqual(system.actionResults.get(request.idempotencyKey));
    expect(await ledger.writtenRows(system)).toEqual(before);
    await expectLedgerMatchesModel(model, system);
  }
  toString = () => `retry(#${this.pick})`;
}

type BodyChange = 'amount' | 'stakeholder' | 'metadata';

function changedBody(request: ActionRequest, change: BodyChange): ActionRequest {
  if (change === 'amount') return { ...request, amount: (request.amount ?? 0) + 1 };
  if (change === 'stakeholder')
    return {
      ...request,
      stakeholders: [...request.stakeholders, { stakeholderTypeCode: 'CUSTOMER', partnerUserId: 'someone_else' }],
    };
  return { ...request, metadata: { orderNote: 'changed' } };
}

/** The same key with another body: refused as a reused key, and nothing written. */
class ReuseKey implements LedgerCommand {
  constructor(
    readonly pick: number,
    readonly change: BodyChange,
  ) {}
  check = (model: Readonly<LedgerModel>) => model.actions.length > 0;
  async run(model: LedgerModel, system: LedgerSystem) {
    const { request } = model.actions[this.pick % model.actions.length]!;
    const before = await ledger.writtenRows(system);
    const { registration } = await ledger.submitAction(system, changedBody(request, this.change));
    if (!('conflict' in registration))
      throw new Error(`key ${request.idempotencyKey} with another body was accepted as ${registration.action.id}`);
    const { conflict } = registration;
    expect({ code: conflict.code, details: conflict.details }).toEqual({
      code: 'IDEMPOTENCY_KEY_REUSED',
      details: { actionId: system.actionResults.get(request.idempotencyKey)!.actionId },
    });
    expect(await ledger.writtenRows(system)).toEqual(before);
    await expectLedgerMatchesModel(model, system);
  }
  toString = () => `reuseKey(#${this.pick}, ${this.change})`;
}

/**
 * Equal purchases at once on one pool, each for a user without debt, so only the count of
 * winners is determined: all of them if the pool covers them, else floor(pool / cost).
 */
class SubmitBurst implements LedgerCommand {
  constructor(
    readonly size: number,
    readonly cents: number,
    readonly oneUser: boolean,
  ) {}
  check = () => true;
  async run(model: LedgerModel, system: LedgerSystem) {
    const burst = ledgerModel.nextKey(model, 'burst');
    const requests = Array.from({ length: this.size }, (_, index) =>
      actionRequest(`${burst}_${index}`, {
        actionType: 'PURCHASE',
        cents: this.cents,
        users: [this.oneUser ? burst : `${burst}_${index}`],
        autoCreateUsers: true,
      }),
    );
    const cost = ledgerModel.tokensFor(requests[0]!);
    const winners = !model.poolOpen ? 0 : cost === 0 ? this.size : Math.min(this.size, Math.floor(model.pool / cost));
    const results = await Promise.all(
      requests.map(async (request) => (await ledger.submitAction(system, request)).result!),
    );
    expect(results.filter((result) => result.status === 'COMPLETED')).toHaveLength(winners);

    // The model applies the winners first; any order of them leaves it in the same state.
    const order = requests.map((request, index) => ({ request, result: results[index]! }));
    order.sort((a, b) => Number(b.result.status === 'COMPLETED') - Number(a.result.status === 'COMPLETED'));
    for (const { request, result } of order) {
      expectActionResult(result, ledgerModel.submitAction(model, request));
      system.actionResults.set(request.idempotencyKey, result);
    }
    await expectLedgerMatchesModel(model, system);
  }
  toString = () => `burst(${this.size} × ${this.cents / 100} USD, ${this.oneUser ? 'one user' : 'distinct users'})`;
}

/**
 * A bulk job: new actions, and possibly a key already used with the same body (its stored result
 * answers) and one used with another body (refused), at any place in the list. The model applies
 * the new ones one after another in list order, which the set-based path must agree with.
 */
class SubmitBulk implements LedgerCommand {
  constructor(
    readonly shapes: ActionShape[],
    readonly retry: number | null,
    readonly reuse: number | null,
  ) {}
  check = (model: Readonly<LedgerModel>) => (this.retry === null && this.reuse === null) || model.actions.length > 0;
  async run(model: LedgerModel, system: LedgerSystem) {
    const job = ledgerModel.nextKey(model, 'bulk');
    type Item = { kind: 'new' | 'retry' | 'reuse'; request: ActionRequest };
    const items: Item[] = this.shapes.map((shape, index) => ({
      kind: 'new',
      request: actionRequest(`${job}_${index}`, shape),
    }));
    const earlier = (pick: number) => model.actions[pick % model.actions.length]!.request;
    if (this.retry !== null)
      items.splice(this.retry % (items.length + 1), 0, { kind: 'retry', request: earlier(this.retry) });
    // A batch never carries one key twice (the API refuses it), so a reuse of the retried key is left out.
    const reused = this.reuse !== null && earlier(this.reuse);
    if (reused && !items.some((item) => item.request.idempotencyKey === reused.idempotencyKey)) {
      items.splice(this.reuse! % (items.length + 1), 0, { kind: 'reuse', request: changedBody(reused, 'amount') });
    }

    const answers = await ledger.submitBulk(
      system,
      items.map((item) => item.request),
    );
    for (const [index, item] of items.entries()) {
      const { registration, result } = answers[index]!;
      if (item.kind === 'reuse') {
        expect('conflict' in registration && registration.conflict.code).toBe('IDEMPOTENCY_KEY_REUSED');
      } else if (item.kind === 'retry') {
        expect(result).toEqual(system.actionResults.get(item.request.idempotencyKey));
      } else {
        expectActionResult(result, ledgerModel.submitAction(model, item.request));
        system.actionResults.set(item.request.idempotencyKey, result!);
      }
    }
    await expectLedgerMatchesModel(model, system);
  }
  toString = () => `bulk(${JSON.stringify(this.shapes)}, retry #${this.retry}, reuse #${this.reuse})`;
}

const actionShape: fc.Arbitrary<ActionShape> = fc.record({
  actionType: fc.constantFrom<ActionShape['actionType']>('PURCHASE', 'PURCHASE', 'PURCHASE', 'VOLUNTEER'),
  cents: fc.integer({ min: 1, max: 6_000 }),
  users: fc.array(fc.constantFrom(...modelUsers), { minLength: 1, maxLength: 2 }),
  autoCreateUsers: fc.constantFrom(true, true, true, false),
});

export const submitCommand = actionShape.map((shape): LedgerCommand => new SubmitAction(shape));
export const retryCommand = fc.nat().map((pick): LedgerCommand => new RetryAction(pick));
export const reuseKeyCommand = fc
  .tuple(fc.nat(), fc.constantFrom<BodyChange>('amount', 'stakeholder', 'metadata'))
  .map(([pick, change]): LedgerCommand => new ReuseKey(pick, change));
export const burstCommand = fc
  .tuple(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 4_000 }), fc.boolean())
  .map(([size, cents, oneUser]): LedgerCommand => new SubmitBurst(size, cents, oneUser));
export const bulkCommand = fc
  .tuple(
    fc.array(actionShape, { minLength: 1, maxLength: 8 }),
    fc.option(fc.nat(), { nil: null }),
    fc.option(fc.nat(), { nil: null }),
  )
  .map(([shapes, retry, reuse]): LedgerCommand => new SubmitBulk(shapes, retry, reuse));
