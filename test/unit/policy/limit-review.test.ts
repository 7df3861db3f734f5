import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMIT_POLICY,
  LimitDecisionSchema,
  LimitPolicySchema,
  LimitReviewInputSchema,
  needsIncomeCertificate,
  reviewLimitIncrease,
  totalVolumeCap,
  type LimitReviewInput,
} from '../../../src/hq/policy/limit-review';

// These tests isolate the total-volume rule and the request checks: the
// debt-service ratio is out of the way here (its own tests: ability-to-repay.test.ts).
const policy = { ...DEFAULT_LIMIT_POLICY, debtServiceRatioSteadyPercent: 100, debtServiceRatioVariablePercent: 100 };
// A Wednesday noon in Tokyo, the store closing at 22:00 the same day.
const noon = new Date('2025-06-11T12:00:00+09:00');
const closing = new Date('2025-06-11T22:00:00+09:00');

// The demo cast of issue 5.
const yamada: LimitReviewInput = {
  currentLimit: 500_000,
  requestedLimit: 600_000,
  annualIncome: 4_800_000,
  otherLendersBorrowing: 0,
  suspended: false,
  delinquent: false,
  bureau: { delinquent: false },
  employment: 'employed',
  // A certificate showing the same income (the tests below that change the income keep it so, see review()).
  incomeCertificate: { certifiedAnnualIncome: 4_800_000 },
  now: noon,
  closesAt: closing,
};
const sato: LimitReviewInput = { ...yamada, currentLimit: 300_000, annualIncome: 3_000_000, otherLendersBorrowing: 700_000 };

function review(overrides: Partial<LimitReviewInput>, base: LimitReviewInput = yamada) {
  const merged = { ...base, ...overrides };
  // A base certificate certifies whatever income the case sets, unless the case sets the certificate itself.
  if (!('incomeCertificate' in overrides) && merged.incomeCertificate && 'certifiedAnnualIncome' in merged.incomeCertificate) {
    merged.incomeCertificate = { certifiedAnnualIncome: merged.annualIncome };
  }
  const decision = reviewLimitIncrease(merged, policy);
  // Every decision must be a valid wire value for the HQ API.
  expect(LimitDecisionSchema.parse(decision)).toEqual(decision);
  return decision;
}

describe('demo cast', () => {
  it('declines any increase for 佐藤 花子, who is exactly at the total-volume cap', () => {
    for (const requestedLimit of [310_000, 500_000, 1_000_000, 5_000_000]) {
      expect(review({ requestedLimit }, sato)).toEqual({ outcome: 'declined', reasons: ['atTotalVolumeCap'] });
    }
  });

  it('declines 佐藤 花子 at the cap even with an income certificate and without one', () => {
    expect(review({ requestedLimit: 310_000, incomeCertificate: null }, sato).reasons).toEqual(['atTotalVolumeCap']);
  });

  it('lets 山田 太郎 go up to 1,600,000 (one third of 4,800,000) with a certificate', () => {
    expect(review({ requestedLimit: 1_600_000 })).toEqual({ outcome: 'approved', approvedLimit: 1_600_000, reasons: [] });
  });

  it('approves 山田 太郎 only partially, at 1,600,000, when he asks for more', () => {
    expect(review({ requestedLimit: 2_000_000 })).toEqual({
      outcome: 'partiallyApproved',
      approvedLimit: 1_600_000,
      reasons: ['reducedToTotalVolumeCap'],
    });
  });

  it('asks 山田 太郎 for an income certificate above 500,000 when none is on file', () => {
    expect(review({ requestedLimit: 510_000, incomeCertificate: null })).toEqual({
      outcome: 'documentsRequired',
      reasons: ['incomeCertificateRequired'],
    });
    expect(review({ requestedLimit: 3_000_000, incomeCertificate: null }).outcome).toBe('documentsRequired');
  });
});

describe('the request itself (refused)', () => {
  it.each([
    ['not in 10,000-yen steps', 505_000, ['invalidStep']],
    ['a fraction of a yen', 600_000.5, ['invalidStep']],
    ['not a number', Number.NaN, ['invalidStep']],
    ['infinite', Number.POSITIVE_INFINITY, ['invalidStep']],
    ['above the product maximum of 5,000,000', 5_010_000, ['outOfRange']],
    ['zero', 0, ['outOfRange', 'notAnIncrease']],
    ['negative', -10_000, ['outOfRange', 'notAnIncrease']],
    ['equal to the current limit', 500_000, ['notAnIncrease']],
    ['below the current limit', 400_000, ['notAnIncrease']],
    ['below the current limit and off-step', 405_000, ['invalidStep', 'notAnIncrease']],
  ])('refuses a requested limit %s', (_label, requestedLimit, reasons) => {
    expect(review({ requestedLimit })).toEqual({ outcome: 'refused', reasons });
  });

  it('accepts the product maximum itself', () => {
    expect(review({ requestedLimit: 5_000_000, annualIncome: 15_000_000 })).toEqual({
      outcome: 'approved',
      approvedLimit: 5_000_000,
      reasons: [],
    });
  });

  it('refuses the product maximum when a stricter policy lowers it', () => {
    const strict = LimitPolicySchema.parse({ maxLimitYen: 3_000_000 });
    expect(reviewLimitIncrease({ ...yamada, requestedLimit: 3_010_000, annualIncome: 15_000_000 }, strict).reasons).toEqual(['outOfRange']);
  });
});

