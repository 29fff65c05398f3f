import { describe, expect, it } from 'vitest';
import { redemptionRejection } from '../../src/redemptions/redemption-rules.js';

const standing = { tokens: 30, organizationActive: true, balance: 30, debt: 0 };

describe('redemption review rules', () => {
  it('approves spending exactly the balance, with no debt, to an active organization', () => {
    expect(redemptionRejection(standing)).toBeUndefined();
  });

  it('rejects a balance one token short', () => {
    expect(redemptionRejection({ ...standing, balance: 29 })).toEqual({
      code: 'INSUFFICIENT_BALANCE',
      message: 'the user holds 29 tokens, fewer than the 30 requested',
    });
  });

  it('rejects any outstanding debt before looking at the balance', () => {
    expect(redemptionRejection({ ...standing, balance: 100, debt: 1 })?.code).toBe('OUTSTANDING_DEBT');
    expect(redemptionRejection({ ...standing, balance: 0, debt: 5 })?.code).toBe('OUTSTANDING_DEBT');
  });

  it('rejects an organization that stopped accepting gifts, whatever the user holds', () => {
    expect(redemptionRejection({ ...standing, organizationActive: false, debt: 5 })?.code).toBe(
      'ORGANIZATION_NOT_ACTIVE',
    );
  });
});
