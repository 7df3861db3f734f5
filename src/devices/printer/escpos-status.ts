/**
 * The one-byte answers to `DLE EOT n` (DEVICES.md, "Real-time status"), both
 * ways: decoded into named conditions for the driver, encoded from named
 * conditions for the simulator, so the two sides read the same bit table.
 *
 *   n = 1 printer status   bit 3 offline
 *   n = 2 offline cause    bit 2 cover open, bit 3 paper fed by the feed button,
 *                          bit 5 printing stopped by paper end, bit 6 error
 *   n = 3 error cause      bit 3 auto-cutter error, bit 5 unrecoverable error,
 *                          bit 6 auto-recoverable error
 *   n = 4 roll paper       bits 2-3 near end, bits 5-6 paper end
 *
 * Every answer has bit 1 and bit 4 set (0x12 base, DEVICES.md). Epson's
 * reference for the command also fixes bits 0 and 7 at 0; checking all four
 * fixed bits is what tells a status byte from line noise, from XON/XOFF
 * (0x11/0x13, bit 0 set) and from a port at the wrong baud rate.
 *
 * Where DEVICES.md names a pair of bits for one sensor (near end, paper
 * end), either bit set counts: a printer that sets only one of the pair is
 * still saying the paper is low or gone, and erring that way never prints
 * on an empty roll.
 */
import { STATUS_KINDS, type StatusKind } from './escpos-bytes';

export const STATUS_FIXED_MASK = 0b1001_0011;
export const STATUS_FIXED_BITS = 0b0001_0010;

/** Bit masks per request, as DEVICES.md names them. */
export const StatusBit = {
  printer: { offline: 1 << 3 },
  offlineCause: { coverOpen: 1 << 2, feedButton: 1 << 3, stoppedByPaperEnd: 1 << 5, error: 1 << 6 },
  errorCause: { autoCutterError: 1 << 3, unrecoverableError: 1 << 5, autoRecoverableError: 1 << 6 },
  paperSensor: { nearEnd: (1 << 2) | (1 << 3), paperEnd: (1 << 5) | (1 << 6) },
} as const;

export function isStatusByte(byte: number): boolean {
  return (byte & STATUS_FIXED_MASK) === STATUS_FIXED_BITS;
}

/** The four answers of one full status query, indexed by what was asked. */
export interface StatusBytes {
  printer: number;
  offlineCause: number;
  errorCause: number;
  paperSensor: number;
}

export const STATUS_BYTE_OF: Record<StatusKind, keyof StatusBytes> = {
  1: 'printer',
  2: 'offlineCause',
  3: 'errorCause',
  4: 'paperSensor',
};

/** Every condition the four status bytes name, one flag each. */
export interface EscPosConditions {
  /** n = 1, bit 3. */
  offline: boolean;
  /** n = 2, bit 2. */
  coverOpen: boolean;
  /** n = 2, bit 3: paper is being fed by the feed button (the printer is offline meanwhile). */
  feedButton: boolean;
  /** n = 2, bit 5. */
  stoppedByPaperEnd: boolean;
  /** n = 2, bit 6: an error; n = 3 says which. */
  error: boolean;
  /** n = 3, bit 3. */
  autoCutterError: boolean;
  /** n = 3, bit 5. */
  unrecoverableError: boolean;
  /** n = 3, bit 6. */
  autoRecoverableError: boolean;
  /** n = 4, bits 2-3. */
  paperNearEnd: boolean;
  /** n = 4, bits 5-6. */
  paperEnd: boolean;
}

export const NO_CONDITIONS: EscPosConditions = {
  offline: false, coverOpen: false, feedButton: false, stoppedByPaperEnd: false, error: false,
  autoCutterError: false, unrecoverableError: false, autoRecoverableError: false, paperNearEnd: false, paperEnd: false,
};

const any = (byte: number, mask: number) => (byte & mask) !== 0;

