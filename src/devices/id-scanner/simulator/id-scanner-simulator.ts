import type { ByteTransport } from '../../transport/byte-transport';
import { encodeHidPosReports, MAX_DATA_PER_REPORT } from '../hid/hid-pos-report';
import { detectMrzFormat, MRZ_SHAPES } from '../mrz/mrz-layout';
import { encodeSerialFrame, STX } from '../serial/serial-frame-parser';
import { findScannerDemoDocument, nextDigit, scannerDemoDocuments, type ScannerDemoDocument } from './demo-documents';
import { SimulatedHidDevice } from './simulated-hid-device';

export type SimulatorLink =
  /** HID-POS reports through an injected device (`simulator.hidDevice`, give it to the service). */
  | { kind: 'hid'; aimId?: string; bytesPerReport?: number }
  /** STX...ETX frames over any byte transport: the device end of a memory link, or a real pty. */
  | { kind: 'serial'; transport: ByteTransport };

/** The check digits `presentCorrupted` can spoil. */
export type CorruptibleField = 'documentNumber' | 'dateOfBirth' | 'expiryDate' | 'optionalData' | 'composite';

/** Zero-based [line, column] of each check digit, per ICAO 9303 Parts 4-6. */
const CHECK_DIGIT_POSITIONS = {
  TD1: { documentNumber: [0, 14], dateOfBirth: [1, 6], expiryDate: [1, 14], composite: [1, 29] },
  TD2: { documentNumber: [1, 9], dateOfBirth: [1, 19], expiryDate: [1, 27], composite: [1, 35] },
  TD3: { documentNumber: [1, 9], dateOfBirth: [1, 19], expiryDate: [1, 27], optionalData: [1, 42], composite: [1, 43] },
} as const satisfies Record<keyof typeof MRZ_SHAPES, Partial<Record<CorruptibleField, readonly [number, number]>>>;

/**
 * The scanner's side of the link: a peer that speaks the reader's bytes,
 * scripted by tests, the demo and the technician CLI.
 */
export class IdScannerSimulator {
  readonly #link: SimulatorLink;
  readonly hidDevice: SimulatedHidDevice | undefined;
  #presented: string | undefined;

  constructor(link: SimulatorLink) {
    this.#link = link;
    this.hidDevice = link.kind === 'hid' ? new SimulatedHidDevice() : undefined;
  }

  static documents(): ScannerDemoDocument[] {
    return scannerDemoDocuments();
  }

  /** Opens the serial end if needed. */
  async start(): Promise<void> {
    if (this.#link.kind === 'serial' && !this.#link.transport.isOpen) await this.#link.transport.open();
  }

  async stop(): Promise<void> {
    if (this.#link.kind === 'serial') await this.#link.transport.close();
    else await this.hidDevice?.close();
  }

  /** What lies on the reader now (a demo document id, `raw`, or nothing). */
  get presented(): string | undefined {
    return this.#presented;
  }

  /** Places a demo document (by id) or any payload (lines joined by `\n`) on the reader; it reads it at once. */
  async present(document: string | { payload: string }): Promise<void> {
    const payload = typeof document === 'string' ? this.#payloadOf(document) : document.payload;
    this.#presented = typeof document === 'string' ? document : 'raw';
    await this.#sendPayload(payload);
  }

  async presentUnreadable(): Promise<void> {
    await this.present('unreadable-scan');
  }

  /**
   * Presents an MRZ document with one check digit misread. Japanese OCR
   * records have no ICAO check digits; for a licence the licence-number
   * check digit is spoiled instead (a warning, not a failure).
   */
  async presentCorrupted(documentId = 'sato-passport', field: CorruptibleField = 'dateOfBirth'): Promise<void> {
    const payload = this.#payloadOf(documentId);
    const lines = payload.split('\n');
    const format = detectMrzFormat(lines);
    let corrupted: string[];
    if (format) {
      const position = (CHECK_DIGIT_POSITIONS[format] as Partial<Record<CorruptibleField, readonly [number, number]>>)[field];
      if (!position) throw new Error(`${format} has no ${field} check digit`);
      const [line, column] = position;
      corrupted = lines.map((text, i) => (i === line ? text.slice(0, column) + nextDigit(text[column]!) + text.slice(column + 1) : text));
    } else {
      const numberLine = lines.findIndex((l) => /^NUMBER:[0-9]{12}$/.test(l));
      if (numberLine < 0) throw new Error(`${documentId} has no check digit to corrupt`);
      const column = 'NUMBER:'.length + 10;
      corrupted = lines.map((text, i) => (i === numberLine ? text.slice(0, column) + nextDigit(text[column]!) + text.slice(column + 1) : text));
    }
    this.#presented = documentId;
    await this.#sendPayload(corrupted.join('\n'));
  }

  /**
   * The reader stops half-way through a read: over HID, the reports after
   * the first `keepReports` never come (the last one sent says more follow);
   * over serial, the frame is cut before ETX.
   */
  async presentTruncated(documentId = 'sato-passport', keepReports = 1): Promise<void> {
    const bytes = Buffer.from(this.#wireText(this.#payloadOf(documentId)), 'utf8');
    this.#presented = documentId;
    if (this.#link.kind === 'hid') {
      const perReport = Math.min(this.#link.bytesPerReport ?? MAX_DATA_PER_REPORT, Math.max(1, Math.ceil(bytes.length / (keepReports + 1))));
      const reports = encodeHidPosReports(bytes, { aimId: this.#link.aimId, chunkSize: perReport });
      await this.hidDevice!.deliver(reports.slice(0, Math.min(keepReports, reports.length - 1)));
    } else {
      await this.#link.transport.write(Buffer.concat([Buffer.from([STX]), bytes.subarray(0, Math.floor(bytes.length / 2))]));
    }
  }

  /** Raw bytes on the serial line, or raw input reports over HID: for noise and malformed-report tests. */
  async sendRaw(data: Uint8Array | readonly Uint8Array[]): Promise<void> {
    if (this.#link.kind === 'hid') await this.hidDevice!.deliver(data instanceof Uint8Array ? [data] : data);
    else await this.#link.transport.write(data instanceof Uint8Array ? data : Buffer.concat(data));
  }

  /** The document is taken off the reader. Readers send nothing for this; it only changes `presented`. */
  remove(): void {
    this.#presented = undefined;
  }

  #payloadOf(documentId: string): string {
    const document = findScannerDemoDocument(documentId);
    if (!document) throw new Error(`no demo document ${documentId}; known: ${scannerDemoDocuments().map((d) => d.id).join(', ')}`);
    return document.payload;
  }

  /** Readers separate lines with CR (DEVICES.md). */
  #wireText(payload: string): string {
    return payload.split('\n').join('\r');
  }

  async #sendPayload(payload: string): Promise<void> {
    const text = this.#wireText(payload);
    if (this.#link.kind === 'hid') {
      const reports = encodeHidPosReports(Buffer.from(text, 'utf8'), { aimId: this.#link.aimId, chunkSize: this.#link.bytesPerReport });
      await this.hidDevice!.deliver(reports);
    } else {
      await this.#link.transport.write(encodeSerialFrame(text));
    }
  }
}
