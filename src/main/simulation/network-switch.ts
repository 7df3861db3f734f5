/**
 * A switch in front of `fetch` for the HQ client. In development the
 * simulator panel turns it off to show what a customer sees when HQ is
 * unreachable; in production nobody touches it and it passes everything.
 */
export class NetworkSwitch {
  #online = true;

  get online(): boolean {
    return this.#online;
  }

  setOnline(online: boolean): void {
    this.#online = online;
  }

  readonly fetch: typeof fetch = (input, init) => {
    if (!this.#online) return Promise.reject(new TypeError('fetch failed: HQ link switched off in the simulator'));
    return fetch(input, init);
  };
}
