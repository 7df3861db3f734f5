/**
 * Ability to repay (art. 13(1), src/hq/policy/ability-to-repay.ts) and the
 * credit-bureau reason codes of the increase review (issue 14): one test per
 * new reason code, through the review itself.
 */
import { describe, expect, it } from 'vitest';
import {
  assessAbilityToRepay,
  debtServiceLimitPercent,
  minimumMonthlyRepayment,
  withinDebtService,
} from '../../../src/hq/policy/ability-to-repay';
import { DEFAULT_LIMIT_POLICY, LimitDecisionSchema, reviewLimitIncrease, type LimitReviewInput } from '../../../src/hq/policy/limit-review';

const policy = DEFAULT_LIMIT_POLICY;
const noon = new Date('2025-06-11T12:00:00+09:00');
const closing = new Date('2025-06-11T22:00:00+09:00');

// 山田 太郎 of the demo cast: 4,800,000 a year (400,000 a month), employed, nothing elsewhere.
const yamada: LimitReviewInput = {
  currentLimit: 500_000, requestedLimit: 600_000, annualIncome: 4_800_000, otherLendersBorrowing: 0,
  suspended: false, delinquent: false, bureau: { delinquent: false }, employment: 'employed',
  incomeCertificate: { certifiedAnnualIncome: 4_800_000 }, now: noon, closesAt: closing,
};

function review(overrides: Partial<LimitReviewInput>) {
  // A certificate showing the income under test (a certified income replaces the declared one).
  const certificate = { incomeCertificate: { certifiedAnnualIncome: overrides.annualIncome ?? yamada.annualIncome } };
  const decision = reviewLimitIncrease({ ...yamada, ...certificate, ...overrides }, policy);
  expect(LimitDecisionSchema.parse(decision)).toEqual(decision);
  return decision;
}

describe('minimum monthly repayment', () => {
  it('is 3% of the amount owed, rounded up to 1,000 yen', () => {
    expect(minimumMonthlyRepayment(0, policy)).toBe(0);
    expect(minimumMonthlyRepayment(10_000, policy)).toBe(1_000);
    expect(minimumMonthlyRepayment(500_000, policy)).toBe(15_000);
    expect(minimumMonthlyRepayment(510_000, policy)).toBe(16_000); // 15,300 rounded up
    expect(minimumMonthlyRepayment(1_330_000, policy)).toBe(40_000); // 39,900 rounded up
  });

  it('allows 12% of monthly income for pay or a pension, 9% for income that varies', () => {
    for (const e of ['employed', 'employee', 'contract', 'pensioner'] as const) expect(debtServiceLimitPercent(e, policy)).toBe(12);
    for (const e of ['partTime', 'selfEmployed', 'other'] as const) expect(debtServiceLimitPercent(e, policy)).toBe(9);
  });

  it('counts other lenders\' balances with the planned limit', () => {
    // 4,800,000 a year part-time: 9% of 400,000 = 36,000 a month, 1,200,000 owed.
    const base = { employment: 'partTime' as const, annualIncome: 4_800_000 };
    expect(withinDebtService(1_200_000, { ...base, otherLendersBorrowing: 0 }, policy)).toBe(true); // 36,000 of 36,000
    expect(withinDebtService(1_210_000, { ...base, otherLendersBorrowing: 0 }, policy)).toBe(false); // 36,300 -> 37,000
    expect(withinDebtService(1_000_000, { ...base, otherLendersBorrowing: 210_000 }, policy)).toBe(false);
    // Employed, 12%: exactly the one-third cap fits (1,600,000 -> 48,000 of 48,000); rounding past it does not.
    expect(withinDebtService(1_600_000, { ...base, employment: 'employed', otherLendersBorrowing: 0 }, policy)).toBe(true);
    expect(withinDebtService(1_610_000, { ...base, employment: 'employed', otherLendersBorrowing: 0 }, policy)).toBe(false);
  });
});

