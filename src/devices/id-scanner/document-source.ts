import type { ReassemblyFault } from './hid/hid-pos-reassembler';
import type { SerialFrameFault } from './serial/serial-frame-parser';

/**
 * Where scanned documents come from: one reader on one link, delivering whole
 * reads. A document reader speaks either HID-POS input reports or STX...ETX
 * serial frames (DEVICES.md, "Identity-document scanner"); each source turns
 * its wire format into the same three things, so `IdScannerService` never
 * asks which one it has (as the card reader talks through `ByteTransport`).
 *
 * - `payload`: one complete read, the bytes the reader sent (MRZ lines or a
 *   JPID record separated by CR), framing and report headers removed;
 * - `fault`: a malformed report or frame, with its code and what it did to a
 *   read in progress;
 * - `linkLost`: the link went away under the source (cable pulled, port
 *   closed). The source has already let go of the dead link; `open` may be
 *   tried again when `canReopen` says so.
 *
 * Nothing is delivered before `open` or after `close`, and `close` never
 * reports `linkLost`.
 */
export interface DocumentSource {
  readonly transport: DocumentTransport;
  /** Human-readable endpoint for diagnostics, e.g. `/dev/ttyUSB0`, `hid:0c2e:0b61` or `memory:id-scanner`. */
  readonly endpoint: string;
  /** Whether `open` after a lost link can give a working link (a serial port can; a HID handle given once cannot). */
  readonly canReopen: boolean;
  /** Largest payload delivered; a larger read is a fault with `damage: 'readTooLarge'`. */
  readonly maxPayloadBytes: number;
  /** A read has begun and not finished (reports or frame bytes are still arriving). */
  readonly readInProgress: boolean;
  /** Rejects with the reason when the link cannot be opened. */
  open(): Promise<void>;
  /** Stops delivering and closes the link; closing a link that already vanished does not reject. */
  close(): Promise<void>;
  onPayload(listener: (payload: Buffer) => void): () => void;
  onFault(listener: (fault: LineFault) => void): () => void;
  onLinkLost(listener: (reason: string) => void): () => void;
}

export type DocumentTransport = 'hid' | 'serial';

/**
 * What a line fault did to the read in progress, the same words whatever
 * the wire: the service decides what a waiting scan answers from this alone.
 */
export type ReadDamage =
  /** Nothing a waiting scan should fail on: noise between reads, or a frame the reader restarted. */
  | 'none'
  /** Bad data arrived in the middle of a read and cut it short. */
  | 'readCutShort'
  /** A read began and the rest never came. */
  | 'readStalled'
  /** A read larger than `maxPayloadBytes` was dropped whole. */
  | 'readTooLarge';

/**
 * A malformed report or frame: the wire's own fault code (`source` says which
 * wire), in words for technicians, and its damage. Byte counts only, never
 * the bytes: they are personal data.
 */
export type LineFault = (
  | { source: 'hid'; fault: ReassemblyFault }
  | { source: 'serial'; fault: SerialFrameFault }
) & { message: string; damage: ReadDamage };

export interface DocumentSourceEvents {
  payload: Buffer;
  fault: LineFault;
  linkLost: string;
}