describe('one hour before closing (DOMAIN.md)', () => {
  it.each([
    ['exactly one hour before closing', '2025-06-11T21:00:00.000+09:00', 'approved'],
    ['a millisecond later', '2025-06-11T21:00:00.001+09:00', 'refused'],
    ['half an hour before closing', '2025-06-11T21:30:00+09:00', 'refused'],
    ['after closing', '2025-06-11T22:30:00+09:00', 'refused'],
  ])('at %s the outcome is %s', (_label, now, outcome) => {
    const decision = review({ now: new Date(now) });
    expect(decision.outcome).toBe(outcome);
    if (outcome === 'refused') expect(decision.reasons).toEqual(['tooCloseToClosing']);
  });

  it('refuses when the store has no hours today (closesAt null)', () => {
    expect(review({ closesAt: null })).toEqual({ outcome: 'refused', reasons: ['outsideOpeningHours'] });
  });

  it('gives every refusal reason at once so the kiosk can explain them all', () => {
    expect(review({ requestedLimit: 505_000, now: new Date('2025-06-11T21:30:00+09:00') }).reasons).toEqual(['invalidStep', 'tooCloseToClosing']);
  });

  it('takes the cutoff from policy', () => {
    const relaxed = LimitPolicySchema.parse({ closingCutoffMinutes: 15 });
    expect(reviewLimitIncrease({ ...yamada, now: new Date('2025-06-11T21:30:00+09:00') }, relaxed).outcome).toBe('approved');
  });
});

describe('standing (declined)', () => {
  it('declines a suspended customer', () => {
    expect(review({ suspended: true })).toEqual({ outcome: 'declined', reasons: ['suspended'] });
  });

  it('declines a delinquent customer', () => {
    expect(review({ delinquent: true })).toEqual({ outcome: 'declined', reasons: ['delinquent'] });
  });

  it('names both when both apply', () => {
    expect(review({ suspended: true, delinquent: true }).reasons).toEqual(['suspended', 'delinquent']);
  });

  it('refuses a malformed request before looking at standing', () => {
    expect(review({ suspended: true, requestedLimit: 505_000 })).toEqual({ outcome: 'refused', reasons: ['invalidStep'] });
  });
});

describe('総量規制: one third of annual income across all lenders', () => {
  it('rounds the cap down to a whole 10,000-yen step', () => {
    // 1,000,001 / 3 = 333,333.67 -> 330,000
    expect(totalVolumeCap(1_000_001, 0, policy)).toBe(330_000);
    expect(totalVolumeCap(990_000, 0, policy)).toBe(330_000);
    expect(totalVolumeCap(989_999, 0, policy)).toBe(320_000);
  });

  it('subtracts borrowing at other lenders and can go negative', () => {
    expect(totalVolumeCap(3_000_000, 700_000, policy)).toBe(300_000);
    expect(totalVolumeCap(3_000_000, 1_200_000, policy)).toBeLessThan(0);
  });

  it('never exceeds the product maximum', () => {
    expect(totalVolumeCap(100_000_000, 0, policy)).toBe(5_000_000);
  });

  it('declines a customer already over the cap (other borrowing grew)', () => {
    expect(review({ currentLimit: 300_000, otherLendersBorrowing: 1_500_000, annualIncome: 4_800_000, requestedLimit: 400_000 }).reasons).toEqual([
      'atTotalVolumeCap',
    ]);
  });

  it('declines a customer with no income', () => {
    expect(review({ currentLimit: 0, annualIncome: 0, requestedLimit: 10_000 }).reasons).toEqual(['atTotalVolumeCap']);
  });

  it('approves partially without a certificate when the reduced amount needs none', () => {
    // Cap 400,000: asked 600,000 (would need a certificate), approvable 400,000 (needs none).
    expect(review({ annualIncome: 1_200_000, currentLimit: 200_000, requestedLimit: 600_000, incomeCertificate: null })).toEqual({
      outcome: 'partiallyApproved',
      approvedLimit: 400_000,
      reasons: ['reducedToTotalVolumeCap'],
    });
  });

  it('asks for a certificate when the reduced amount still needs one', () => {
    // Cap 700,000 > 500,000.
    expect(review({ annualIncome: 2_100_000, currentLimit: 200_000, requestedLimit: 900_000, incomeCertificate: null }).outcome).toBe(
      'documentsRequired',
    );
  });
});

