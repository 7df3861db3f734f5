/**
 * Inactivity on an input screen (issue 7, "Inactivity"; issue 8 for service
 * sessions): after a quiet spell a warning counts down, then `timedOutTarget`
 * ends the session. Spread into each input state; the machine provides the
 * `inactivity` and `tick` delays, the `lastSecond` guard and the
 * `startWarning` / `countDown` actions. A touch re-enters only the `active`
 * child, so the screen's own state (typed digits, choices) is kept. The
 * warning is tagged, so the views find it without knowing state names.
 */
import { INACTIVITY_WARNING_TAG } from './screen-tags';

export function inactivityStates<T extends string>(timedOutTarget: T) {
  return {
    initial: 'active',
    states: {
      active: { after: { inactivity: 'warning' }, on: { TOUCH: { target: 'active', reenter: true } } },
      warning: { tags: INACTIVITY_WARNING_TAG, entry: 'startWarning', on: { TOUCH: 'active' }, ...countdown(timedOutTarget) },
    },
  } as const;
}

/**
 * A visible countdown as states: `secondsLeft` (set by the state's entry)
 * drops by one every `tick`; at the last second `expiredTarget` is taken.
 * Used by the inactivity warning and by "please take your card".
 */
export function countdown<T extends string>(expiredTarget: T) {
  return {
    initial: 'tick',
    states: {
      tick: {
        after: {
          tick: [
            { guard: 'lastSecond', target: expiredTarget },
            { target: 'tick', reenter: true, actions: 'countDown' },
          ],
        },
      },
    },
  } as const;
}
