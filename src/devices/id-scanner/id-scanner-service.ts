import type { IdentityDocumentKind } from '../../shared/identity/identity-document';
import { type CommandResult, type DeviceState } from '../../shared/xfs/vocabulary';
import { assertNever } from '../../shared/assert-never';
import type { ByteTransport } from '../transport/byte-transport';
import { tokyoIsoDate } from './calendar-date';
import type { HidDeviceLike } from './hid/hid-device';
import { DEFAULT_INTER_REPORT_TIMEOUT_MS, DEFAULT_MAX_PAYLOAD_BYTES, HidPosReassembler, describeReassemblyFault, type ReassemblyFault } from './hid/hid-pos-reassembler';
import { classifyParse, type IdScanResult } from './id-scan-result';
import { parsePayload } from './payload/parse-payload';
import type { Finding, PayloadFormat } from './payload/parse-result';
import { SerialFrameParser, describeFrameFault, type SerialFrameEvent, type SerialFrameFault } from './serial/serial-frame-parser';
import { TypedEmitter, type ListenerErrorHandler } from '../../shared/events/typed-emitter';
import { systemClock, type TimerHandle, type Timers } from '../../shared/time/clock';

export type IdScannerTransport =
  /** An opened node-hid `HIDAsync` (or the simulator's device), or a function that opens one. */
  | { kind: 'hid'; device: HidDeviceLike | (() => Promise<HidDeviceLike>); endpoint?: string }
  | { kind: 'serial'; transport: ByteTransport };

/** See `earlyReadGraceMs`. */
const DEFAULT_EARLY_READ_GRACE_MS = 2000;

export interface IdScannerServiceOptions {
  transport: IdScannerTransport;
  /** setTimeout/clearTimeout for scan and inter-report deadlines (any `Clock` fits). */
  clock?: Timers;
  /** The current instant; "today" is its date in Asia/Tokyo. */
  today?: () => Date;
  /** Longest gap inside one payload (between HID reports, or serial bytes of one frame). */
  interReportTimeoutMs?: number;
  maxPayloadBytes?: number;
  /**
   * A read that arrives this long before `scan` is called still answers it:
   * people put the document down while the screen is still changing. Older
   * unsolicited reads are dropped. 2000 ms unless told; 0 turns it off.
   */
  earlyReadGraceMs?: number;
  /** Told of an error thrown by an event listener; the scanner carries on either way (shared/events/typed-emitter.ts). */
  onListenerError?: ListenerErrorHandler;
}

export interface IdScannerStatus {
  device: DeviceState;
  transport: 'hid' | 'serial';
  endpoint: string;
  scanning: boolean;
  /** The latest fault in words (no document data), for technicians. */
  lastFault?: string;
}

export interface IdScannerCapabilities {
  transport: 'hid' | 'serial';
  documentKinds: readonly IdentityDocumentKind[];
  payloadFormats: readonly PayloadFormat[];
  maxPayloadBytes: number;
  /** This service reads printed data only: no chip (IC) reading, no images. */
  readsChip: false;
  capturesImages: false;
}

/** Every read the scanner delivered, acceptable or not; `solicited` when a scan was waiting for it. */
export interface DocumentReadEvent {
  result: IdScanResult;
  format?: PayloadFormat;
  findings: Finding[];
  solicited: boolean;
}

export type IdScannerFault =
  | { source: 'hid'; fault: ReassemblyFault; message: string }
  | { source: 'serial'; fault: SerialFrameFault; message: string }
  | { source: 'device'; message: string };

export interface IdScannerEvents {
  documentRead: DocumentReadEvent;
  statusChanged: IdScannerStatus;
  fault: IdScannerFault;
}

/** What the technician's device page shows (XFS-style counters, since `open`'s construction; never document data). */
export interface IdScannerCounters {
  /** Scans answered, by outcome. */
  documentsAccepted: number;
  /** A document or page was read but refused (unreadable, check digits, expired, unsupported). */
  documentsRefused: number;
  noDocument: number;
  /** A read began and never finished. */
  incompleteReads: number;
  hardwareErrors: number;
  canceled: number;
  /** Reads with no scan waiting. */
  unsolicitedReads: number;
  /** Malformed HID reports or serial frames. */
  lineFaults: number;
  linkLosses: number;
  reopens: number;
}

export interface ScanOptions {
  /** How long to wait for a document to be presented. */
  timeoutMs: number;
}

const DOCUMENT_KINDS: readonly IdentityDocumentKind[] = ['passport', 'mrzIdCard', 'driversLicence', 'myNumberCard', 'residenceCard', 'healthInsuranceCard'];
const PAYLOAD_FORMATS: readonly PayloadFormat[] = ['TD1', 'TD2', 'TD3', 'JPID/1'];

