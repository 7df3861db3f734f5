/**
 * The bytes of the Creator CRT-310 V3.0 serial protocol, named once.
 * Every value here is quoted from `DEVICES.md`, "Card reader: Creator CRT-310
 * serial protocol"; where that document names a command but not its
 * parameters (LED, baud), the value is our documented assumption and says so.
 */

/** Control bytes (DEVICES.md, CRT-310, "Control bytes"). */
export const STX = 0x02;
export const ETX = 0x03;
export const EOT = 0x04;
export const ENQ = 0x05;
export const ACK = 0x06;
export const NAK = 0x15;

/** First body byte of an error reply: `STX LEN 'N' CM E ETX BCC` (DEVICES.md, "Error reply"). */
export const NEGATIVE_REPLY = 0x4e;

/** Command codes CM (DEVICES.md, "Commands"). */
export const Command = {
  reset: 0x30,
  status: 0x31,
  move: 0x32,
  setBaudRate: 0x34,
  entryControl: 0x2f,
  readTracks: 0x45,
  led: 0x46,
  ledBlink: 0x49,
} as const;
export type CommandCode = (typeof Command)[keyof typeof Command];

/** Reset PM: what to do with a card inside while resetting. */
export const ResetAction = { keepCard: 0x30, ejectToFront: 0x31, captureToRear: 0x32 } as const;
export type ResetAction = keyof typeof ResetAction;

/** Status is `0x31 0x30` (DEVICES.md). */
export const STATUS_PM = 0x30;

/** S1, card position. */
export const CardPosition = {
  longCard: 0x46,
  shortCard: 0x47,
  frontNotHeld: 0x48,
  frontHeld: 0x49,
  inside: 0x4a,
  icContact: 0x4b,
  rearHeld: 0x4c,
  rearNotHeld: 0x4d,
  noCard: 0x4e,
} as const;
export type CardPosition = keyof typeof CardPosition;

/** S2, front entry mode. */
export const EntryModeStatus = {
  magneticCard: 0x49,
  switch: 0x4a,
  magneticSignal: 0x4b,
  prohibited: 0x4e,
} as const;
export type EntryMode = keyof typeof EntryModeStatus;

/** S3, rear entry. */
export const RearEntryStatus = { allowed: 0x4a, prohibited: 0x4e } as const;
export type RearEntry = keyof typeof RearEntryStatus;

/** Card-entry control `0x2F Pm1 Pm2`: Pm1 front mode. */
export const EntryControlFront = {
  prohibited: 0x31,
  magneticCard: 0x32,
  switch: 0x33,
  magneticSignal: 0x34,
} as const satisfies Record<EntryMode, number>;

/** Card-entry control Pm2: rear entry (note: 0x30 allows, 0x31 prohibits). */
export const EntryControlRear = { allowed: 0x30, prohibited: 0x31 } as const satisfies Record<RearEntry, number>;

/** Move card PM (DEVICES.md, `0x32`). */
export const MoveTarget = {
  frontNotHeld: 0x30,
  frontHeld: 0x31,
  rearHeld: 0x32,
  capture: 0x33,
  clearAbnormalCard: 0x34,
} as const;
export type MoveTarget = keyof typeof MoveTarget;

/** Operation result byte P in move and entry replies. */
export const OperationResult = { ok: 0x59, failed: 0x4e, noCard: 0x45, wrongPosition: 0x57 } as const;
export type OperationResult = keyof typeof OperationResult;

/** Read tracks is `0x45 0x30 mode track`. */
export const READ_PM = 0x30;
export const ReadMode = { ascii: 0x30, binary: 0x31 } as const;
export type ReadMode = keyof typeof ReadMode;

/** Track selection byte, by the set of tracks wanted. */
export const TrackSelection = {
  '1': 0x31,
  '2': 0x32,
  '3': 0x33,
  '12': 0x34,
  '23': 0x35,
  '13': 0x36,
  '123': 0x37,
} as const;
export type TrackSelectionKey = keyof typeof TrackSelection;

/** Each track block in a read reply is `0x1F status data`. */
export const TRACK_BLOCK = 0x1f;
export const TrackBlockStatus = { ok: 0x59, error: 0x4e, unreadable: 0x4f } as const;

/** Track error codes following status 0x4E. */
export const TrackErrorCode = {
  noStartSentinel: 0xe1,
  noEndSentinel: 0xe2,
  parity: 0xe3,
  lrc: 0xe4,
  blank: 0xe5,
} as const;
export type TrackErrorCode = keyof typeof TrackErrorCode;

/**
 * Binary-mode character marker. DEVICES.md gives the block shape
 * `0x1F status data` but not how raw characters are carried; a raw 5-bit
 * track-2 end sentinel with its parity bit is 0x1F itself, so the block
 * separator would be ambiguous. Our reader and simulator therefore send each
 * binary character as one byte with bit 7 set (0x80 | bits), which keeps the
 * documented block shape in both modes. See docs/card-reader.md.
 */
export const BINARY_CHARACTER_MARK = 0x80;

/** Error reply codes E (DEVICES.md, "Error reply"). */
export const ReaderErrorCode = {
  undefinedCommand: 0x00,
  badParameter: 0x01,
  cannotExecute: 0x02,
  dataError: 0x04,
  supplyVoltage: 0x05,
  abnormalCard: 0x06,
  onBackupPower: 0x07,
} as const;
export type ReaderErrorCode = keyof typeof ReaderErrorCode;

/** LED PM: assumed (DEVICES.md names `0x46` LED on/off without parameters). */
export const LedState = { off: 0x30, on: 0x31 } as const;
/** LED blink PM: assumed, one default blink rate. */
export const LED_BLINK_PM = 0x30;

/** Baud rate PM: assumed codes for the rates DEVICES.md lists (1200 to 38400). */
export const BaudRateCode = {
  1200: 0x30,
  2400: 0x31,
  4800: 0x32,
  9600: 0x33,
  19200: 0x34,
  38400: 0x35,
} as const;
export type CardReaderBaudRate = keyof typeof BaudRateCode;

export const DEFAULT_BAUD_RATE = 9600;

/** Reverse lookup helper: name of a byte in one of the tables above, or undefined. */
export function nameOf<T extends Record<string, number>>(table: T, value: number): keyof T | undefined {
  for (const key of Object.keys(table) as (keyof T)[]) {
    if (table[key] === value) return key;
  }
  return undefined;
}
