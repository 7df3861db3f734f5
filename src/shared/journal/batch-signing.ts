/**
 * The exact texts that are signed with Ed25519 (RFC 8032) in journal sync
 * (issue 6): the kiosk signs each batch over (kiosk, first seq, last seq,
 * head hash); HQ signs its receipt over (kiosk, acked-through seq, head hash,
 * time issued). Domain-separated by a version tag so a signature over one
 * can never be replayed as the other.
 */
export function batchSigningText(batch: { kioskId: string; firstSeq: number; lastSeq: number; headHash: string }): string {
  return `contract-kiosk/journal-batch/v1\n${batch.kioskId}\n${batch.firstSeq}\n${batch.lastSeq}\n${batch.headHash}`;
}

export function receiptSigningText(receipt: { kioskId: string; ackedThrough: number; headHash: string; issuedAt: string }): string {
  return `contract-kiosk/journal-receipt/v1\n${receipt.kioskId}\n${receipt.ackedThrough}\n${receipt.headHash}\n${receipt.issuedAt}`;
}
