import fc from 'fast-check';
import { expect } from 'vitest';
import { ApiError } from '../../src/errors.js';
import type { ReversalRequest } from '../../src/reversals/reversal-types.js';
import {
  bulkCommand,
  burstCommand,
  modelUsers,
  retryCommand,
  reuseKeyCommand,
  submitCommand,
} from './action-commands.js';
import { expectLedgerMatchesModel, expectReversalResult } from './expect-ledger.js';
import * as ledgerModel from './ledger-model.js';
import type { LedgerModel, ModelAction, ModelReversal } from './ledger-model.js';
import * as ledger from './ledger-system.js';
import type { LedgerSystem } from './ledger-system.js';

type LedgerCommand = fc.AsyncCommand<LedgerModel, LedgerSystem>;

/** The first funding opens the pool; later ones refill it. */
class FundPool implements LedgerCommand {
  constructor(readonly tokens: number) {}
  check = () => true;
  async run(model: LedgerModel, system: LedgerSystem) {
    ledgerModel.fundPool(model, this.tokens);
    await ledger.fundPool(system, this.tokens);
    await expectLedgerMatchesModel(model, system);
  }
  toString = () => `fund(${this.tokens})`;
}

/** A number of tokens, or the user's whole balance (one token when it is empty): spent tokens are what reversals turn into debt. */
type SpendSize = number | 'all';

class SpendTokens implements LedgerCommand {
  constructor(
    readonly user: string,
    readonly size: SpendSize,
  ) {}
  check = () => true;
  async run(model: LedgerModel, system: LedgerSystem) {
    const tokens = this.size === 'all' ? model.users.get(this.user)?.balance || 1 : this.size;
    const predicted = ledgerModel.spendTokens(model, this.user, tokens);
    expect(await ledger.spendTokens(system, this.user, tokens)).toBe(predicted);
    await expectLedgerMatchesModel(model, system);
  }
  toString = () => `spend(${this.user}, ${this.size})`;
}

/** A share of an action in hundredths of a percent, what is left of it, or just past what is left. */
type ReversalSize = number | 'rest' | 'beyond';

function reversalRequest(
  reversal: Pick<ModelReversal, 'refundKey' | 'basisPoints'>,
  reason = 'Order refunded',
): ReversalRequest {
  return { reversalPercentage: reversal.basisPoints / 100, reason, refundIdempotencyKey: reversal.refundKey };
}

class ReverseAction implements LedgerCommand {
  constructor(
    readonly pick: number,
    readonly target: ModelAction['status'],
    readonly size: ReversalSize,
  ) {}
  /** Completed actions mostly, so that reversals move tokens; a failed one must be refused. */
  private actionIndex(model: Readonly<LedgerModel>): number | undefined {
    const candidates = model.actions.flatMap((action, index) => (action.status === this.target ? [index] : []));
    // Counted from the newest, so a reversal often follows the spend that turns it into debt.
    return candidates.length === 0 ? undefined : candidates[candidates.length - 1 - (this.pick % candidates.length)];
  }
  // Past 100 % needs an earlier reversal: a single percentage above 100 is no valid request.
  check = (model: Readonly<LedgerModel>) => {
    const index = this.actionIndex(model);
    return index !== undefined && (this.size !== 'beyond' || model.actions[index]!.reversedBasisPoints > 0);
  };
  async run(model: LedgerModel, system: LedgerSystem) {
    const actionIndex = this.actionIndex(model)!;
    const { request, reversedBasisPoints } = model.actions[actionIndex]!;
    const left = 10_000 - reversedBasisPoints;
    const basisPoints = this.size === 'rest' ? left || 10_000 : this.size === 'beyond' ? left + 1 : this.size;
    const predicted = ledgerModel.reverseAction(model, actionIndex, ledgerModel.nextKey(model, 'refund'), basisPoints);
    const actionId = system.actionResults.get(request.idempotencyKey)!.actionId;
    const result = await system.reverse(actionId, reversalRequest(predicted));
    expectReversalResult(result, predicted);
    system.reversalResults.set(predicted.refundKey, result);
    await expectLedgerMatchesModel(model, system);
  }
  toString = () =>
    `reverse(${this.target} #${this.pick}, ${typeof this.size === 'number' ? `${this.size / 100}%` : this.size})`;
}

/** A refund key again: the same body answers the stored result, another body is refused; nothing is written. */
class RetryReversal implements LedgerCommand {
  constructor(
    readonly pick: number,
    readonly changeBody: boolean,
  ) {}
  check = (model: Readonly<LedgerModel>) => model.reversals.length > 0;
  async run(model: LedgerModel, system: LedgerSystem) {
    const reversal = model.reversals[this.pick % model.reversals.length]!;
    const { request } = model.actions[reversal.actionIndex]!;
    const actionId = system.actionResults.get(request.idempotencyKey)!.actionId;
    const before = await ledger.writtenRows(system);
    if (this.changeBody) {
      const retried = system.reverse(actionId, reversalRequest(reversal, 'Another reason'));
      await expect(retried).rejects.toBeInstanceOf(ApiError);
      await expect(retried).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    } else {
      expect(await system.reverse(actionId, reversalRequest(reversal))).toEqual(
        system.reversalResults.get(reversal.refundKey),
      );
    }
    expect(await ledger.writtenRows(system)).toEqual(before);
    await expectLedgerMatchesModel(model, system);
  }
  toString = () => `retryReversal(#${this.pick}, ${this.changeBody ? 'another body' : 'same body'})`;
}

const spendSize: fc.Arbitrary<SpendSize> = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant<SpendSize>('all'));

const reversalTargets: ModelAction['status'][] = ['COMPLETED', 'COMPLETED', 'COMPLETED', 'FAILED'];

const reversalSize: fc.Arbitrary<ReversalSize> = fc.oneof(
  fc.constantFrom(1_000, 2_500, 3_333, 5_000, 10_000),
  fc.integer({ min: 1, max: 10_000 }),
  fc.constantFrom<ReversalSize>('rest', 'beyond'),
);

/** Every command of the model; the ones that move tokens come up more often. */
export const ledgerCommand: fc.Arbitrary<LedgerCommand> = fc.oneof(
  { weight: 4, arbitrary: submitCommand },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 300 }).map((tokens) => new FundPool(tokens)) },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom(...modelUsers), spendSize).map(([user, size]) => new SpendTokens(user, size)),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.nat({ max: 4 }), fc.constantFrom(...reversalTargets), reversalSize)
      .map(([pick, target, size]) => new ReverseAction(pick, target, size)),
  },
  { weight: 1, arbitrary: retryCommand },
  { weight: 1, arbitrary: reuseKeyCommand },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.nat(), fc.boolean()).map(([pick, changeBody]) => new RetryReversal(pick, changeBody)),
  },
  { weight: 1, arbitrary: burstCommand },
  { weight: 2, arbitrary: bulkCommand },
);
