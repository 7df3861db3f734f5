import { isAppUrl } from './navigation-policy';

/**
 * Electron security checklist item 17 (validate the sender of all IPC
 * messages): an intent counts only when it comes from the kiosk window's
 * main frame, loaded from our own app:// origin.
 */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined, expectedWebContentsId: number | null, actualWebContentsId: number): boolean {
  if (!frame || frame.parent !== null) return false;
  if (expectedWebContentsId === null || expectedWebContentsId !== actualWebContentsId) return false;
  return isAppUrl(frame.url);
}
