/**
 * Tells HQ what its fleet view shows of this kiosk (issue 5: "software
 * version, device health reported by the kiosk"; issue 19: its vitals):
 * POST /v1/kiosk/status.
 *
 * Sent when what it would say changes (a device goes offline, the kiosk goes
 * out of service), never more than one request in flight, the newest state
 * winning; and once every availability interval whatever changed
 * (`exchange`): that one request is also the calendar poll, HQ's ack
 * carrying the calendar when the version the report names is not current
 * (issue 19, "one combined status-and-calendar exchange per interval").
 * Each ack's `serverTime` (the answer is signed, answer-verifier.ts) gives
 * the clock skew the next report carries.
 */
import type { DeviceHealth, KioskStatusAck, KioskStatusReport } from '../../shared/hq-api/kiosk-status';
import type { DeviceState } from '../../shared/xfs/vocabulary';
import { refusesThisKiosk, type HqClientError } from '../hq-client/hq-client';

/**
 * How the interval's exchange went: HQ took the report; HQ refused this
 * kiosk (not enrolled, disabled or revoked: `refusesThisKiosk`); or no
 * answer from HQ at all (unreachable, timed out, any other refusal).
 */
export type ExchangeOutcome = 'answered' | 'refused' | 'unreachable';

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

/**
 * What makes a report worth sending between intervals: everything but the
 * readings that drift by themselves (free disk, backlog, clock skew), which
 * ride with the interval's exchange.
 */
function changeKey(report: KioskStatusReport): string {
  const { diskFreeBytes: _disk, syncBacklog: _backlog, clockSkewMs: _skew, ...rest } = report;
  return JSON.stringify(rest);
}

export class StatusReporter {
  #sent: string | null = null;
  #inFlight: Promise<void> | null = null;
  #again = false;
  #force = false;
  #lastOutcome: ExchangeOutcome = 'unreachable';
  #clockSkewMs: number | undefined;

  constructor(private readonly options: {
    current: () => KioskStatusReport;
    /** HQ's answer (HqClient.reportStatus); `error` says whether HQ refused this kiosk. */
    send: (report: KioskStatusReport) => Promise<{ ok: true; value: KioskStatusAck } | { ok: false; error?: HqClientError }>;
    /** Told of every ack HQ sent (its calendar, when there is one). */
    onAck?: (ack: KioskStatusAck) => void;
    /** The kiosk's wall clock (ms), for the skew against HQ's `serverTime`. */
    now?: () => number;
  }) {}

  /** HQ's clock minus the kiosk's at the last ack (ms), or undefined before the first. */
  get clockSkewMs(): number | undefined {
    return this.#clockSkewMs;
  }

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

  /** Sends the current report even if HQ has it (the interval's exchange); how HQ answered it. */
  async exchange(): Promise<ExchangeOutcome> {
    this.#force = true;
    await this.reportIfChanged();
    return this.#lastOutcome;
  }

  async #run(): Promise<void> {
    do {
      this.#again = false;
      const report = this.#report();
      const key = changeKey(report);
      if (key === this.#sent && !this.#force) continue;
      this.#force = false;
      const now = this.options.now ?? Date.now;
      const sentAt = now();
      let answer: { ok: true; value: KioskStatusAck } | { ok: false; error?: HqClientError };
      try {
        answer = await this.options.send(report);
      } catch {
        answer = { ok: false };
      }
      this.#lastOutcome = answer.ok ? 'answered' : answer.error && refusesThisKiosk(answer.error) ? 'refused' : 'unreachable';
      // Not taken: the next interval tries again.
      this.#sent = answer.ok ? key : null;
      if (answer.ok) {
        // The answer left HQ somewhere between sending and now: the midpoint halves the error (NTP's assumption, RFC 5905 §8).
        this.#clockSkewMs = Math.round(Date.parse(answer.value.serverTime) - (sentAt + now()) / 2);
        this.options.onAck?.(answer.value);
      }
    } while (this.#again || this.#force);
  }

  #report(): KioskStatusReport {
    const report = this.options.current();
    return this.#clockSkewMs === undefined ? report : { ...report, clockSkewMs: this.#clockSkewMs };
  }
}
