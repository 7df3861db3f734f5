/**
 * The flow's printer port over the XFS-style PrinterService (docs/printer.md).
 * HQ's lines go to the driver as they are (HQ owns the legal text; the
 * driver owns ESC/POS and Shift_JIS kanji mode); the printer's answers come
 * back as the closed set of reasons the flow, the journal and HQ share
 * (DocumentDeliveryFailure).
 */
import type { PrinterService, PrinterStatus, PrintFailure } from '../../devices/printer';
import type { DocumentDeliveryFailure } from '../../shared/hq-api/contract-document';
import type { PrinterPort } from '../flows/ports';

/** Why a printer with this status cannot print now, or null when it can. */
export function notReadyReason(status: PrinterStatus): DocumentDeliveryFailure | null {
  if (status.paper === 'out') return 'paperOut';
  if (status.cover === 'open') return 'coverOpen';
  if (status.device === 'hardwareError') return 'hardwareError';
  if (status.device !== 'online') return 'offline';
  return null;
}

/** A failed command's completion as a delivery failure; a document cut short for another reason is `interrupted`. */
export function failureOf(result: Pick<PrintFailure, 'completion'> & { errorCode?: string; started?: boolean }): DocumentDeliveryFailure {
  if (result.completion === 'commandErrorCode') return result.errorCode === 'coverOpen' ? 'coverOpen' : 'paperOut';
  if (result.completion === 'timeOut') return 'timeOut';
  if (result.completion === 'deviceNotReady') return result.started ? 'interrupted' : 'offline';
  if (result.completion === 'hardwareError') return 'hardwareError';
  return result.started ? 'interrupted' : 'hardwareError';
}

export function printerPort(service: PrinterService): PrinterPort {
  return {
    async readiness() {
      // A fresh DLE EOT 1..4, not the last poll: the change is decided on what the printer says now.
      const result = await service.refreshStatus();
      if (result.completion !== 'success') return { ready: false, reason: failureOf(result) };
      const reason = notReadyReason(result.value);
      return reason ? { ready: false, reason } : { ready: true };
    },
    async print(document) {
      const result = await service.print({ lines: document.lines, cut: true });
      if (result.completion === 'success') return { ok: true };
      return { ok: false, failure: failureOf(result), started: result.started };
    },
  };
}
