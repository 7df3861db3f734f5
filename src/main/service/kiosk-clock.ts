/**
 * The kiosk's wall clock. Business hours and maintenance windows are read
 * from it (DOMAIN.md: Asia/Tokyo whatever the machine's zone). In the web
 * host's simulator panel a developer can shift it to try hours and
 * maintenance; production never shifts it.
 */
export class KioskClock {
  #offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  /** Make `now()` read `at` from this moment on (simulation only). */
  setNow(at: Date): void {
    this.#offsetMs = at.getTime() - Date.now();
  }

  reset(): void {
    this.#offsetMs = 0;
  }

  get shifted(): boolean {
    return this.#offsetMs !== 0;
  }
}
