/**
 * Which ten of a long list the keypad's number keys choose from (issue 18,
 * keypad-map.ts `paged`): remembered for the screen on show, and back to
 * the first ten as soon as another screen (or another service page) opens,
 * so "1" always means the first button of a screen the operator has just
 * reached.
 */
import type { ScreenView } from '../../shared/bridge';

/** A screen's identity for paging: the screen, and the page within service mode. */
function screenKey(view: ScreenView): string {
  return view.screen === 'service' ? `service:${view.page.page}` : view.screen;
}

export class KeypadPaging {
  #screen = '';
  #page = 0;

  /** The page index for this view (the table wraps it round the number of pages). */
  pageFor(view: ScreenView): number {
    return screenKey(view) === this.#screen ? this.#page : 0;
  }

  turn(view: ScreenView, delta: 1 | -1): void {
    this.#page = this.pageFor(view) + delta;
    this.#screen = screenKey(view);
  }
}
