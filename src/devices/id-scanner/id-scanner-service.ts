import type { IdentityDocumentKind } from '../../shared/identity/identity-document';
import { type CommandResult, type DeviceState } from '../../shared/xfs/vocabulary';
import { assertNever } from '../../shared/assert-never';
import { tokyoIsoDate } from './calendar-date';
import type { DocumentSource, DocumentTransport, LineFault } from './document-source';
import { classifyParse, type IdScanResult } from './id-scan-result';
import { parsePayload } from './payload/parse-payload';
import type { Finding, PayloadFormat } from './payload/parse-result';
import { TypedEmitter, type ListenerErrorHandler } from '../../shared/events/typed-emitter';
import { systemClock, type TimerHandle, type Timers } from '../../shared/time/clock';

/** See `earlyReadGraceMs`. */
const DEFAULT_EARLY_READ_GRACE_MS = 2000;

export interface IdScannerServiceOptions {
  /** The reader's link: `HidDocumentSource` or `SerialDocumentSource` (each owns its framing and its inter-report timeout). */
  source: DocumentSource;
  /** setTimeout/clearTimeout for scan deadlines (any `Clock` fits). */
  clock?: Timers;
  /** The current instant; "today" is its date in Asia/Tokyo. */
  today?: () => Date;
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
  transport: DocumentTransport;
  endpoint: string;
  scanning: boolean;
  /** The latest fault in words (no document data), for technicians. */
  lastFault?: string;
}

export interface IdScannerCapabilities {
  transport: DocumentTransport;
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

/** A malformed report or frame (`source` names the wire), or the device itself (`source: 'device'`, the link lost). */
export type IdScannerFault = LineFault | { source: 'device'; message: string };

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
  readonly #source: DocumentSource;
  readonly #timers: Timers;
  readonly #today: () => Date;
  #state: DeviceState = 'offline';
  #lastFault: string | undefined;
  #pending: PendingScan | undefined;
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
    this.#source = options.source;
    this.#timers = options.clock ?? systemClock;
    this.#today = options.today ?? (() => new Date());
    this.#earlyReadGraceMs = options.earlyReadGraceMs ?? DEFAULT_EARLY_READ_GRACE_MS;
    this.#source.onPayload((payload) => this.#onPayload(payload));
    this.#source.onFault((fault) => this.#onLineFault(fault));
    this.#source.onLinkLost((reason) => this.#onLinkLost(reason));
  }

  status(): IdScannerStatus {
    return {
      device: this.#state,
      transport: this.#source.transport,
      endpoint: this.#source.endpoint,
      scanning: this.#pending !== undefined,
      ...(this.#lastFault === undefined ? {} : { lastFault: this.#lastFault }),
    };
  }

  counters(): IdScannerCounters {
    return { ...this.#counters };
  }

  capabilities(): IdScannerCapabilities {
    return {
      transport: this.#source.transport,
      documentKinds: DOCUMENT_KINDS,
      payloadFormats: PAYLOAD_FORMATS,
      maxPayloadBytes: this.#source.maxPayloadBytes,
      readsChip: false,
      capturesImages: false,
    };
  }

  async open(): Promise<CommandResult<IdScannerStatus>> {
    if (this.#state === 'online') return { completion: 'success', value: this.status() };
    this.#closing = false;
    try {
      await this.#source.open();
    } catch (error) {
      this.#noteFault(`cannot open ${this.#source.endpoint}: ${(error as Error).message}`);
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
    try {
      await this.#source.close();
    } catch {
      // Closing a device that already vanished is not worth a fault.
    }
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
        this.#finish(this.#source.readInProgress
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
   * wait for someone to reopen it. Only a source that can open its link again
   * is asked (a HID device given as an object cannot: a fresh one needs a new
   * handle).
   */
  get #canReopen(): boolean {
    return !this.#closing && this.#source.canReopen;
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

  /** What a waiting scan answers depends on what the fault did to the read, not on the wire. */
  #onLineFault(fault: LineFault): void {
    this.#counters.lineFaults++;
    this.#noteFault(fault.message);
    this.emit('fault', fault);
    switch (fault.damage) {
      case 'none':
        return;
      case 'readCutShort':
        this.#finish({ completion: 'commandErrorCode', errorCode: 'hardwareError', detail: fault.message });
        return;
      case 'readStalled':
        this.#finish({ completion: 'commandErrorCode', errorCode: 'timeOut', detail: fault.message });
        return;
      case 'readTooLarge':
        this.#finish({ completion: 'commandErrorCode', errorCode: 'unreadable', detail: fault.message });
        return;
      default:
        assertNever(fault.damage, 'read damage');
    }
  }

  #onLinkLost(message: string): void {
    if (this.#closing) return;
    this.#counters.linkLosses++;
    this.#noteFault(message);
    this.emit('fault', { source: 'device', message });
    this.#finish({ completion: 'commandErrorCode', errorCode: 'hardwareError', detail: message });
    // The source has let go of the dead link; a reopen starts clean (see #canReopen).
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
