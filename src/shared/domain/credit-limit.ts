/**
 * The product range of a credit limit (DOMAIN.md, "Product ranges" and
 * "Limit increase and decrease"): 10,000 to 5,000,000 yen in 10,000-yen
 * steps. Declared once: the kiosk's amount screen and intent check, the
 * journal schema and HQ's policy defaults all read these; HQ enforces its
 * (configurable) policy again.
 */
export const LIMIT_STEP_YEN = 10_000;
export const LIMIT_MIN_YEN = 10_000;
export const LIMIT_MAX_YEN = 5_000_000;

/** Whether an amount is one a limit screen may offer: a step inside the range. */
export function isLimitInRange(amountYen: number): boolean {
  return Number.isInteger(amountYen) && amountYen % LIMIT_STEP_YEN === 0 && amountYen >= LIMIT_MIN_YEN && amountYen <= LIMIT_MAX_YEN;
}