interface PendingScan {
  resolve(result: IdScanResult): void;
  timer: TimerHandle;
}

/**
 * The identity-document scanner in XFS style (DEVICES.md: no industry
 * interface exists, so status, capabilities, a Scan command and a
 * DocumentRead event modelled on XFS4IoT). Readers push a read whenever a
 * document is presented; `scan` takes the next read that arrives while it
 * waits, or one that arrived at most `earlyReadGraceMs` before it was
 * called. Reads with no scan waiting are reported as `documentRead` events
 * with `solicited: false`, and dropped once the grace has passed.
 *
 * Error codes of `scan`, each a different thing for the kiosk flow to say:
 * - `noDocument`: nothing was presented before `timeoutMs`;
 * - `timeOut`: a read began but never finished (a multi-report payload or a
 *   serial frame stopped half-way);
 * - `unreadable`: a read arrived but is not a document (or a field is
 *   missing or malformed; the partial document is attached);
 * - `checkDigitMismatch`, `expired`: a document was read, attached with its
 *   per-field checks;
 * - `unsupportedDocument`: a readable document we do not accept (a visa);
 * - `hardwareError`: malformed reports cut a read short, or the link dropped.
 * Completion `deviceNotReady` (not open), `sequenceError` (a scan is already
 * waiting), `canceled` (`cancel` or `close`), `invalidData` (bad timeout).
 */
