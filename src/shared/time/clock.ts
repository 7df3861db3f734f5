/**
 * Time, injected: the one clock every timed part of the kiosk takes
 * (devices, journal, sync, the availability loops, the flow core's timers),
 * so tests move time by hand instead of sleeping (zwave-js injects its
 * timers the same way; STYLE.md, "Drivers that read like the protocol
 * document"). In `src/shared` so `src/devices` and `src/main` both reach it
 * (ARCHITECTURE.md, "Layers").
 *
 * No `setInterval`: a repeating task is `repeatEvery` over `setTimeout`, so a
 * test clock needs one kind of timer only.
 */
export type TimerHandle = unknown;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The timer half of a `Clock`, for code that never reads the time itself. */
export type Timers = Pick<Clock, 'setTimeout' | 'clearTimeout'>;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};

/**
 * Runs `task` every `ms` until the returned function is called, like
 * `setInterval`: the next run is armed before this one starts, so a slow
 * task does not stretch the period, and one that throws does not end the
 * repetition (its error goes where an interval callback's would).
 */
export function repeatEvery(clock: Timers, ms: number, task: () => void): () => void {
  let handle: TimerHandle | null = null;
  const arm = () => {
    handle = clock.setTimeout(() => {
      arm();
      task();
    }, ms);
  };
  arm();
  return () => {
    if (handle !== null) clock.clearTimeout(handle);
    handle = null;
  };
}
