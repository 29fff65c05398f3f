import { describe, expect, it } from 'vitest';
import { dayWindow } from '../../src/dashboard/day-window.js';
import {
  integrationHealth,
  poolVerdict,
  recentFailuresVerdict,
  webhooksVerdict,
  worstOf,
  type HealthFacts,
} from '../../src/dashboard/health-verdicts.js';
import { usageFigures } from '../../src/dashboard/usage-figures.js';

describe('day windows', () => {
  it('covers whole UTC days ending today', () => {
    const window = dayWindow(new Date('2026-03-01T23:59:00Z'), 3);
    expect(window).toEqual({
      days: 3,
      firstDay: '2026-02-27',
      lastDay: '2026-03-01',
      from: new Date('2026-02-27T00:00:00Z'),
    });
    expect(dayWindow(new Date('2026-03-01T00:00:00Z'), 1).from).toEqual(new Date('2026-03-01T00:00:00Z'));
  });
});

describe('integration health verdicts', () => {
  const facts: HealthFacts = {
    environment: 'sandbox',
    keys: { active: 2, expiringSoon: 0, lastUsedAt: null },
    pool: { id: 'pool_1', balance: 500, lowBalanceThreshold: 100 },
    webhooks: { active: 1, disabled: 0, failingDeliveries: 0 },
    outcomes: [{ status: 'COMPLETED', failureCode: null, count: 9 }],
  };

  it('is ok overall only when every area is ok', () => {
    expect(integrationHealth(facts).status).toBe('ok');
    expect(integrationHealth({ ...facts, keys: { ...facts.keys, active: 0 } }).status).toBe('error');
    expect(worstOf(['ok', 'warning', 'ok'])).toBe('warning');
  });

  it('calls an empty pool an error and a pool below its threshold a warning', () => {
    expect(poolVerdict({ id: 'pool_1', balance: 0, lowBalanceThreshold: 100 }, 'production')).toEqual({
      status: 'error',
      message: 'pool pool_1 is empty: actions fail with INSUFFICIENT_POOL_BALANCE',
    });
    expect(poolVerdict({ id: 'pool_1', balance: 99, lowBalanceThreshold: 100 }, 'production').status).toBe('warning');
    expect(poolVerdict({ id: 'pool_1', balance: 100, lowBalanceThreshold: 100 }, 'production').status).toBe('ok');
  });

  it('warns about failing deliveries and errs on disabled endpoints', () => {
    expect(webhooksVerdict({ active: 2, disabled: 0, failingDeliveries: 3 })).toEqual({
      status: 'warning',
      message: '3 deliveries failing in the last 24 h',
    });
    expect(webhooksVerdict({ active: 0, disabled: 1, failingDeliveries: 3 }).status).toBe('error');
  });

  it('warns about some failed actions and errs when more than half failed, most frequent code first', () => {
    const some = recentFailuresVerdict([
      { status: 'COMPLETED', failureCode: null, count: 8 },
      { status: 'FAILED', failureCode: 'USER_NOT_FOUND', count: 1 },
      { status: 'FAILED', failureCode: 'INSUFFICIENT_POOL_BALANCE', count: 2 },
    ]);
    expect(some).toMatchObject({
      status: 'warning',
      message: '3 of 11 actions failed in the last 24 h: INSUFFICIENT_POOL_BALANCE ×2, USER_NOT_FOUND ×1',
    });
    expect(recentFailuresVerdict([{ status: 'FAILED', failureCode: 'NO_ACTIVE_POOL', count: 1 }]).status).toBe('error');
  });
});

describe('usage figures', () => {
  it('derives error rate and average latency, zero without requests', () => {
    expect(usageFigures({ requests: 3, errors: 1, serverErrors: 0, rateLimited: 1, totalMs: 10, maxMs: 7.25 })).toEqual(
      {
        requests: 3,
        errors: 1,
        serverErrors: 0,
        rateLimited: 1,
        errorRate: 0.3333,
        averageMs: 3.3,
        maxMs: 7.3,
      },
    );
    expect(
      usageFigures({ requests: 0, errors: 0, serverErrors: 0, rateLimited: 0, totalMs: 0, maxMs: 0 }),
    ).toMatchObject({ errorRate: 0, averageMs: 0 });
  });
});
