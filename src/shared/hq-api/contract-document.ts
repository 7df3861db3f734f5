/**
 * The contract-change document (極度額変更の書面) HQ issues whenever a
 * credit limit changes: Money Lending Business Act (貸金業法) art. 17
 * requires a document to the customer when the contract changes, and for a
 * revolving loan the credit limit (極度額) is the term that changed
 * (DOMAIN.md, "Limit increase and decrease"; docs/policy.md, "The
 * contract-change document").
 *
 * HQ owns the legal text (ARCHITECTURE.md, "Devices"): it sends printable
 * lines, in Japanese, and the kiosk only renders them through the printer
 * driver. The kiosk reports whether the customer got the paper; an
 * undelivered document is listed for staff to reissue.
 */
import { z } from 'zod';
import { IsoTimestamp, Yen } from './common';

/** One printed line: the printer driver's `DocumentLine` (src/devices/printer/printer-document.ts), declared for the wire. */
export const ContractDocumentLine = z.object({
  // No line breaks or control characters: each printed line is its own entry, and a control byte would be an ESC/POS command.
  text: z.string().max(200).refine((s) => !/[\u0000-\u001f\u007f\u2028\u2029]/.test(s), 'a line holds no control characters or line breaks'),
  style: z.enum(['title', 'normal', 'small']).optional(),
  align: z.enum(['left', 'center']).optional(),
}).strict();
export type ContractDocumentLine = z.infer<typeof ContractDocumentLine>;

export const ContractDocumentKind = z.enum(['increase', 'decrease']);
export type ContractDocumentKind = z.infer<typeof ContractDocumentKind>;

export const ContractChangeDocument = z.object({
  documentId: z.uuid(),
  kind: ContractDocumentKind,
  issuedAt: IsoTimestamp,
  /** Asia/Tokyo calendar date from which the new limit applies (YYYY-MM-DD). */
  effectiveDate: z.iso.date(),
  previousLimit: Yen,
  newLimit: Yen,
  /** What is printed, top to bottom (the facts above are in it, in HQ's words). */
  lines: z.array(ContractDocumentLine).min(1).max(80),
}).strict();
export type ContractChangeDocument = z.infer<typeof ContractChangeDocument>;

/** Why a document did not reach the customer, as the kiosk saw it (the printer's XFS result, in a closed set). */
export const DocumentDeliveryFailure = z.enum(['paperOut', 'coverOpen', 'offline', 'hardwareError', 'timeOut', 'interrupted']);
export type DocumentDeliveryFailure = z.infer<typeof DocumentDeliveryFailure>;

export const DocumentDeliveryReport = z.discriminatedUnion('delivered', [
  z.object({ documentId: z.uuid(), delivered: z.literal(true), attempts: z.number().int().min(1).max(10) }).strict(),
  z.object({ documentId: z.uuid(), delivered: z.literal(false), attempts: z.number().int().min(1).max(10), failure: DocumentDeliveryFailure }).strict(),
]);
export type DocumentDeliveryReport = z.infer<typeof DocumentDeliveryReport>;

/** HQ's record after the report: `notDelivered` documents are listed for staff to reissue. */
export const DocumentDeliveryAck = z.object({ documentId: z.uuid(), delivery: z.enum(['delivered', 'notDelivered']) }).strict();
export type DocumentDeliveryAck = z.infer<typeof DocumentDeliveryAck>;
