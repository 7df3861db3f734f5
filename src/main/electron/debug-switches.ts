/**
 * Debug switches (issue 15, "Debug switches"): devtools exist only in an
 * unpackaged (development) build, and a packaged build started with a
 * remote-debugging or inspector switch quits at start, so nobody with a
 * keyboard at the kiosk's boot loader or shortcut can attach a debugger to
 * the process that holds PIN keys and the HQ link. Pure: main.ts passes
 * `app.isPackaged`, `process.argv` and `process.env`.
 */

/** Chromium's and Node's switches that open the process to a debugger. */
export const FORBIDDEN_DEBUG_SWITCHES = ['--remote-debugging-port', '--remote-debugging-pipe', '--inspect', '--inspect-brk'] as const;

export interface LaunchFacts {
  isPackaged: boolean;
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
}

/** Devtools asked for (`--dev` or KIOSK_DEV=1); a packaged build refuses to start when they are (config/packaged-policy.ts, issue 16). */
export function devToolsRequested(facts: LaunchFacts): boolean {
  return facts.argv.includes('--dev') || facts.env.KIOSK_DEV === '1';
}

/** Devtools on request, and never in a packaged build. */
export function devToolsAllowed(facts: LaunchFacts): boolean {
  return !facts.isPackaged && devToolsRequested(facts);
}

function switchName(arg: string): string | undefined {
  return FORBIDDEN_DEBUG_SWITCHES.find((name) => arg === name || arg.startsWith(`${name}=`));
}

/**
 * The debug switch a packaged build was started with (in argv, or in
 * NODE_OPTIONS), or null: a development build may be debugged.
 */
export function forbiddenDebugSwitch(facts: LaunchFacts): string | null {
  if (!facts.isPackaged) return null;
  const fromOptions = (facts.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
  for (const arg of [...facts.argv, ...fromOptions]) {
    const name = switchName(arg);
    if (name) return name;
  }
  return null;
}
