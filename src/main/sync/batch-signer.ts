/**
 * Ed25519 (RFC 8032) over `batchSigningText` with the kiosk's private key
 * (issue 6: "each batch signed with the kiosk's Ed25519 key over (kiosk,
 * first seq, last seq, head hash)"), and the check of HQ's receipts.
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { batchSigningText, receiptSigningText } from '../../shared/journal';
import type { JournalReceipt } from '../../shared/hq-api/journal-ingest';

export type BatchSigner = (batch: { kioskId: string; firstSeq: number; lastSeq: number; headHash: string }) => string;

export function ed25519BatchSigner(privateKey: KeyObject): BatchSigner {
  return (batch) => sign(null, Buffer.from(batchSigningText(batch), 'utf8'), privateKey).toString('base64');
}

/** May be async: the kiosk may have to fetch HQ's receipt key first (compose-kiosk.ts). */
export type ReceiptVerifier = (receipt: JournalReceipt) => boolean | Promise<boolean>;

export function verifyReceiptSignature(receipt: JournalReceipt, hqReceiptPublicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(receiptSigningText(receipt), 'utf8'), hqReceiptPublicKey, Buffer.from(receipt.signature, 'base64'));
  } catch {
    return false;
  }
}

export function ed25519ReceiptVerifier(hqReceiptPublicKey: KeyObject): ReceiptVerifier {
  return (receipt) => verifyReceiptSignature(receipt, hqReceiptPublicKey);
}
