/**
 * Exhaustiveness check for closed unions (STYLE.md: "errors are values with a
 * closed set of codes, switched over exhaustively with a `never` check").
 * Neutral: every layer may use it, none owns it.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
