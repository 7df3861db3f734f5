/**
 * Tells HQ what its fleet view shows of this kiosk (issue 5: "software
 * version, device health reported by the kiosk"): POST /v1/kiosk/status.
 *
 * Sent when what it would say changes (a device goes offline, the kiosk goes
 * out of service) and retried with the next calendar refresh while HQ does
 * not take it; never more than one request in flight, and the newest state
 * wins. HQ stamps the kiosk's last contact on every signed request anyway,
 * so an unchanged report is not sent again.
 */
import type { DeviceHealth, KioskStatusReport } from '../../shared/hq-api/kiosk-status';
import type { DeviceState } from '../../shared/xfs/vocabulary';

export interface ReportedDevice {
  state: DeviceState;
  /** The last fault, for devices not online; cleaned before it leaves (see `deviceHealth`). */
  detail?: string | undefined;
}

/** HQ refuses long digit runs in a detail (they could be card numbers); a device message never needs one. */
function cleanDetail(detail: string): string {
  return detail.replace(/\d{10,}/g, '…').slice(0, 200);
}

export function deviceHealth(devices: Record<string, ReportedDevice>): DeviceHealth {
  return Object.fromEntries(Object.entries(devices).map(([name, d]) => [
    name,
    d.state !== 'online' && d.detail ? { state: d.state, detail: cleanDetail(d.detail) } : { state: d.state },
  ]));
}

export class StatusReporter {
  #sent: string | null = null;
  #sentAt = Number.NEGATIVE_INFINITY;
  #inFlight: Promise<void> | null = null;
  #again = false;

  constructor(private readonly options: {
    current: () => KioskStatusReport;
    send: (report: KioskStatusReport) => Promise<{ ok: boolean }>;
    /** Send an unchanged report again this long after HQ took it (default: never). */
    resendAfterMs?: number;
    /** The kiosk's clock, for `resendAfterMs`. */
    now?: () => number;
  }) {}

  /** Sends the current report unless HQ already has it. Resolves when that is settled. */
  async reportIfChanged(): Promise<void> {
    if (this.#inFlight) {
      // A change while a report is on its way: send the newest after it.
      this.#again = true;
      return this.#inFlight;
    }
    this.#inFlight = this.#run().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #run(): Promise<void> {
    do {
      this.#again = false;
      const report = this.options.current();
      const key = JSON.stringify(report);
      const now = this.options.now?.() ?? Date.now();
      if (key === this.#sent && now - this.#sentAt < (this.options.resendAfterMs ?? Number.POSITIVE_INFINITY)) continue;
      let accepted = false;
      try {
        accepted = (await this.options.send(report)).ok;
      } catch {
        accepted = false;
      }
      // Not taken: the next refresh tries again.
      this.#sent = accepted ? key : null;
      this.#sentAt = now;
    } while (this.#again);
  }
}
