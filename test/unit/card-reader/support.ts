/**
 * Test helpers for the card-reader unit tests: a clock moved by hand, and a
 * way to let the in-memory link (one setImmediate per hop) run to quiet
 * (test/support/in-memory-link-loop.ts, shared with the printer tests).
 */
import { ManualClock as SharedManualClock } from '../../support/manual-clock';
import { drive as driveLoop, settle, tick } from '../../support/in-memory-link-loop';

export { settle, tick };

/** Runs the event loop (no clock time passes) until `promise` settles; fails if it never does. */
export function drive<T>(promise: Promise<T>, maxRounds = 2_000): Promise<T> {
  return driveLoop(promise, maxRounds);
}

/** The shared manual clock, with the link settling before and after each timer it fires. */
export class ManualClock extends SharedManualClock {
  override advance(ms: number): Promise<void> {
    return this.advanceSettling(ms, settle);
  }
}
