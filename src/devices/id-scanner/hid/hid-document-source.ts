import { assertNever } from '../../../shared/assert-never';
import type { DocumentSource, DocumentSourceEvents, LineFault, ReadDamage } from '../document-source';
import { TypedEmitter, type ListenerErrorHandler } from '../../../shared/events/typed-emitter';
import { systemClock, type Timers } from '../../../shared/time/clock';
import type { HidDeviceLike } from './hid-device';
import { DEFAULT_INTER_REPORT_TIMEOUT_MS, DEFAULT_MAX_PAYLOAD_BYTES, HidPosReassembler, describeReassemblyFault, type ReassemblyFault } from './hid-pos-reassembler';

export interface HidDocumentSourceOptions {
  /** An opened node-hid `HIDAsync` (or the simulator's device), or a function that opens one. */
  device: HidDeviceLike | (() => Promise<HidDeviceLike>);
  /** For diagnostics, e.g. `hid:0c2e:0b61`; `hid` unless told. */
  endpoint?: string;
  /** Longest gap between two reports of one payload before it is abandoned (500 ms). */
  interReportTimeoutMs?: number;
  /** Largest payload accepted (4096 bytes). */
  maxPayloadBytes?: number;
  timers?: Timers;
  /** Where a throwing listener's error goes (the one rule: src/shared/events/typed-emitter.ts). */
  onListenerError?: ListenerErrorHandler;
}

interface OpenDevice {
  device: HidDeviceLike;
  reassembler: HidPosReassembler;
  detach(): void;
}

/**
 * A reader in USB HID Point-of-Sale mode (DEVICES.md, "Identity-document
 * scanner"): 64-byte input reports on usage page 0x8C, a payload spanning
 * reports while byte 63 bit 0 says more follow (`HidPosReassembler`). node-hid
 * reports a vanished device as an `error` event: that is the link lost.
 *
 * A device given as an object is one handle, good for one link: after it is
 * lost it cannot be opened again. A device given as a function is opened
 * afresh on every `open`.
 */
export class HidDocumentSource implements DocumentSource {
  readonly transport = 'hid';
  readonly endpoint: string;
  readonly maxPayloadBytes: number;
  readonly #device: HidDeviceLike | (() => Promise<HidDeviceLike>);
  readonly #interReportTimeoutMs: number;
  readonly #timers: Timers;
  readonly #events: TypedEmitter<DocumentSourceEvents>;
  #open: OpenDevice | undefined;

  constructor(options: HidDocumentSourceOptions) {
    this.#device = options.device;
    this.endpoint = options.endpoint ?? 'hid';
    this.#interReportTimeoutMs = options.interReportTimeoutMs ?? DEFAULT_INTER_REPORT_TIMEOUT_MS;
    this.maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    this.#timers = options.timers ?? systemClock;
    this.#events = new TypedEmitter<DocumentSourceEvents>(options.onListenerError);
  }

  get canReopen(): boolean {
    return typeof this.#device === 'function';
  }

  get readInProgress(): boolean {
    return this.#open?.reassembler.inProgress === true;
  }

  async open(): Promise<void> {
    if (this.#open) return;
    const device = typeof this.#device === 'function' ? await this.#device() : this.#device;
    const reassembler = new HidPosReassembler({
      interReportTimeoutMs: this.#interReportTimeoutMs,
      maxPayloadBytes: this.maxPayloadBytes,
      timers: this.#timers,
      onPayload: (reassembled) => this.#events.emit('payload', reassembled.payload),
      onFault: (fault) => this.#events.emit('fault', lineFault(fault)),
    });
    const onData = (report: Buffer) => reassembler.push(report);
    const onError = (error: Error) => this.#lose(`HID device error: ${error.message}`);
    device.on('data', onData);
    device.on('error', onError);
    this.#open = {
      device,
      reassembler,
      detach: () => {
        device.off('data', onData);
        device.off('error', onError);
        reassembler.clear();
      },
    };
  }

  async close(): Promise<void> {
    await this.#letGo()?.close();
  }

  onPayload(listener: (payload: Buffer) => void): () => void {
    this.#events.on('payload', listener);
    return () => this.#events.off('payload', listener);
  }

  onFault(listener: (fault: LineFault) => void): () => void {
    this.#events.on('fault', listener);
    return () => this.#events.off('fault', listener);
  }

  onLinkLost(listener: (reason: string) => void): () => void {
    this.#events.on('linkLost', listener);
    return () => this.#events.off('linkLost', listener);
  }

  /** The dead handle is closed and detached first, so nothing it still says reaches anyone. */
  #lose(reason: string): void {
    this.#letGo()?.close().catch(() => undefined);
    this.#events.emit('linkLost', reason);
  }

  /** Stops listening and drops any payload in progress; returns the device to close. */
  #letGo(): HidDeviceLike | undefined {
    const open = this.#open;
    this.#open = undefined;
    open?.detach();
    return open?.device;
  }
}

function lineFault(fault: ReassemblyFault): LineFault {
  return { source: 'hid', fault, message: describeReassemblyFault(fault), damage: damageOf(fault) };
}

/** A malformed report ends the payload in progress (hid-pos-reassembler.ts says why). */
function damageOf(fault: ReassemblyFault): ReadDamage {
  switch (fault.code) {
    case 'malformedReport':
      // A stray report between reads costs nothing; one inside a payload cut it short.
      return fault.discardedBytes > 0 ? 'readCutShort' : 'none';
    case 'incompletePayload':
      return 'readStalled';
    case 'payloadTooLarge':
      return 'readTooLarge';
    default:
      return assertNever(fault, 'reassembly fault');
  }
}
