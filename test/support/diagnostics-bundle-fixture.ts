import type { DiagnosticsBundle } from '../../src/shared/diagnostics/diagnostics-bundle';

/** A valid technician's diagnostics bundle for HQ tests; `note` goes into the card-reader traffic (where a leak would show). */
export function bundle(kioskId: string, createdBy: string, note = 'reset ok'): DiagnosticsBundle {
  return {
    format: 'kiosk-diagnostics/1', kioskId, createdAt: '2026-06-10T03:00:00.000Z', createdBy,
    health: {
      journal: { count: 3, headSeq: 3, ackedSeq: 3, pending: 0, oldestPendingAt: null, health: 'ok', integrity: null },
      sync: { state: 'idle', pending: 0, lastSuccessAt: null, lastErrorAt: null, lastError: null, tamperAlert: null },
      diskFreeMb: 1000, hq: { reachable: true, latencyMs: 3, clockSkewMs: 0, checkedAt: '2026-06-10T03:00:00.000Z', keysPinned: false },
      appVersion: '0.1.0', os: 'linux 6', node: 'v22', uptimeSeconds: 10, crashRecoveries: [], crashCounts: { processCrashes: 0, rendererFailures: 0 }, outOfService: { available: true, reasons: [] },
    },
    devices: [], portsPresent: [], cardReaderTraffic: [{ at: '2026-06-10T03:00:00.000Z', direction: 'tx', hex: '02 00 02 43 30 03 **', note }],
    journalEventCounts: { 'card.inserted': 1 }, selfTests: [],
  };
}
