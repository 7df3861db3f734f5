/** One valid event per type; typed as a complete map, so a new event type without an example fails the type check. */
import type { JournalEventOf, JournalEventType, JournalEvent } from '../../../src/shared/journal';

const system = { kind: 'system' } as const;
const customer = { kind: 'customer', maskedCard: '400000******0051' } as const;
const staff = { kind: 'staff', staffId: 'ST-0042' } as const;
const tech = { kind: 'technician', technicianId: 'TE-007' } as const;
const session = '0f8a7c34-9b1d-4e55-8a0b-3c2d1e0f9a77';

export const EXAMPLES: { [K in JournalEventType]: JournalEventOf<K> } = {
  'card.inserted': { type: 'card.inserted', actor: { kind: 'customer' }, sessionId: session, payload: {} },
  'card.read': { type: 'card.read', actor: customer, sessionId: session, payload: { maskedCard: '400000******0051' } },
  'card.invalid': { type: 'card.invalid', actor: { kind: 'customer' }, payload: { reason: 'wrongLength' } },
  'card.ejected': { type: 'card.ejected', actor: customer, payload: { reason: 'sessionEnded' } },
  'card.taken': { type: 'card.taken', actor: customer, payload: {} },
  'card.captured': { type: 'card.captured', actor: customer, payload: { reason: 'lostOrStolen', retainBin: 'ok' } },
  'retainBin.emptied': { type: 'retainBin.emptied', actor: tech, payload: { cardsRemoved: 3 } },
  'identification.result': { type: 'identification.result', actor: customer, sessionId: session, payload: { method: 'cardAndPin', outcome: 'wrongPin' } },
  'document.scanned': { type: 'document.scanned', actor: customer, payload: { kind: 'driversLicence', source: 'ocr', maskedNumber: '********1234', validity: 'valid' } },
  'pin.resetRequested': { type: 'pin.resetRequested', actor: customer, payload: { identityDocument: 'driversLicence' } },
  'pin.reset': { type: 'pin.reset', actor: customer, payload: { outcome: 'changed', identityDocument: 'driversLicence' } },
  'lock.cleared': { type: 'lock.cleared', actor: customer, payload: { identityDocument: 'passport', withPinReset: true } },
  'limit.reviewRequested': { type: 'limit.reviewRequested', actor: customer, payload: { requestedLimitYen: 800_000, currentLimitYen: 500_000, incomeCertificateProvided: true, incomeCertificate: { kind: 'withholdingSlip', incomeYear: 2025 } } },
  'limit.reviewDecided': { type: 'limit.reviewDecided', actor: system, payload: { decision: 'partiallyApproved', approvedLimitYen: 600_000, reasonCodes: ['totalVolumeRule'] } },
  'limit.offerAnswered': { type: 'limit.offerAnswered', actor: customer, payload: { accepted: true, offeredLimitYen: 600_000 } },
  'limit.offerResult': { type: 'limit.offerResult', actor: customer, payload: { outcome: 'accepted', creditLimitYen: 600_000 } },
  'limit.decreaseRequested': { type: 'limit.decreaseRequested', actor: customer, payload: { fromLimitYen: 500_000, toLimitYen: 300_000 } },
  'limit.decreased': { type: 'limit.decreased', actor: customer, payload: { fromLimitYen: 500_000, toLimitYen: 300_000 } },
  'limit.changeNotConfirmed': { type: 'limit.changeNotConfirmed', actor: customer, sessionId: session, payload: { change: 'increase', printer: 'paperOut' } },
  'contractDocument.printFailed': { type: 'contractDocument.printFailed', actor: customer, payload: { documentId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', kind: 'increase', attempt: 1, failure: 'paperOut', started: true } },
  'contractDocument.printed': { type: 'contractDocument.printed', actor: customer, payload: { documentId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', kind: 'increase', attempts: 2 } },
  'contractDocument.notDelivered': { type: 'contractDocument.notDelivered', actor: customer, payload: { documentId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', kind: 'decrease', attempts: 3, failure: 'coverOpen' } },
  'contractDocument.reportFailed': { type: 'contractDocument.reportFailed', actor: customer, payload: { documentId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', delivered: false } },
  'session.started': { type: 'session.started', actor: { kind: 'customer' }, sessionId: session, payload: { kind: 'customer' } },
  'session.ended': { type: 'session.ended', actor: customer, sessionId: session, payload: { reason: 'completed' } },
  'session.timedOut': { type: 'session.timedOut', actor: customer, sessionId: session, payload: { stage: 'pinEntry' } },
  'session.aborted': { type: 'session.aborted', actor: customer, payload: { reason: 'deviceFault' } },
  'staff.loggedIn': { type: 'staff.loggedIn', actor: staff, payload: {} },
  'staff.loggedOut': { type: 'staff.loggedOut', actor: staff, payload: { reason: 'logout' } },
  'staff.action': { type: 'staff.action', actor: staff, payload: { action: 'lockCleared', targetMaskedCard: '******0001', note: 'checked licence in person' } },
  'technician.loggedIn': { type: 'technician.loggedIn', actor: tech, payload: {} },
  'technician.loggedOut': { type: 'technician.loggedOut', actor: tech, payload: { reason: 'timeout' } },
  'technician.action': { type: 'technician.action', actor: tech, payload: { action: 'deviceReset', device: 'cardReader', note: 'cleared jam' } },
  'device.statusChanged': { type: 'device.statusChanged', actor: system, payload: { device: 'cardReader', from: 'online', to: 'hardwareError' } },
  'device.fault': { type: 'device.fault', actor: system, payload: { device: 'idScanner', completion: 'hardwareError', errorCode: 'E12', detail: 'lamp failure' } },
  'outOfService.entered': { type: 'outOfService.entered', actor: system, payload: { reasons: ['journalDiskLow'] } },
  'outOfService.left': { type: 'outOfService.left', actor: system, payload: {} },
  'app.started': { type: 'app.started', actor: system, payload: { version: '0.1.0', host: 'web' } },
  'app.stopped': { type: 'app.stopped', actor: system, payload: { reason: 'shutdown' } },
  'app.crashRecovered': { type: 'app.crashRecovered', actor: system, payload: { lastSeqBeforeCrash: 41, lastEventType: 'session.started', gapSeconds: 95 } },
  'app.rendererFailed': { type: 'app.rendererFailed', actor: system, payload: { kind: 'gone', reason: 'crashed' } },
  'update.available': { type: 'update.available', actor: system, payload: { version: '0.2.0', channel: 'stable', rolloutPercent: 10 } },
  'update.downloaded': { type: 'update.downloaded', actor: system, payload: { version: '0.2.0', sizeBytes: 98_304_000 } },
  'update.refused': { type: 'update.refused', actor: system, payload: { version: '0.2.0', reason: 'hashMismatch' } },
  'update.installing': { type: 'update.installing', actor: system, payload: { version: '0.2.0', fromVersion: '0.1.0', kind: 'update' } },
  'update.installed': { type: 'update.installed', actor: system, payload: { version: '0.2.0', fromVersion: '0.1.0', failedStarts: 0 } },
  'update.rolledBack': { type: 'update.rolledBack', actor: system, payload: { version: '0.2.0', toVersion: '0.1.0', failedStarts: 3 } },
  'sync.failing': { type: 'sync.failing', actor: system, payload: { error: 'network', pendingCount: 12 } },
  'sync.recovered': { type: 'sync.recovered', actor: system, payload: { failedAttempts: 3, pendingCount: 0 } },
  'sync.refused': { type: 'sync.refused', actor: system, payload: { reason: 'brokenChain', atSeq: 17 } },
  'bridge.intentRefused': { type: 'bridge.intentRefused', actor: { kind: 'customer' }, payload: { intent: 'pinDigit', reason: 'invalidSchema' } },
  'journal.restarted': {
    type: 'journal.restarted', actor: system,
    payload: { reason: 'corrupt', quarantinedAs: 'journal.db.corrupt-20250101T000000Z', previousHeadSeq: 10, previousHeadHash: null, salvagedThroughSeq: 8 },
  },
};

export const ALL_EXAMPLES: JournalEvent[] = Object.values(EXAMPLES);
