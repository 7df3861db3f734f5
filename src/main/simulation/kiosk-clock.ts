import { writeFileSync } from 'node:fs';

/**
 * The kiosk's wall clock. Business hours and maintenance windows are read
 * from it (DOMAIN.md: Asia/Tokyo whatever the machine's zone). In the web
 * host's simulator panel a developer can shift it to try hours and
 * maintenance; production never shifts it.
 */
export class KioskClock {
  #offsetMs = 0;

  /** `offsetFile`: where the embedded development HQ reads the same offset (src/hq/cli.ts --clock-offset-file). */
  constructor(private readonly offsetFile?: string) {
    if (offsetFile) writeFileSync(offsetFile, '0');
  }

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  /** Make `now()` read `at` from this moment on (simulation only). */
  setNow(at: Date): void {
    this.#setOffset(at.getTime() - Date.now());
  }

  reset(): void {
    this.#setOffset(0);
  }

  #setOffset(ms: number): void {
    this.#offsetMs = ms;
    if (this.offsetFile) writeFileSync(this.offsetFile, String(ms));
  }

  get shifted(): boolean {
    return this.#offsetMs !== 0;
  }
}
