/**
 * Where the kiosk window may go: nowhere but our own app:// origin.
 * Electron security checklist items 13 and 14 (limit navigation, limit
 * creation of new windows).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** `will-navigate` / `will-redirect` / `will-frame-navigate`: allow only our origin. */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** `setWindowOpenHandler`: the kiosk never opens a second window. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}
