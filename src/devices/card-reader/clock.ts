/**
 * Time, injected. The exchange's timeouts, the status poll and the simulator's
 * slow replies all take a `Clock`, so tests drive time by hand instead of
 * sleeping (zwave-js injects its timers the same way; STYLE.md).
 */
export type TimerHandle = unknown;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
