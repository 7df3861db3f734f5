/**
 * CEN/XFS and XFS4IoT vocabulary shared by every device service
 * (see DEVICES.md, "Device API shape"). Closed sets, so a `switch` over
 * them is checked for exhaustiveness by the compiler.
 */
import { z } from 'zod';

export const DeviceState = z.enum([
  'online', 'offline', 'powerOff', 'noDevice', 'hardwareError',
  'userError', 'deviceBusy', 'fraudAttempt', 'potentialFraud', 'starting',
]);
export type DeviceState = z.infer<typeof DeviceState>;

export const CompletionCode = z.enum([
  'success', 'commandErrorCode', 'canceled', 'deviceNotReady', 'hardwareError',
  'internalError', 'invalidCommand', 'timeOut', 'unsupportedCommand',
  'invalidData', 'userError', 'fraudAttempt', 'sequenceError',
]);
export type CompletionCode = z.infer<typeof CompletionCode>;

/** XFS4IoT CardReader media status. */
export const MediaStatus = z.enum(['unknown', 'present', 'notPresent', 'jammed', 'entering', 'latched']);
export type MediaStatus = z.infer<typeof MediaStatus>;

/** XFS4IoT CardReader retain-bin state. */
export const RetainBinState = z.enum(['ok', 'high', 'full']);
export type RetainBinState = z.infer<typeof RetainBinState>;

/** XFS4IoT CardReader command-specific error codes (completion `commandErrorCode`). */
export const CardReaderErrorCode = z.enum([
  'mediaJam', 'shutterFail', 'noMedia', 'invalidMedia', 'cardTooShort', 'cardTooLong', 'retainBinFull',
]);
export type CardReaderErrorCode = z.infer<typeof CardReaderErrorCode>;

/** Our identity-document scanner service, defined in XFS style (no standard exists). */
export const IdScannerErrorCode = z.enum([
  'noDocument', 'unreadable', 'checkDigitMismatch', 'expired', 'unsupportedDocument', 'timeOut', 'hardwareError',
]);
export type IdScannerErrorCode = z.infer<typeof IdScannerErrorCode>;

/** A command's outcome as a value: never thrown, never a loose string. */
export type CommandResult<T, E extends string = never> =
  | { completion: 'success'; value: T }
  | { completion: 'commandErrorCode'; errorCode: E; detail?: string }
  | { completion: Exclude<CompletionCode, 'success' | 'commandErrorCode'>; detail?: string };

/** XFS4IoT Printer paper supply state (`full`, `low`, `out`; `unknown` before the first status). */
export const PaperState = z.enum(['unknown', 'full', 'low', 'out']);
export type PaperState = z.infer<typeof PaperState>;

/**
 * Printer command-specific error codes (completion `commandErrorCode`):
 * XFS4IoT Printer's `paperOut`, and `coverOpen`, ours, because a receipt
 * printer's cover is opened to load paper and is the other thing a
 * technician is sent for.
 */
export const PrinterErrorCode = z.enum(['paperOut', 'coverOpen']);
export type PrinterErrorCode = z.infer<typeof PrinterErrorCode>;
