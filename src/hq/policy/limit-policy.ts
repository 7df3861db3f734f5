/**
 * The numbers of the limit rules, as HQ policy (DOMAIN.md: "where a fact is a
 * rule the software enforces, the rule's home is HQ policy (configurable)").
 * Defaults are the facts of DOMAIN.md and the Money Lending Business Act
 * (貸金業法); change them only with those sources.
 */
import { z } from 'zod';
import { LIMIT_MAX_YEN, LIMIT_MIN_YEN, LIMIT_STEP_YEN } from '../../shared/domain/credit-limit';

const yen = z.number().int().nonnegative();

export const LimitPolicySchema = z
  .object({
    /** DOMAIN.md / issue 5: limits move in 10,000-yen steps. */
    stepYen: yen.positive().default(LIMIT_STEP_YEN),
    /** DOMAIN.md, "Product ranges": limit 10,000 to 5,000,000 yen. */
    minLimitYen: yen.default(LIMIT_MIN_YEN),
    maxLimitYen: yen.default(LIMIT_MAX_YEN),
    /**
     * Money Lending Business Act Art. 13(3) (DOMAIN.md): an income certificate is
     * required when the limit at this lender would exceed 500,000 yen ...
     */
    incomeCertificateLimitThresholdYen: yen.default(500_000),
    /** ... or when the total across all lenders would exceed 1,000,000 yen. */
    incomeCertificateTotalThresholdYen: yen.default(1_000_000),
    /**
     * 総量規制, Art. 13-2(1): borrowing across all lenders at most one third of
     * annual income. Kept as a divisor so the comparison stays in integers.
     */
    totalVolumeIncomeDivisor: z.number().int().positive().default(3),
    /** DOMAIN.md: an increase must be completed no later than one hour before closing. */
    closingCutoffMinutes: z.number().int().nonnegative().default(60),
    /** Issue 14: how long a partial approval is held for the customer's answer at the machine. */
    offerHoldSeconds: z.number().int().min(30).max(3600).default(300),
    /**
     * Ability to repay (art. 13(1), src/hq/policy/ability-to-repay.ts): the
     * minimum monthly repayment is this many thousandths of the amount owed
     * (30 = 3%), rounded up to 1,000 yen ...
     */
    minimumRepaymentPerMille: z.number().int().min(1).max(1000).default(30),
    /**
     * ... and may take at most this per cent of monthly income for pay or a
     * pension: 12% is what the one-third cap itself implies at a 3% minimum
     * repayment (income/3 * 3% = income/12 * 12%), so for steady income the
     * ratio only catches what rounding lets past the cap ...
     */
    debtServiceRatioSteadyPercent: z.number().int().min(1).max(100).default(12),
    /** ... and at most this per cent for income that varies (part-time, self-employed, other): three quarters of that. */
    debtServiceRatioVariablePercent: z.number().int().min(1).max(100).default(9),
  })
  .refine((p) => p.minLimitYen <= p.maxLimitYen, { message: 'minLimitYen must not exceed maxLimitYen', path: ['minLimitYen'] })
  .refine((p) => p.minLimitYen % p.stepYen === 0 && p.maxLimitYen % p.stepYen === 0, {
    message: 'minLimitYen and maxLimitYen must be multiples of stepYen',
    path: ['stepYen'],
  });
export type LimitPolicy = z.infer<typeof LimitPolicySchema>;

export const DEFAULT_LIMIT_POLICY: LimitPolicy = Object.freeze(LimitPolicySchema.parse({}));

/** A non-negative whole number of yen a computation can trust (no NaN, no fractions, no overflow). */
export function isYenAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
