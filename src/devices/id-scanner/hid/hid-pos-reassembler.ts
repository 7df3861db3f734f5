import { systemClock, type TimerHandle, type Timers } from '../../../shared/time/clock';
import { decodeHidPosReport, describeReportFault, type HidReportFault } from './hid-pos-report';

/** A complete payload put back together from its reports. */
export interface ReassembledPayload {
  payload: Buffer;
  aimId: string;
  vendorSymbology: number;
  reports: number;
}

/**
 * Why a payload was lost. Each names what happened and how much was dropped,
 * never the dropped bytes (they are personal data).
 */
export type ReassemblyFault =
  | { code: 'malformedReport'; report: HidReportFault; discardedBytes: number }
  | { code: 'incompletePayload'; receivedBytes: number; reports: number }
  | { code: 'payloadTooLarge'; limit: number };

export interface ReassemblerOptions {
  /** Longest gap between two reports of one payload before it is abandoned. */
  interReportTimeoutMs?: number;
  /** Largest payload accepted; a larger one is dropped whole. */
  maxPayloadBytes?: number;
  timers?: Timers;
  onPayload(payload: ReassembledPayload): void;
  onFault(fault: ReassemblyFault): void;
}

export const DEFAULT_INTER_REPORT_TIMEOUT_MS = 500;
export const DEFAULT_MAX_PAYLOAD_BYTES = 4096;

/**
 * Puts multi-report payloads back together (byte 63 bit 0 = more follow).
 * A malformed report ends the payload in progress: we cannot know whether
 * it was part of it, and a payload with a hole could pass as a shorter one.
 * After an oversized payload, reports are skipped up to its last report so
 * its tail is not mistaken for a new payload.
 */
export class HidPosReassembler {
  readonly #timeoutMs: number;
  readonly #maxBytes: number;
  readonly #timers: Timers;
  readonly #onPayload: (payload: ReassembledPayload) => void;
  readonly #onFault: (fault: ReassemblyFault) => void;
  #chunks: Buffer[] = [];
  #bytes = 0;
  #reports = 0;
  #aimId = '';
  #vendorSymbology = 0;
  #skippingOversized = false;
  #timer: TimerHandle | undefined;

  constructor(options: ReassemblerOptions) {
    this.#timeoutMs = options.interReportTimeoutMs ?? DEFAULT_INTER_REPORT_TIMEOUT_MS;
    this.#maxBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    if (!(this.#timeoutMs > 0)) throw new RangeError('interReportTimeoutMs must be positive');
    if (!(this.#maxBytes > 0)) throw new RangeError('maxPayloadBytes must be positive');
    this.#timers = options.timers ?? systemClock;
    this.#onPayload = options.onPayload;
    this.#onFault = options.onFault;
  }

  /** True while a payload has started and not finished. */
  get inProgress(): boolean {
    return this.#reports > 0 || this.#skippingOversized;
  }

  push(bytes: Uint8Array): void {
    const decoded = decodeHidPosReport(bytes);
    if (!decoded.ok) {
      const discardedBytes = this.#bytes;
      this.#reset();
      this.#onFault({ code: 'malformedReport', report: decoded.fault, discardedBytes });
      return;
    }
    const { report } = decoded;
    this.#stopTimer();
    if (this.#skippingOversized) {
      if (!report.moreFollows) this.#reset();
      else this.#startTimer();
      return;
    }
    if (this.#reports === 0) {
      this.#aimId = report.aimId;
      this.#vendorSymbology = report.vendorSymbology;
    }
    if (this.#bytes + report.data.length > this.#maxBytes) {
      this.#reset();
      this.#onFault({ code: 'payloadTooLarge', limit: this.#maxBytes });
      if (report.moreFollows) {
        this.#skippingOversized = true;
        this.#startTimer();
      }
      return;
    }
    this.#chunks.push(report.data);
    this.#bytes += report.data.length;
    this.#reports += 1;
    if (report.moreFollows) {
      this.#startTimer();
      return;
    }
    const payload: ReassembledPayload = {
      payload: Buffer.concat(this.#chunks, this.#bytes),
      aimId: this.#aimId,
      vendorSymbology: this.#vendorSymbology,
      reports: this.#reports,
    };
    this.#reset();
    this.#onPayload(payload);
  }

  /** Drops any payload in progress without a fault (device closed). */
  clear(): void {
    this.#reset();
  }

  #startTimer(): void {
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = undefined;
      const skipping = this.#skippingOversized;
      const fault: ReassemblyFault = { code: 'incompletePayload', receivedBytes: this.#bytes, reports: this.#reports };
      this.#reset();
      // The oversized payload was already reported; its missing tail is not news.
      if (!skipping) this.#onFault(fault);
    }, this.#timeoutMs);
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) {
      this.#timers.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  #reset(): void {
    this.#stopTimer();
    this.#chunks = [];
    this.#bytes = 0;
    this.#reports = 0;
    this.#skippingOversized = false;
  }
}

export function describeReassemblyFault(fault: ReassemblyFault): string {
  switch (fault.code) {
    case 'malformedReport':
      return `malformed report (${describeReportFault(fault.report)})${fault.discardedBytes > 0 ? `; ${fault.discardedBytes} bytes of the payload in progress dropped` : ''}`;
    case 'incompletePayload':
      return `payload incomplete: reports stopped after ${fault.reports} report(s), ${fault.receivedBytes} bytes`;
    case 'payloadTooLarge':
      return `payload larger than ${fault.limit} bytes dropped`;
  }
}
