import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMIT_POLICY, LimitDecreaseDecisionSchema, validateLimitDecrease, type LimitDecreaseInput } from '../../../src/hq/policy/limit-review';

const base: LimitDecreaseInput = { currentLimit: 500_000, requestedLimit: 300_000, balance: 120_000 };

function decrease(overrides: Partial<LimitDecreaseInput>) {
  const decision = validateLimitDecrease({ ...base, ...overrides }, DEFAULT_LIMIT_POLICY);
  expect(LimitDecreaseDecisionSchema.parse(decision)).toEqual(decision);
  return decision;
}

describe('limit decrease', () => {
  it('accepts a lower limit in steps and flags that raising it again needs a new review', () => {
    expect(decrease({})).toEqual({ outcome: 'accepted', newLimit: 300_000, reasons: [], raisingAgainNeedsReview: true });
  });

  it('accepts a limit equal to the balance and the product minimum', () => {
    expect(decrease({ requestedLimit: 120_000 }).outcome).toBe('accepted');
    expect(decrease({ requestedLimit: 10_000, balance: 0 }).outcome).toBe('accepted');
  });

  it.each([
    ['equal to the current limit', { requestedLimit: 500_000 }, ['notADecrease']],
    ['above the current limit', { requestedLimit: 600_000 }, ['notADecrease']],
    ['off-step', { requestedLimit: 305_000 }, ['invalidStep']],
    ['below the product minimum', { requestedLimit: 0, balance: 0 }, ['belowMinimum']],
    ['below what is owed', { requestedLimit: 100_000 }, ['belowBalance']],
    ['off-step and below what is owed', { requestedLimit: 105_000 }, ['invalidStep', 'belowBalance']],
    ['negative', { requestedLimit: -10_000, balance: 0 }, ['belowMinimum', 'belowBalance']],
    ['not a number', { requestedLimit: Number.NaN }, ['invalidStep']],
  ])('refuses a new limit %s', (_label, overrides, reasons) => {
    expect(decrease(overrides)).toEqual({ outcome: 'refused', reasons, raisingAgainNeedsReview: false });
  });

  it('refuses when HQ data is unusable', () => {
    expect(decrease({ balance: -1 }).reasons).toEqual(['invalidReviewInput']);
    expect(decrease({ currentLimit: Number.NaN }).reasons).toEqual(['invalidReviewInput']);
  });
});
