/**
 * What a document scan read, for both flows: the document when one was
 * read (valid, or expired: an expired document is still refused by name,
 * and staff see which field failed), and its journal entry: kind, source and
 * validity only, never the number (docs/journal.md, "Nothing secret in it").
 */
import type { IdentityDocument } from '../../shared/identity/identity-document';
import type { JournalEntry } from './journaled';
import type { DocumentScanOutcome } from './ports';

export function scannedDocument(outcome: DocumentScanOutcome): { document: IdentityDocument; validity: 'valid' | 'expired' } | null {
  if (outcome.ok) return { document: outcome.document, validity: 'valid' };
  return outcome.reason === 'expired' ? { document: outcome.document, validity: 'expired' } : null;
}

/** `document.scanned` for a scan that read a document; null when nothing was read. */
export function documentScannedEntry(outcome: DocumentScanOutcome): JournalEntry | null {
  const scanned = scannedDocument(outcome);
  return scanned && { type: 'document.scanned', payload: { kind: scanned.document.kind, source: scanned.document.source, validity: scanned.validity } };
}
