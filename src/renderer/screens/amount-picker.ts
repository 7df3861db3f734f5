/**
 * Arithmetic of the amount picker. Main validates whatever is sent; these
 * rules only keep the buttons from offering amounts main would refuse.
 */
import type { ViewOf } from './view-of';

type Range = Pick<ViewOf<'amountEntry'>, 'min' | 'max' | 'step'>;

/** The nearest amount on the step grid (counted from `min`) inside [min, max]. */
export function snapToRange(amountYen: number, { min, max, step }: Range): number {
  const snapped = step > 0 ? min + Math.round((amountYen - min) / step) * step : amountYen;
  if (snapped < min) return min;
  if (snapped > max) return max - (step > 0 ? (max - min) % step : 0);
  return snapped;
}

/** Where +/- start from before anything is chosen: the current limit. */
export function pickerBase(view: ViewOf<'amountEntry'>): number {
  return view.selected ?? view.currentLimit;
}

/** The small and large steps of the +/- buttons: one step and ten steps (10,000 and 100,000 yen by default). */
export function stepSizes(step: number): { small: number; large: number } {
  return { small: step, large: step * 10 };
}

// Round amounts customers commonly ask for (an assumption of this screen, not a policy).
const ROUND_AMOUNTS = [
  50_000, 100_000, 200_000, 300_000, 500_000, 700_000, 1_000_000, 1_500_000, 2_000_000, 3_000_000, 5_000_000,
];
const MAX_QUICK_PICKS = 6;

/** A few one-touch amounts in the direction asked, nearest to the current limit first. */
export function quickPicks(view: ViewOf<'amountEntry'>): number[] {
  const onGrid = (amount: number) => amount >= view.min && amount <= view.max && snapToRange(amount, view) === amount;
  if (view.direction === 'increase') {
    return ROUND_AMOUNTS.filter((a) => a > view.currentLimit && onGrid(a)).slice(0, MAX_QUICK_PICKS);
  }
  return ROUND_AMOUNTS.filter((a) => a < view.currentLimit && onGrid(a)).slice(-MAX_QUICK_PICKS);
}

/** DOMAIN.md, "Limit increase": an income certificate is required above 500,000 yen at this lender. */
export const CERTIFICATE_THRESHOLD_YEN = 500_000;
