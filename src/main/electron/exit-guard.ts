/**
 * The kiosk window closes only when a technician has authorised an exit
 * (service mode, issue 8); every other close (Alt+F4 that slipped through,
 * a window manager) is refused and recorded.
 */
export class ExitGuard {
  #authorisedBy: string | null = null;

  authorise(technicianId: string): void {
    this.#authorisedBy = technicianId;
  }

  get authorisedBy(): string | null {
    return this.#authorisedBy;
  }

  /** For the window's `close` event: true means prevent the close. */
  shouldPreventClose(): boolean {
    return this.#authorisedBy === null;
  }
}
