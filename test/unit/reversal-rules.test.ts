import { describe, expect, it } from 'vitest';
import { cumulativePercentage, reversalRefusal } from '../../src/reversals/reversal-rules.js';

const completed = (reversed: string) => ({ id: 'act_1', status: 'COMPLETED' as const, reversed_percentage: reversed });

describe('reversal rules', () => {
  it('accepts reversals adding up to exactly 100% in decimals, where binary floats would overshoot', () => {
    const parts = [...Array<string>(9).fill('0.98'), '91.18'];
    expect(parts.reduce((sum, part) => sum + Number(part), 0)).toBeGreaterThan(100);
    let reversed = '0';
    for (const part of parts) {
      expect(reversalRefusal(completed(reversed), part)).toBeUndefined();
      reversed = cumulativePercentage(completed(reversed), part).toString();
    }
    expect(reversed).toBe('100');
  });

  it('refuses past 100% and actions that did not complete', () => {
    expect(reversalRefusal(completed('99.99'), '0.02')?.code).toBe('REVERSAL_LIMIT_EXCEEDED');
    expect(reversalRefusal({ ...completed('0'), status: 'PROCESSING' }, '10')?.code).toBe('NOT_REVERSIBLE');
    expect(reversalRefusal({ ...completed('0'), status: 'FAILED' }, '10')?.code).toBe('NOT_REVERSIBLE');
  });
});