describe('income certificate (Art. 13(3))', () => {
  const base = { ...yamada, annualIncome: 3_600_000, currentLimit: 300_000, otherLendersBorrowing: 600_000, incomeCertificate: null };

  it('is not needed at exactly 500,000 at this lender and no other borrowing', () => {
    expect(review({ currentLimit: 300_000, requestedLimit: 500_000, incomeCertificate: null })).toEqual({
      outcome: 'approved',
      approvedLimit: 500_000,
      reasons: [],
    });
  });

  it('is not needed at exactly 1,000,000 across lenders', () => {
    expect(review({ requestedLimit: 400_000 }, base)).toEqual({ outcome: 'approved', approvedLimit: 400_000, reasons: [] });
  });

  it('is needed above 1,000,000 across lenders even when this limit stays under 500,000', () => {
    expect(review({ requestedLimit: 410_000 }, base)).toEqual({ outcome: 'documentsRequired', reasons: ['incomeCertificateRequired'] });
  });

  it('is satisfied by a certificate on file', () => {
    expect(review({ requestedLimit: 410_000, incomeCertificate: { certifiedAnnualIncome: 3_600_000 } }, base).outcome).toBe('approved');
  });

  it.each(['certificateNameMismatch', 'certificateTooOld', 'certificateUnreadable'] as const)('asks again, saying why, when the certificate handed in was refused (%s)', (refused) => {
    // Whatever the amount: a refused certificate stands behind nothing.
    for (const requestedLimit of [310_000, 410_000, 2_000_000]) {
      expect(review({ requestedLimit, incomeCertificate: { refused } }, base)).toEqual({ outcome: 'documentsRequired', reasons: [refused] });
    }
  });

  it('caps on the certified income, not the declared or recorded one, both ways', () => {
    // Declared 3,600,000 would allow 600,000 with 600,000 elsewhere; the certificate shows 6,000,000: 1,400,000.
    expect(review({ requestedLimit: 2_000_000, incomeCertificate: { certifiedAnnualIncome: 6_000_000 } }, base))
      .toEqual({ outcome: 'partiallyApproved', approvedLimit: 1_400_000, reasons: ['reducedToTotalVolumeCap'] });
    // The certificate shows less than declared: 2,400,000 leaves 200,000, not above the current 300,000.
    expect(review({ requestedLimit: 410_000, incomeCertificate: { certifiedAnnualIncome: 2_400_000 } }, base))
      .toEqual({ outcome: 'declined', reasons: ['atTotalVolumeCap'] });
  });

  it('has its thresholds in policy', () => {
    expect(needsIncomeCertificate(500_000, 500_000, policy)).toBe(false);
    expect(needsIncomeCertificate(500_001, 0, policy)).toBe(true);
    expect(needsIncomeCertificate(10_000, 990_001, policy)).toBe(true);
  });
});

describe('bad data from HQ fails closed', () => {
  it.each([
    ['negative income', { annualIncome: -1 }],
    ['NaN income', { annualIncome: Number.NaN }],
    ['fractional other borrowing', { otherLendersBorrowing: 0.5 }],
    ['infinite current limit', { currentLimit: Number.POSITIVE_INFINITY }],
    ['an invalid now', { now: new Date('not a date') }],
    ['an invalid closing time', { closesAt: new Date(Number.NaN) }],
    ['a non-boolean flag', { suspended: 'no' as unknown as boolean }],
    ['a negative certified income', { incomeCertificate: { certifiedAnnualIncome: -1 } }],
    ['an unknown certificate refusal', { incomeCertificate: { refused: 'lost' } as unknown as LimitReviewInput['incomeCertificate'] }],
    ['no certificate field at all', { incomeCertificate: undefined as unknown as null }],
  ])('refuses to review with %s', (_label, overrides) => {
    expect(review(overrides as Partial<LimitReviewInput>)).toEqual({ outcome: 'refused', reasons: ['invalidReviewInput'] });
  });
});

describe('schemas', () => {
  it('parse the demo input', () => {
    expect(LimitReviewInputSchema.parse(yamada)).toEqual(yamada);
  });

  it('reject a policy whose range is not in steps', () => {
    expect(LimitPolicySchema.safeParse({ minLimitYen: 15_000 }).success).toBe(false);
    expect(LimitPolicySchema.safeParse({ minLimitYen: 6_000_000 }).success).toBe(false);
  });

  it('default to the DOMAIN.md figures', () => {
    expect(DEFAULT_LIMIT_POLICY).toEqual({
      stepYen: 10_000,
      minLimitYen: 10_000,
      maxLimitYen: 5_000_000,
      incomeCertificateLimitThresholdYen: 500_000,
      incomeCertificateTotalThresholdYen: 1_000_000,
      totalVolumeIncomeDivisor: 3,
      closingCutoffMinutes: 60,
      offerHoldSeconds: 300,
      // docs/policy.md, "Ability to repay": 3% minimum repayment; 12% / 9% of monthly income.
      minimumRepaymentPerMille: 30,
      debtServiceRatioSteadyPercent: 12,
      debtServiceRatioVariablePercent: 9,
    });
  });
});