describe('assessAbilityToRepay', () => {
  const base = { employment: 'partTime' as const, annualIncome: 4_800_000, otherLendersBorrowing: 0, bureauDelinquent: false, currentLimit: 500_000 };

  it('keeps a planned limit the income can repay', () => {
    expect(assessAbilityToRepay({ ...base, plannedLimit: 1_000_000 }, policy)).toEqual({ outcome: 'ok', limit: 1_000_000 });
  });

  it('lowers to the highest step within the ratio', () => {
    expect(assessAbilityToRepay({ ...base, plannedLimit: 1_600_000 }, policy)).toEqual({ outcome: 'reduced', limit: 1_200_000, reason: 'reducedToRepaymentCapacity' });
  });

  it('declines when not even one step above the current limit fits', () => {
    expect(assessAbilityToRepay({ ...base, currentLimit: 1_200_000, plannedLimit: 1_600_000 }, policy)).toEqual({ outcome: 'declined', reason: 'exceedsRepaymentCapacity' });
  });

  it('declines on a bureau delinquency and without regular income, whatever the ratio', () => {
    expect(assessAbilityToRepay({ ...base, plannedLimit: 510_000, bureauDelinquent: true }, policy)).toEqual({ outcome: 'declined', reason: 'bureauDelinquency' });
    expect(assessAbilityToRepay({ ...base, plannedLimit: 510_000, employment: 'unemployed' }, policy)).toEqual({ outcome: 'declined', reason: 'noRegularIncome' });
  });
});

describe('the review\'s new reason codes', () => {
  it('bureauUnavailable: no bureau answer, no decision (refused), even for a request that would be approved', () => {
    expect(review({ bureau: null })).toEqual({ outcome: 'refused', reasons: ['bureauUnavailable'] });
  });

  it('keeps the request\'s own refusals first: a bad amount is said, not hidden behind the bureau', () => {
    expect(review({ bureau: null, requestedLimit: 605_000 }).reasons).toEqual(['invalidStep']);
  });

  it('bureauDelinquency: declined', () => {
    expect(review({ bureau: { delinquent: true } })).toEqual({ outcome: 'declined', reasons: ['bureauDelinquency'] });
  });

  it('noRegularIncome: declined', () => {
    expect(review({ employment: 'unemployed' })).toEqual({ outcome: 'declined', reasons: ['noRegularIncome'] });
  });

  it('exceedsRepaymentCapacity: declined when the current limit already uses the ratio up', () => {
    // 3,600,000 a year, part-time (9%): 27,000 a month allows 900,000 owed.
    expect(review({ annualIncome: 3_600_000, employment: 'partTime', currentLimit: 900_000, requestedLimit: 1_000_000 }))
      .toEqual({ outcome: 'declined', reasons: ['exceedsRepaymentCapacity'] });
  });

  it('reducedToRepaymentCapacity: a partial approval below the total-volume cap', () => {
    // Cap 1,600,000; part-time, the ratio allows 1,200,000.
    expect(review({ employment: 'partTime', requestedLimit: 1_500_000 })).toEqual({ outcome: 'partiallyApproved', approvedLimit: 1_200_000, reasons: ['reducedToRepaymentCapacity'] });
  });

  it('both reductions are named when both lowered the amount', () => {
    expect(review({ employment: 'partTime', requestedLimit: 2_000_000 })).toEqual({ outcome: 'partiallyApproved', approvedLimit: 1_200_000, reasons: ['reducedToTotalVolumeCap', 'reducedToRepaymentCapacity'] });
  });

  it('an employed 山田 at the one-third cap is not lowered further (the demo\'s 1,600,000)', () => {
    expect(review({ requestedLimit: 2_000_000 })).toEqual({ outcome: 'partiallyApproved', approvedLimit: 1_600_000, reasons: ['reducedToTotalVolumeCap'] });
  });
});
