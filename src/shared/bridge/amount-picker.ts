/**
 * Arithmetic of the amount picker, shared by the screen's buttons and main's
 * keypad table (issue 18: the up/down keys and numbered picks move the same
 * amounts the buttons do). Main validates whatever is sent; these rules only
 * keep the buttons and keys from offering amounts main would refuse.
 */
import type { ScreenView } from './views';

type AmountView = Extract<ScreenView, { screen: 'amountEntry' }>;
type Range = Pick<AmountView, 'min' | 'max' | 'step'>;

/** The nearest amount on the step grid (counted from `min`) inside [min, max]. */
export function snapToRange(amountYen: number, { min, max, step }: Range): number {
  const snapped = step > 0 ? min + Math.round((amountYen - min) / step) * step : amountYen;
  if (snapped < min) return min;
  if (snapped > max) return max - (step > 0 ? (max - min) % step : 0);
  return snapped;
}

/** Where +/- start from before anything is chosen: the current limit. */
export function pickerBase(view: AmountView): number {
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
export function quickPicks(view: AmountView): number[] {
  const onGrid = (amount: number) => amount >= view.min && amount <= view.max && snapToRange(amount, view) === amount;
  if (view.direction === 'increase') {
    return ROUND_AMOUNTS.filter((a) => a > view.currentLimit && onGrid(a)).slice(0, MAX_QUICK_PICKS);
  }
  return ROUND_AMOUNTS.filter((a) => a < view.currentLimit && onGrid(a)).slice(-MAX_QUICK_PICKS);
}

/** DOMAIN.md, "Limit increase": an income certificate is required above 500,000 yen at this lender. */
export const CERTIFICATE_THRESHOLD_YEN = 500_000;

/** The amount a +/- step of `delta` yen lands on, and whether it moves that way at all (a bound, or nothing chosen yet, leaves it). */
export function stepTarget(view: AmountView, delta: number): { amount: number; moves: boolean } {
  const base = pickerBase(view);
  const amount = snapToRange(base + delta, view);
  return { amount, moves: Math.sign(amount - base) === Math.sign(delta) };
}
