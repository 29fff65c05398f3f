import { describe, expect, it } from 'vitest';
import {
  computeRewards,
  defaultRewardRules,
  rewardRulesSchema,
  splitTokens,
  tokensForAction,
} from '../../src/campaigns/reward-rules.js';
import { planCredit } from '../../src/ledger/debt-offset.js';
import { planReversal } from '../../src/ledger/reversal-plan.js';

describe('reward rules', () => {
  it('gives the spec example 50 tokens for a 49.99 USD purchase', () => {
    expect(tokensForAction(defaultRewardRules, 'PURCHASE', '49.99')).toBe(50);
  });

  it('rounds half up on exact decimals, not binary floats', () => {
    const rules = rewardRulesSchema.parse({ default: { tokensPerCurrencyUnit: 0.1 } });
    expect(tokensForAction(rules, 'X', '1.05')).toBe(0);
    expect(tokensForAction(rules, 'X', '5')).toBe(1);
    expect(tokensForAction(rules, 'X', '15')).toBe(2);
  });

  it('uses the action type rule, its fixed tokens and cap', () => {
    expect(tokensForAction(defaultRewardRules, 'VOLUNTEER', null)).toBe(10);
    const rules = rewardRulesSchema.parse({
      default: {},
      actionTypes: { BIG: { fixedTokens: 5, tokensPerCurrencyUnit: 2, maxTokens: 100 } },
    });
    expect(tokensForAction(rules, 'BIG', '10')).toBe(25);
    expect(tokensForAction(rules, 'BIG', '1000')).toBe(100);
  });

  it('splits by stakeholder weight and always sums to the total', () => {
    const rules = rewardRulesSchema.parse({ default: {}, stakeholderWeights: { CUSTOMER: 3, REFERRER: 1 } });
    expect(splitTokens(rules, 100, ['CUSTOMER', 'REFERRER'])).toEqual([75, 25]);
    expect(splitTokens(rules, 10, ['CUSTOMER', 'REFERRER'])).toEqual([8, 2]);
    expect(splitTokens(defaultRewardRules, 10, ['A', 'B', 'C'])).toEqual([4, 3, 3]);
    for (let total = 0; total < 50; total++) {
      expect(splitTokens(rules, total, ['CUSTOMER', 'REFERRER', 'OTHER']).reduce((a, b) => a + b, 0)).toBe(total);
    }
  });

  it('computes the per-stakeholder rewards of an action', () => {
    expect(
      computeRewards(defaultRewardRules, {
        actionType: 'PURCHASE',
        amount: '20',
        stakeholderTypes: ['CUSTOMER', 'FRIEND'],
      }),
    ).toEqual([10, 10]);
  });
});

describe('debt offset', () => {
  it('repays the oldest debts first and credits the rest', () => {
    expect(
      planCredit(50, [
        { poolId: 'p1', owed: 20 },
        { poolId: 'p2', owed: 40 },
      ]),
    ).toEqual({
      toBalance: 0,
      repayments: [
        { poolId: 'p1', amount: 20 },
        { poolId: 'p2', amount: 30 },
      ],
    });
    expect(planCredit(50, [{ poolId: 'p1', owed: 20 }])).toEqual({
      toBalance: 30,
      repayments: [{ poolId: 'p1', amount: 20 }],
    });
    expect(planCredit(7, [])).toEqual({ toBalance: 7, repayments: [] });
  });
});

describe('reversal plan', () => {
  it('returns what the user holds and turns the rest into debt', () => {
    expect(planReversal([{ partnerUserId: 'u', credited: 50, alreadyReversed: 0, currentBalance: 10 }], 100)).toEqual([
      { partnerUserId: 'u', tokens: 50, returned: 10, debt: 40 },
    ]);
  });

  it('never drifts across partial reversals: 33.33% three times plus the rest is exactly the credit', () => {
    let reversed = 0;
    for (const cumulative of [33.33, 66.66, 99.99, 100]) {
      const [share] = planReversal(
        [{ partnerUserId: 'u', credited: 10, alreadyReversed: reversed, currentBalance: 100 }],
        cumulative,
      );
      reversed += share!.tokens;
    }
    expect(reversed).toBe(10);
  });
});
