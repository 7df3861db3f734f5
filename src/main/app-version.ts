/**
 * The kiosk's software version (issue 16, "Software version"): package.json's
 * `version`, written into the Electron bundle at build time by
 * scripts/build.mjs (esbuild `define`), so a packaged kiosk reports to HQ and
 * journals in `app.started` exactly the version it was built as. Run from
 * source (the web host under tsx) nothing was built: npm's own
 * `npm_package_version` when started through npm, else a version that says
 * so.
 */
declare const __KIOSK_APP_VERSION__: string | undefined;

export const DEVELOPMENT_VERSION = '0.0.0-dev';

export function resolveAppVersion(built: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  return built ?? env.npm_package_version ?? DEVELOPMENT_VERSION;
}

export const APP_VERSION = resolveAppVersion(typeof __KIOSK_APP_VERSION__ === 'string' ? __KIOSK_APP_VERSION__ : undefined, process.env);
