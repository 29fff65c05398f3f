import { Decimal } from 'decimal.js';
import { z } from 'zod';

/**
 * How an action becomes tokens. Per action type (or the default): `fixedTokens` plus
 * `tokensPerCurrencyUnit` × amount, rounded half-up, capped by `maxTokens`; then split across
 * stakeholders by the weight of their stakeholder type.
 */
export const actionRuleSchema = z.strictObject({
  fixedTokens: z.number().int().min(0).max(1_000_000_000).default(0),
  tokensPerCurrencyUnit: z.number().min(0).max(1_000_000).default(0),
  maxTokens: z.number().int().min(1).max(1_000_000_000).optional(),
});

export const rewardRulesSchema = z.strictObject({
  default: actionRuleSchema,
  actionTypes: z.record(z.string(), actionRuleSchema).default({}),
  /** Relative weights per stakeholder type; a type not listed weighs `defaultWeight`. */
  stakeholderWeights: z.record(z.string(), z.number().min(0).max(1000)).default({}),
  defaultWeight: z.number().min(0).max(1000).default(1),
});

export type RewardRules = z.infer<typeof rewardRulesSchema>;

/** One token per whole currency unit (49.99 USD → 50 tokens), 10 tokens for actions without an amount. */
export const defaultRewardRules: RewardRules = rewardRulesSchema.parse({
  default: { fixedTokens: 0, tokensPerCurrencyUnit: 1 },
  actionTypes: {
    VOLUNTEER: { fixedTokens: 10, tokensPerCurrencyUnit: 0 },
    REFERRAL: { fixedTokens: 10, tokensPerCurrencyUnit: 0 },
    ADVOCACY: { fixedTokens: 5, tokensPerCurrencyUnit: 0 },
  },
});

export interface RewardInput {
  actionType: string;
  amount: string | null;
  stakeholderTypes: string[];
}

/** Tokens for the whole action, before the split. */
export function tokensForAction(rules: RewardRules, actionType: string, amount: string | null): number {
  const rule = rules.actionTypes[actionType] ?? rules.default;
  const variable = amount === null ? new Decimal(0) : new Decimal(amount).mul(rule.tokensPerCurrencyUnit);
  const total = variable.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber() + rule.fixedTokens;
  return rule.maxTokens === undefined ? total : Math.min(total, rule.maxTokens);
}

/**
 * Splits by weight with the largest-remainder method, so shares always add up to the total
 * and ties go to the earlier stakeholder.
 */
export function splitTokens(rules: RewardRules, total: number, stakeholderTypes: string[]): number[] {
  const weights = stakeholderTypes.map((type) => rules.stakeholderWeights[type] ?? rules.defaultWeight);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weightSum === 0) return stakeholderTypes.map(() => 0);
  const exact = weights.map((w) => (total * w) / weightSum);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  return shares;
}

export function computeRewards(rules: RewardRules, input: RewardInput): number[] {
  return splitTokens(rules, tokensForAction(rules, input.actionType, input.amount), input.stakeholderTypes);
}
