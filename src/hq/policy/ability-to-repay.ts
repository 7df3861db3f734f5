/**
 * Ability to repay (返済能力の調査, Money Lending Business Act art. 13(1)):
 * the lender must assess whether the customer can repay, and the
 * total-volume cap (art. 13-2) is only a ceiling, not that assessment.
 * This rule runs after the cap and can only lower or decline what the cap
 * allows; it never raises anything (docs/policy.md, "Ability to repay").
 *
 * Inputs, all already known at the review:
 * - employment type (the customer's declaration, else HQ's record);
 * - the credit bureau's delinquency flag (any lender, art. 13 enquiry);
 * - a debt-service ratio: the minimum monthly repayment of the planned
 *   limit fully drawn, plus that of the other lenders' counted balances,
 *   over monthly income (annual income / 12).
 *
 * Minimum monthly repayment (残高スライド元利定額返済方式, DOMAIN.md
 * "Product ranges", simplified to one slide): 3% of the amount, rounded up
 * to the next 1,000 yen; nothing for nothing owed.
 *
 * Length of employment is not assessed: HQ holds no start date for a
 * customer's employment and the kiosk does not ask for one (docs/policy.md).
 *
 * Pure: no clock, no I/O.
 */
import type { LimitPolicy } from './limit-policy';

/** Employment as HQ records it or the customer declares it (src/hq/accounts, src/shared/domain/employment.ts). */
export type RepaymentEmployment = 'employed' | 'employee' | 'contract' | 'partTime' | 'selfEmployed' | 'pensioner' | 'other' | 'unemployed';

/** Regular pay or a pension: the stricter ratio is for income that varies. */
const STEADY_INCOME: ReadonlySet<RepaymentEmployment> = new Set(['employed', 'employee', 'contract', 'pensioner']);

export interface AbilityToRepayInput {
  employment: RepaymentEmployment;
  annualIncome: number;
  /** Other lenders' balances that count under 総量規制, from the bureau. */
  otherLendersBorrowing: number;
  /** The bureau shows a delinquency (異動) at any lender. */
  bureauDelinquent: boolean;
  currentLimit: number;
  /** The most the review would approve so far (the request, capped by 総量規制 and the product maximum). */
  plannedLimit: number;
}

export type AbilityToRepayReason = 'bureauDelinquency' | 'noRegularIncome' | 'exceedsRepaymentCapacity' | 'reducedToRepaymentCapacity';

export type AbilityToRepayResult =
  | { outcome: 'ok'; limit: number }
  | { outcome: 'reduced'; limit: number; reason: 'reducedToRepaymentCapacity' }
  | { outcome: 'declined'; reason: Exclude<AbilityToRepayReason, 'reducedToRepaymentCapacity'> };

/** 3% of the amount owed, rounded up to 1,000 yen (integer arithmetic: ceil(amount * 3 / 100 / 1000) * 1000). */
export function minimumMonthlyRepayment(amount: number, policy: LimitPolicy): number {
  if (amount <= 0) return 0;
  const perMille = policy.minimumRepaymentPerMille;
  return Math.ceil((amount * perMille) / 1000 / 1000) * 1000;
}

/** The highest debt-service ratio allowed, in per cent of monthly income, for this employment. */
export function debtServiceLimitPercent(employment: RepaymentEmployment, policy: LimitPolicy): number {
  return STEADY_INCOME.has(employment) ? policy.debtServiceRatioSteadyPercent : policy.debtServiceRatioVariablePercent;
}

/** repayment(limit + other) * 100 * 12 <= percent * annual income, all in integers. */
export function withinDebtService(limit: number, input: Pick<AbilityToRepayInput, 'employment' | 'annualIncome' | 'otherLendersBorrowing'>, policy: LimitPolicy): boolean {
  const monthly = minimumMonthlyRepayment(limit + input.otherLendersBorrowing, policy);
  return monthly * 100 * 12 <= debtServiceLimitPercent(input.employment, policy) * input.annualIncome;
}

export function assessAbilityToRepay(input: AbilityToRepayInput, policy: LimitPolicy): AbilityToRepayResult {
  // Art. 13(1): a delinquency on record anywhere says the customer is not repaying now.
  if (input.bureauDelinquent) return { outcome: 'declined', reason: 'bureauDelinquency' };
  if (input.employment === 'unemployed') return { outcome: 'declined', reason: 'noRegularIncome' };
  if (withinDebtService(input.plannedLimit, input, policy)) return { outcome: 'ok', limit: input.plannedLimit };
  // The repayment grows with the limit, so the highest step that fits is found by stepping down.
  let limit = input.plannedLimit - (input.plannedLimit % policy.stepYen);
  while (limit > input.currentLimit && !withinDebtService(limit, input, policy)) limit -= policy.stepYen;
  if (limit <= input.currentLimit || limit < policy.minLimitYen) return { outcome: 'declined', reason: 'exceedsRepaymentCapacity' };
  return { outcome: 'reduced', limit, reason: 'reducedToRepaymentCapacity' };
}