/** The conditions one answer speaks for; the other flags are not its business. */
export function decodeStatusByte(kind: StatusKind, byte: number): Partial<EscPosConditions> {
  switch (kind) {
    case 1:
      return { offline: any(byte, StatusBit.printer.offline) };
    case 2: {
      const b = StatusBit.offlineCause;
      return { coverOpen: any(byte, b.coverOpen), feedButton: any(byte, b.feedButton), stoppedByPaperEnd: any(byte, b.stoppedByPaperEnd), error: any(byte, b.error) };
    }
    case 3: {
      const b = StatusBit.errorCause;
      return { autoCutterError: any(byte, b.autoCutterError), unrecoverableError: any(byte, b.unrecoverableError), autoRecoverableError: any(byte, b.autoRecoverableError) };
    }
    case 4:
      return { paperNearEnd: any(byte, StatusBit.paperSensor.nearEnd), paperEnd: any(byte, StatusBit.paperSensor.paperEnd) };
  }
}

/** All four answers into one set of conditions. The bytes must have passed `isStatusByte`. */
export function decodeStatusBytes(bytes: StatusBytes): EscPosConditions {
  let conditions = { ...NO_CONDITIONS };
  for (const kind of STATUS_KINDS) conditions = { ...conditions, ...decodeStatusByte(kind, bytes[STATUS_BYTE_OF[kind]]) };
  return conditions;
}

/** The answer a printer in these conditions gives to `DLE EOT kind` (the simulator's side). */
export function encodeStatusByte(kind: StatusKind, c: EscPosConditions): number {
  let byte = STATUS_FIXED_BITS;
  const set = (on: boolean, mask: number) => {
    if (on) byte |= mask;
  };
  switch (kind) {
    case 1:
      set(c.offline, StatusBit.printer.offline);
      break;
    case 2:
      set(c.coverOpen, StatusBit.offlineCause.coverOpen);
      set(c.feedButton, StatusBit.offlineCause.feedButton);
      set(c.stoppedByPaperEnd, StatusBit.offlineCause.stoppedByPaperEnd);
      set(c.error, StatusBit.offlineCause.error);
      break;
    case 3:
      set(c.autoCutterError, StatusBit.errorCause.autoCutterError);
      set(c.unrecoverableError, StatusBit.errorCause.unrecoverableError);
      set(c.autoRecoverableError, StatusBit.errorCause.autoRecoverableError);
      break;
    case 4:
      set(c.paperNearEnd, StatusBit.paperSensor.nearEnd);
      set(c.paperEnd, StatusBit.paperSensor.paperEnd);
      break;
  }
  return byte;
}

export type PaperLevel = 'full' | 'low' | 'out';

/** XFS4IoT Printer paper state from the sensors: out on paper end, low on near end. */
export function paperLevelOf(c: EscPosConditions): PaperLevel {
  if (c.paperEnd || c.stoppedByPaperEnd) return 'out';
  return c.paperNearEnd ? 'low' : 'full';
}

/** Any error flag: the printer needs attention (or is recovering by itself). */
export function hasError(c: EscPosConditions): boolean {
  return c.error || c.autoCutterError || c.unrecoverableError || c.autoRecoverableError;
}

/** Not able to print now, for any reason the status bytes give. */
export function cannotPrint(c: EscPosConditions): boolean {
  return c.offline || c.coverOpen || c.feedButton || paperLevelOf(c) === 'out' || hasError(c);
}

/** One line, no document content: which conditions are set. */
export function describeConditions(c: EscPosConditions): string {
  const names: string[] = [];
  if (c.offline) names.push('offline');
  if (c.coverOpen) names.push('cover open');
  if (c.feedButton) names.push('paper being fed by the feed button');
  if (c.stoppedByPaperEnd) names.push('stopped by paper end');
  if (c.paperEnd) names.push('paper end');
  else if (c.paperNearEnd) names.push('paper near end');
  if (c.autoCutterError) names.push('auto-cutter error');
  if (c.unrecoverableError) names.push('unrecoverable error');
  if (c.autoRecoverableError) names.push('auto-recoverable error');
  if (c.error && !c.autoCutterError && !c.unrecoverableError && !c.autoRecoverableError) names.push('error');
  return names.length === 0 ? 'ready' : names.join(', ');
}