export class IdScannerService extends TypedEmitter<IdScannerEvents> {
  readonly #transport: IdScannerTransport;
  readonly #timers: Timers;
  readonly #today: () => Date;
  readonly #interReportTimeoutMs: number;
  readonly #maxPayloadBytes: number;
  #state: DeviceState = 'offline';
  #lastFault: string | undefined;
  #pending: PendingScan | undefined;
  #detach: (() => void)[] = [];
  #hid: HidDeviceLike | undefined;
  #reassembler: HidPosReassembler | undefined;
  #frameParser: SerialFrameParser | undefined;
  #frameTimer: TimerHandle | undefined;
  #closing = false;
  #reopening: Promise<CommandResult<IdScannerStatus>> | undefined;
  readonly #counters: IdScannerCounters = {
    documentsAccepted: 0, documentsRefused: 0, noDocument: 0, incompleteReads: 0, hardwareErrors: 0, canceled: 0,
    unsolicitedReads: 0, lineFaults: 0, linkLosses: 0, reopens: 0,
  };
  readonly #earlyReadGraceMs: number;
  #earlyRead: { result: IdScanResult; at: number } | undefined;

  constructor(options: IdScannerServiceOptions) {
    super(options.onListenerError);
    this.#transport = options.transport;
    this.#timers = options.clock ?? systemClock;
    this.#today = options.today ?? (() => new Date());
    this.#interReportTimeoutMs = options.interReportTimeoutMs ?? DEFAULT_INTER_REPORT_TIMEOUT_MS;
    this.#maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    this.#earlyReadGraceMs = options.earlyReadGraceMs ?? DEFAULT_EARLY_READ_GRACE_MS;
  }

  get #endpoint(): string {
    return this.#transport.kind === 'serial' ? this.#transport.transport.endpoint : (this.#transport.endpoint ?? 'hid');
  }

  status(): IdScannerStatus {
    return {
      device: this.#state,
      transport: this.#transport.kind,
      endpoint: this.#endpoint,
      scanning: this.#pending !== undefined,
      ...(this.#lastFault === undefined ? {} : { lastFault: this.#lastFault }),
    };
  }

  counters(): IdScannerCounters {
    return { ...this.#counters };
  }

  capabilities(): IdScannerCapabilities {
    return {
      transport: this.#transport.kind,
      documentKinds: DOCUMENT_KINDS,
      payloadFormats: PAYLOAD_FORMATS,
      maxPayloadBytes: this.#maxPayloadBytes,
      readsChip: false,
      capturesImages: false,
    };
  }

  async open(): Promise<CommandResult<IdScannerStatus>> {
    if (this.#state === 'online') return { completion: 'success', value: this.status() };
    this.#closing = false;
    try {
      if (this.#transport.kind === 'hid') await this.#openHid(this.#transport.device);
      else await this.#openSerial(this.#transport.transport);
    } catch (error) {
      this.#detachAll();
      this.#noteFault(`cannot open ${this.#endpoint}: ${(error as Error).message}`);
      this.#setState('noDevice');
      return { completion: 'hardwareError', detail: this.#lastFault };
    }
    this.#setState('online');
    return { completion: 'success', value: this.status() };
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#earlyRead = undefined;
    this.#finish({ completion: 'canceled', detail: 'the scanner was closed' });
    this.#detachAll();
    try {
      if (this.#transport.kind === 'hid') await this.#hid?.close();
      else await this.#transport.transport.close();
    } catch {
      // Closing a device that already vanished is not worth a fault.
    }
    this.#hid = undefined;
    this.#setState('offline');
  }

  scan(options: ScanOptions): Promise<IdScanResult> {
    if (this.#state === 'noDevice' && this.#canReopen) return this.#reopenThenScan(options);
    if (this.#state !== 'online') return Promise.resolve({ completion: 'deviceNotReady', detail: `scanner is ${this.#state}` });
    if (this.#pending) return Promise.resolve({ completion: 'sequenceError', detail: 'a scan is already waiting' });
    if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
      return Promise.resolve({ completion: 'invalidData', detail: 'timeoutMs must be a positive number' });
    }
    const early = this.#earlyRead;
    this.#earlyRead = undefined;
    if (early && this.#today().getTime() - early.at <= this.#earlyReadGraceMs) {
      this.#countOutcome(early.result);
      return Promise.resolve(early.result);
    }
    return new Promise((resolve) => {
      const timer = this.#timers.setTimeout(() => {
        const midRead = this.#reassembler?.inProgress === true || this.#frameParser?.hasPartialFrame === true;
        this.#finish(midRead
          ? { completion: 'commandErrorCode', errorCode: 'timeOut', detail: 'the scan timed out while a read was arriving' }
          : { completion: 'commandErrorCode', errorCode: 'noDocument', detail: 'no document was presented' });
      }, options.timeoutMs);
      this.#pending = { resolve, timer };
      this.#emitStatus();
    });
  }

  /**
   * A scanner that went away (cable pulled, or absent at open) is opened
   * again when the next scan asks for it: the ID scanner is passive, so a
   * scan is the first moment anyone needs it, and an unattended kiosk cannot
   * wait for someone to reopen it. A HID device given as an object (not a
   * factory) cannot be reopened: a fresh one needs a new handle.
   */
  get #canReopen(): boolean {
    return !this.#closing && (this.#transport.kind === 'serial' || typeof this.#transport.device === 'function');
  }

  async #reopenThenScan(options: ScanOptions): Promise<IdScanResult> {
    if (!this.#reopening) this.#counters.reopens++;
    this.#reopening ??= this.open().finally(() => {
      this.#reopening = undefined;
    });
    const opened = await this.#reopening;
    if (opened.completion !== 'success') return { completion: 'deviceNotReady', detail: `scanner is ${this.#state}: ${opened.detail ?? 'cannot open'}` };
    return this.scan(options);
  }

  /** Ends a waiting scan with completion `canceled` (the customer went back). */
  cancel(): void {
    this.#finish({ completion: 'canceled', detail: 'the scan was canceled' });
  }

  async #openHid(source: HidDeviceLike | (() => Promise<HidDeviceLike>)): Promise<void> {
    const device = typeof source === 'function' ? await source() : source;
    this.#hid = device;
    const reassembler = new HidPosReassembler({
      interReportTimeoutMs: this.#interReportTimeoutMs,
      maxPayloadBytes: this.#maxPayloadBytes,
      timers: this.#timers,
      onPayload: (payload) => this.#onPayload(payload.payload),
      onFault: (fault) => this.#onHidFault(fault),
    });
    this.#reassembler = reassembler;
    const onData = (report: Buffer) => reassembler.push(report);
    const onError = (error: Error) => this.#onLinkLost(`HID device error: ${error.message}`);
    device.on('data', onData);
    device.on('error', onError);
    this.#detach.push(() => {
      device.off('data', onData);
      device.off('error', onError);
      reassembler.clear();
      this.#reassembler = undefined;
    });
  }

  async #openSerial(transport: ByteTransport): Promise<void> {
    const parser = new SerialFrameParser({ maxFrameBytes: this.#maxPayloadBytes });
    parser.on('data', (event: SerialFrameEvent) => {
      switch (event.type) {
        case 'frame':
          this.#onPayload(event.payload);
          return;
        case 'fault':
          this.#onSerialFault(event.fault);
          return;
        default:
          assertNever(event, 'serial frame event');
      }
    });
    this.#frameParser = parser;
    const offData = transport.onData((chunk) => {
      parser.write(chunk);
      this.#armFrameTimer();
    });
    const offClose = transport.onClose((error) => this.#onLinkLost(error ? `serial link lost: ${error.message}` : 'serial link closed'));
    this.#detach.push(() => {
      offData();
      offClose();
      this.#stopFrameTimer();
      parser.removeAllListeners('data');
      parser.destroy();
      this.#frameParser = undefined;
    });
    if (!transport.isOpen) await transport.open();
  }

  /** A frame left open too long is abandoned (the serial twin of the HID inter-report timeout). */
  #armFrameTimer(): void {
    this.#stopFrameTimer();
    if (!this.#frameParser?.hasPartialFrame) return;
    this.#frameTimer = this.#timers.setTimeout(() => {
      this.#frameTimer = undefined;
      this.#frameParser?.abandonPartialFrame();
    }, this.#interReportTimeoutMs);
  }

  #stopFrameTimer(): void {
    if (this.#frameTimer !== undefined) {
      this.#timers.clearTimeout(this.#frameTimer);
      this.#frameTimer = undefined;
    }
  }

  #onPayload(payload: Buffer): void {
    const todayIso = tokyoIsoDate(this.#today());
    const parse = parsePayload(payload, { todayIso });
    const result = classifyParse(parse, todayIso);
    const solicited = this.#pending !== undefined;
    if (!solicited) this.#counters.unsolicitedReads++;
    this.emit('documentRead', {
      result,
      ...(parse.format === undefined ? {} : { format: parse.format }),
      findings: parse.outcome === 'unsupportedDocument' ? [] : parse.findings,
      solicited,
    });
    if (solicited) this.#finish(result);
    else if (this.#earlyReadGraceMs > 0) this.#earlyRead = { result, at: this.#today().getTime() };
  }

  #onHidFault(fault: ReassemblyFault): void {
    this.#counters.lineFaults++;
    const message = describeReassemblyFault(fault);
    this.#noteFault(message);
    this.emit('fault', { source: 'hid', fault, message });
    switch (fault.code) {
      case 'malformedReport':
        // A stray report between reads costs nothing; one that cut a read short fails the scan.
        if (fault.discardedBytes > 0) this.#finish({ completion: 'commandErrorCode', errorCode: 'hardwareError', detail: message });
        return;
      case 'incompletePayload':
        this.#finish({ completion: 'commandErrorCode', errorCode: 'timeOut', detail: message });
        return;
      case 'payloadTooLarge':
        this.#finish({ completion: 'commandErrorCode', errorCode: 'unreadable', detail: message });
        return;
      default:
        assertNever(fault, 'reassembly fault');
    }
  }

  #onSerialFault(fault: SerialFrameFault): void {
    this.#counters.lineFaults++;
    const message = describeFrameFault(fault);
    this.#noteFault(message);
    this.emit('fault', { source: 'serial', fault, message });
    switch (fault.code) {
      case 'garbage':
      case 'frameInterrupted':
        // Noise, or the reader restarted a frame: the next frame may still come.
        return;
      case 'frameTooLong':
        this.#finish({ completion: 'commandErrorCode', errorCode: 'unreadable', detail: message });
        return;
      case 'incompleteFrame':
        this.#finish({ completion: 'commandErrorCode', errorCode: 'timeOut', detail: message });
        return;
      default:
        assertNever(fault, 'serial frame fault');
    }
  }

  #onLinkLost(message: string): void {
    if (this.#closing) return;
    this.#counters.linkLosses++;
    this.#noteFault(message);
    this.emit('fault', { source: 'device', message });
    this.#finish({ completion: 'commandErrorCode', errorCode: 'hardwareError', detail: message });
    // Let go of the dead link so a reopen starts clean (see #canReopen).
    this.#detachAll();
    const lost = this.#hid;
    this.#hid = undefined;
    lost?.close().catch(() => undefined);
    this.#setState('noDevice');
  }

  #finish(result: IdScanResult): void {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = undefined;
    this.#countOutcome(result);
    this.#timers.clearTimeout(pending.timer);
    pending.resolve(result);
    this.#emitStatus();
  }

  #countOutcome(result: IdScanResult): void {
    const c = this.#counters;
    if (result.completion === 'success') c.documentsAccepted++;
    else if (result.completion === 'canceled') c.canceled++;
    else if (result.completion === 'commandErrorCode') {
      switch (result.errorCode) {
        case 'noDocument': c.noDocument++; break;
        case 'timeOut': c.incompleteReads++; break;
        case 'hardwareError': c.hardwareErrors++; break;
        case 'unreadable':
        case 'checkDigitMismatch':
        case 'expired':
        case 'unsupportedDocument': c.documentsRefused++; break;
        default: assertNever(result.errorCode, 'ID scanner error code');
      }
    }
  }

  #detachAll(): void {
    for (const detach of this.#detach.splice(0)) detach();
  }

  #noteFault(message: string): void {
    this.#lastFault = message;
  }

  #setState(state: DeviceState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#emitStatus();
  }

  #emitStatus(): void {
    this.emit('statusChanged', this.status());
  }
}
