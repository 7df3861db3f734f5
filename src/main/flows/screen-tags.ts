/**
 * Screens and PIN pads come from state tags, not from state names (issue 12):
 * each state that shows something carries `screen:<id>`, each state that
 * collects PIN digits `pad:<name>`, and an inactivity warning
 * `inactivityWarning`. The views (session-view.ts, operator/operator-view.ts)
 * and KioskCore read them here, in one place. Renaming a state moves its tags
 * with it; a tag the views do not know fails the type check (tags are typed
 * in each machine's setup), and a state without a screen fails
 * test/unit/flows/screen-tags.test.ts.
 */
import type { PadName } from './session-vault';

export type ScreenTag<TScreen extends string> = `screen:${TScreen}`;
export type PadTag = `pad:${PadName}`;
export const INACTIVITY_WARNING_TAG = 'inactivityWarning';
export type CommonTag = PadTag | typeof INACTIVITY_WARNING_TAG;

/** The one screen the active states name; null when none does (a transient step). */
export function screenTagOf<TScreen extends string>(tags: ReadonlySet<string>): TScreen | null {
  let found: TScreen | null = null;
  for (const tag of tags) {
    if (!tag.startsWith('screen:')) continue;
    if (found !== null) throw new Error(`two screens at once: ${found} and ${tag.slice(7)}`);
    found = tag.slice(7) as TScreen;
  }
  return found;
}

/** The PIN pad the active states collect into, if any. */
export function padTagOf(tags: ReadonlySet<string>): PadName | null {
  for (const tag of tags) if (tag.startsWith('pad:')) return tag.slice(4) as PadName;
  return null;
}

export function inactivityWarningOf(tags: ReadonlySet<string>): boolean {
  return tags.has(INACTIVITY_WARNING_TAG);
}
