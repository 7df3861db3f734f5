/**
 * What PrinterService knows of its printer, in CEN/XFS / XFS4IoT Printer
 * terms: device state, paper, cover, a document being sent, and the ESC/POS
 * conditions of the last good status query; the status, events and print
 * results made from them.
 *
 * - Device state and the refusal of a print come from the status bytes
 *   (`deviceStateOf`, `refusalOf`).
 * - A paper threshold crossed is told as `paperThreshold`, a device that
 *   stopped working as it should as `fault` (one line, no document content).
 * - Every change of the status is told once, as `statusChanged`.
 */
import type { DeviceState, PaperState, PrinterErrorCode } from '../../shared/xfs/vocabulary';
import type { Failure as XfsFailure } from '../transport/line-failure';
import { DeviceStatusTeller } from '../common/device-status';
import type { TypedEmitter } from '../../shared/events/typed-emitter';
import { cannotPrint, describeConditions, hasError, paperLevelOf, type EscPosConditions, type PaperLevel } from './escpos-status';
import type { PrinterExchangeError } from './printer-exchange';

export type CoverState = 'unknown' | 'closed' | 'open';

export interface PrinterStatus {
  device: DeviceState;
  paper: PaperState;
  cover: CoverState;
  /** A document is being sent. */
  printing: boolean;
  /** The ESC/POS conditions of the last good status query, for technicians; null before the first. */
  conditions: EscPosConditions | null;
}

export interface PrintReport {
  /** Bytes sent, prologue to cut. */
  bytes: number;
  lines: number;
  /** Characters printed as 〓 because the printer's character set lacks them. */
  substituted: number;
  /** Paper after printing (`low` is a warning, the document is whole). */
  paper: PaperLevel;
}

export type PrinterFaultKind = PrinterExchangeError['kind'] | 'openFailed' | 'notReady' | 'printInterrupted';

export interface PrinterEvents {
  statusChanged: PrinterStatus;
  /** The paper supply crossed a threshold (XFS4IoT Printer.PaperThresholdEvent). */
  paperThreshold: { paper: PaperLevel };
  /** The device stopped working as it should; `detail` is one line, no document content. */
  fault: { error: PrinterFaultKind; detail: string };
}

/** Where the service's events go out: the service itself. */
export type PrinterEmitter = Pick<TypedEmitter<PrinterEvents>, 'emit'>;

export type Failure = XfsFailure<PrinterErrorCode>;
/** A failure of the line itself (no answer, no port): never a printer error code. */
export type LineFailure = XfsFailure;

/**
 * A print that did not complete. `started: false`: refused before a byte was
 * sent, nothing is on paper. `started: true`: bytes went out, so part of the
 * document (or all of it, uncut) may be on paper; treat it as not delivered.
 */
export type PrintFailure = Failure & { started: boolean };
export type PrintResult = { completion: 'success'; value: PrintReport } | PrintFailure;

/** Device state from the status bytes: errors first, then anything that stops printing. */
export function deviceStateOf(c: EscPosConditions): DeviceState {
  if (hasError(c)) return 'hardwareError';
  if (cannotPrint(c)) return 'offline';
  return 'online';
}

/** Why these conditions stop a print, as an XFS result; null when the printer can print. */
export function refusalOf(c: EscPosConditions): Failure | null {
  const detail = describeConditions(c);
  if (paperLevelOf(c) === 'out') return { completion: 'commandErrorCode', errorCode: 'paperOut', detail };
  if (c.coverOpen) return { completion: 'commandErrorCode', errorCode: 'coverOpen', detail };
  if (hasError(c)) return { completion: 'hardwareError', detail };
  if (cannotPrint(c)) return { completion: 'deviceNotReady', detail };
  return null;
}

export class PrinterState {
  readonly #emitter: PrinterEmitter;
  readonly #teller: DeviceStatusTeller<PrinterStatus, PrinterEvents['fault']>;

  #conditions: EscPosConditions | null = null;
  #paper: PaperState = 'unknown';
  #printing = false;

  constructor(options: { emitter: PrinterEmitter }) {
    this.#emitter = options.emitter;
    this.#teller = new DeviceStatusTeller({
      status: () => this.status(),
      statusChanged: (status) => this.#emitter.emit('statusChanged', status),
      fault: (fault) => this.#emitter.emit('fault', fault),
    });
  }

  get printing(): boolean {
    return this.#printing;
  }

  status(): PrinterStatus {
    return {
      device: this.#teller.device,
      paper: this.#paper,
      cover: this.#conditions === null ? 'unknown' : this.#conditions.coverOpen ? 'open' : 'closed',
      printing: this.#printing,
      conditions: this.#conditions === null ? null : { ...this.#conditions },
    };
  }

  /** A document started (true) or ended, however it ended (false). */
  setPrinting(printing: boolean): void {
    this.#printing = printing;
    this.#emitStatusIfChanged();
  }

  /** Takes the conditions of a good status query. */
  accept(conditions: EscPosConditions): void {
    this.#conditions = conditions;
    const paper = paperLevelOf(conditions);
    const previous = this.#paper;
    this.#paper = paper;
    const device = deviceStateOf(conditions);
    const fault = device === 'online' ? undefined : { error: 'notReady' as const, detail: describeConditions(conditions) };
    this.setDevice(device, fault);
    // A threshold crossed; the first status counts only when it is not the normal `full`.
    if (previous !== paper && !(previous === 'unknown' && paper === 'full')) this.#emitter.emit('paperThreshold', { paper });
    this.#emitStatusIfChanged();
  }

  /** See DeviceStatusTeller.setDevice: a fault is told once per change of state. */
  setDevice(device: DeviceState, fault?: PrinterEvents['fault']): void {
    this.#teller.setDevice(device, fault);
  }

  #emitStatusIfChanged(): void {
    this.#teller.tellIfChanged();
  }
}
