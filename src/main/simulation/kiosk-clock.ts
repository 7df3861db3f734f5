import { writeFileSync } from 'node:fs';
import { systemClock, type Clock, type TimerHandle } from '../../shared/time/clock';

/**
 * The kiosk's wall clock. Business hours and maintenance windows are read
 * from it (DOMAIN.md: Asia/Tokyo whatever the machine's zone). In the web
 * host's simulator panel a developer can shift it to try hours and
 * maintenance; production never shifts it.
 *
 * A `Clock` whose timers are the system's: a shift moves the wall time, not
 * how long a timer waits. Device timing measures intervals and takes the
 * system clock instead, so a shift never looks like a long silence.
 */
export class KioskClock implements Clock {
  #offsetMs = 0;
  /** Where `reset()` returns: no shift, or the shift `startAt` asked for. */
  readonly #baseOffsetMs: number;

  /**
   * `offsetFile`: where the embedded development HQ and bureau read the same
   * offset (src/server-kit/offset-clock.ts). `startAt`: the simulated wall
   * time at start (web host `--clock-start`, simulation only: the e2e suite
   * runs inside store hours whenever CI runs), which `reset()` returns to.
   */
  constructor(private readonly offsetFile?: string, startAt?: Date) {
    this.#baseOffsetMs = startAt ? startAt.getTime() - systemClock.now() : 0;
    this.#setOffset(this.#baseOffsetMs);
  }

  now(): number {
    return systemClock.now() + this.#offsetMs;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    return systemClock.setTimeout(callback, ms);
  }

  clearTimeout(handle: TimerHandle): void {
    systemClock.clearTimeout(handle);
  }

  /** Make `now()` read `at` from this moment on (simulation only). */
  setNow(at: Date): void {
    this.#setOffset(at.getTime() - systemClock.now());
  }

  /** Back to the clock the kiosk started with (the real one unless `startAt` was given). */
  reset(): void {
    this.#setOffset(this.#baseOffsetMs);
  }

  #setOffset(ms: number): void {
    this.#offsetMs = ms;
    if (this.offsetFile) writeFileSync(this.offsetFile, String(ms));
  }

  get shifted(): boolean {
    return this.#offsetMs !== 0;
  }
}
