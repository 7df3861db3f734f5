/**
 * The flow's document-scanner port over the XFS-style IdScannerService.
 * An expired document is told apart from an unreadable one (issue 7); the
 * parsed document goes to HQ for matching and nowhere else.
 */
import type { IdScannerService } from '../../devices/id-scanner/id-scanner-service';
import type { IdScanResult } from '../../devices/id-scanner/id-scan-result';
import type { DocumentScanOutcome, IdScannerPort } from '../flows/ports';

/** One scan that stops at the device when `signal` aborts (the flow left the screen). */
async function scanUntilAborted(service: IdScannerService, timeoutMs: number, signal?: AbortSignal): Promise<IdScanResult> {
  if (signal?.aborted) return { completion: 'canceled', detail: 'the flow left the scan' };
  const stop = () => service.cancel();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    return await service.scan({ timeoutMs });
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

export function idScannerPort(service: IdScannerService): IdScannerPort {
  return {
    async scanIdentity(timeoutMs, signal) {
      const result = await scanUntilAborted(service, timeoutMs, signal);
      switch (result.completion) {
        case 'success':
          return { ok: true, document: result.value };
        case 'commandErrorCode': {
          if (result.errorCode === 'expired' && result.document) return { ok: false, reason: 'expired', document: result.document };
          const reason: Exclude<DocumentScanOutcome, { ok: true }>['reason'] = result.errorCode === 'expired' ? 'unreadable' : result.errorCode;
          return { ok: false, reason } as DocumentScanOutcome;
        }
        case 'timeOut':
          return { ok: false, reason: 'timeOut' };
        default:
          return { ok: false, reason: 'hardwareError' };
      }
    },
    async scanCertificate(_kind, timeoutMs, signal) {
      // Income certificates are not identity documents: the reader's OCR
      // adapter hands over a JPID record of TYPE:INCOME with the
      // certificate's content (docs/id-document-record.md). Only a record
      // that parsed counts as a certificate handed in; an empty glass, an
      // unreadable or malformed record, an identity document or any other
      // unsupported document (a visa page) does not. The content goes to HQ,
      // which checks holder and period (issue 14); no image is taken.
      const result = await scanUntilAborted(service, timeoutMs, signal);
      if (result.completion === 'success') return { ok: false, reason: 'unreadable' };
      if (result.completion === 'commandErrorCode') {
        if (result.errorCode === 'unsupportedDocument' && result.certificate) return { ok: true, certificate: result.certificate };
        if (result.errorCode === 'noDocument') return { ok: false, reason: 'noDocument' };
        if (result.errorCode === 'timeOut') return { ok: false, reason: 'timeOut' };
        if (result.errorCode === 'hardwareError') return { ok: false, reason: 'hardwareError' };
        return { ok: false, reason: 'unreadable' };
      }
      return result.completion === 'timeOut' ? { ok: false, reason: 'timeOut' } : { ok: false, reason: 'hardwareError' };
    },
  };
}
