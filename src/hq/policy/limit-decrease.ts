/**
 * Limit decrease (減額). DOMAIN.md: "A decrease is easy and almost never
 * refused, but warn: raising it again later needs a new review." No review
 * and no clock: only the shape of the new limit is checked.
 *   - lower than the current limit (otherwise it is not a decrease),
 *   - in 10,000-yen steps and not below the product minimum of 10,000 yen
 *     (DOMAIN.md "Product ranges"; closing the contract is another process),
 *   - not below what the customer owes now (a limit under the balance would
 *     put the account over its limit at once).
 * Suspension does not block a decrease: it only lowers exposure.
 */
import { z } from 'zod';
import { isYenAmount, type LimitPolicy } from './limit-policy';

export const LimitDecreaseInputSchema = z.object({
  currentLimit: z.number().int().nonnegative(),
  requestedLimit: z.number().int(),
  /** What the customer owes now at this lender. */
  balance: z.number().int().nonnegative(),
});
export type LimitDecreaseInput = z.infer<typeof LimitDecreaseInputSchema>;

export const LimitDecreaseReasonCodeSchema = z.enum(['invalidReviewInput', 'notADecrease', 'invalidStep', 'belowMinimum', 'belowBalance']);
export type LimitDecreaseReasonCode = z.infer<typeof LimitDecreaseReasonCodeSchema>;

export const LimitDecreaseDecisionSchema = z.object({
  outcome: z.enum(['accepted', 'refused']),
  /** Present exactly when accepted. */
  newLimit: z.number().int().positive().optional(),
  reasons: z.array(LimitDecreaseReasonCodeSchema),
  /** DOMAIN.md: the kiosk must warn that raising the limit again needs a new review. True when accepted. */
  raisingAgainNeedsReview: z.boolean(),
});
export type LimitDecreaseDecision = z.infer<typeof LimitDecreaseDecisionSchema>;

export function validateLimitDecrease(input: LimitDecreaseInput, policy: LimitPolicy): LimitDecreaseDecision {
  if (!isYenAmount(input.currentLimit) || !isYenAmount(input.balance)) {
    return { outcome: 'refused', reasons: ['invalidReviewInput'], raisingAgainNeedsReview: false };
  }
  const requested = input.requestedLimit;
  const reasons: LimitDecreaseReasonCode[] = [];
  if (typeof requested !== 'number' || !Number.isSafeInteger(requested)) {
    reasons.push('invalidStep');
  } else {
    if (requested >= input.currentLimit) reasons.push('notADecrease');
    if (requested % policy.stepYen !== 0) reasons.push('invalidStep');
    if (requested < policy.minLimitYen) reasons.push('belowMinimum');
    if (requested < input.balance) reasons.push('belowBalance');
  }
  if (reasons.length > 0) return { outcome: 'refused', reasons, raisingAgainNeedsReview: false };
  return { outcome: 'accepted', newLimit: requested, reasons: [], raisingAgainNeedsReview: true };
}
