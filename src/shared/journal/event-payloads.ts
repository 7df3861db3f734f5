/**
 * The closed set of journal event types and each one's payload (issue 6;
 * DOMAIN.md, "What the machine prints, shows and keeps": every action at the
 * machine goes into the journal). Every payload is `.strict()`, so an
 * unknown field is refused rather than stored, and no payload has a place
 * for a PIN, a PIN block, track data, a full card number or a document image.
 *
 * Adding an event type is adding an entry here; HQ validates with the same
 * map, so both sides change together.
 */
import { z } from 'zod';
import { IncomeCertificateKind } from '../domain/income-certificate';
import { ContractDocumentKind, DocumentDeliveryFailure } from '../hq-api/contract-document';
import { IdentityDocumentKind } from '../identity/identity-document';
import { CompletionCode, DeviceState, RetainBinState } from '../xfs/vocabulary';
import { LimitYen, looksSensitive, MaskedCardNumber, MaskedDocumentNumber, SafeId, SafeText, Seq, Sha256Hex, Yen } from './safe-values';

const Empty = z.object({}).strict();

export const JournaledDevice = z.enum(['cardReader', 'idScanner', 'pinPad', 'printer', 'display', 'sensors']);

export const OutOfServiceReason = z.enum([
  'journalUnavailable', 'journalDiskLow', 'deviceFault', 'hqUnreachable', 'technicianRequest',
  'maintenanceWindow', 'closed', 'tamperAlert', 'retainBinFull',
]);

export const SyncErrorCode = z.enum(['network', 'timeout', 'serverError', 'badResponse', 'unauthorised', 'gap', 'refused']);

/** Why a card went into the retain bin (journal `card.captured`; shown to staff on the captured-cards page). */
export const CaptureReason = z.enum(['lostOrStolen', 'notTaken', 'hqInstruction', 'jam', 'fraudAttempt', 'technicianTest']);
export type CaptureReason = z.infer<typeof CaptureReason>;

const UpdateVersion = z.string().regex(/^\d{1,6}\.\d{1,6}\.\d{1,6}$/);
/** Why the kiosk's updater refused a release (src/main/updates/update-refusal.ts says what each means). */
export const UpdateRefusal = z.enum([
  'malformedManifest', 'badSignature', 'otherChannel', 'downgrade', 'journalSchemaTooNew', 'rolledBackBefore',
  'downloadFailed', 'truncated', 'sizeMismatch', 'hashMismatch', 'installFailed', 'noPreviousArtefact',
]);

export const JOURNAL_PAYLOADS = {
  // Card reader (XFS4IoT CardReader events, DEVICES.md).
  'card.inserted': Empty,
  'card.read': z.object({ maskedCard: MaskedCardNumber }).strict(),
  'card.invalid': z.object({
    reason: z.enum(['unreadable', 'notDigits', 'wrongLength', 'luhnFailed', 'unknownPlan', 'cardTooShort', 'cardTooLong', 'invalidMedia']),
  }).strict(),
  'card.ejected': z.object({ reason: z.enum(['sessionEnded', 'invalidCard', 'customerRequest', 'hqDeclined', 'error']) }).strict(),
  'card.taken': Empty,
  'card.captured': z.object({
    reason: CaptureReason,
    retainBin: RetainBinState.optional(),
  }).strict(),
  'retainBin.emptied': z.object({ cardsRemoved: z.number().int().min(0).max(10_000) }).strict(),

  // Identification: the outcome only; never how many tries remain (DOMAIN.md, "Security lock").
  'identification.result': z.object({
    method: z.enum(['cardAndPin', 'cardAndDocument', 'memberNumberAndDocument', 'staffCard', 'technicianCard']),
    // Document outcomes are classes, never the failing field or the number (issue 13).
    outcome: z.enum([
      'ok', 'wrongPin', 'locked', 'suspended', 'lostOrStolen', 'expired', 'unknown', 'documentMismatch', 'hqUnavailable',
      'documentExpired', 'documentUnreadable', 'documentNotAccepted', 'identityLocked',
    ]),
  }).strict(),
  // Never the image, never the whole number (issue 6).
  'document.scanned': z.object({
    kind: IdentityDocumentKind,
    source: z.enum(['mrz', 'ocr']),
    maskedNumber: MaskedDocumentNumber.optional(),
    validity: z.enum(['valid', 'invalid', 'expired', 'unreadable']),
  }).strict(),
  // Journaled before HQ is asked (issue 12: no operation without its entry).
  'pin.resetRequested': z.object({ identityDocument: IdentityDocumentKind }).strict(),
  'pin.reset': z.object({
    outcome: z.enum(['changed', 'refusedGuessable', 'failed']),
    identityDocument: IdentityDocumentKind,
  }).strict(),
  'lock.cleared': z.object({
    identityDocument: IdentityDocumentKind,
    withPinReset: z.boolean(),
  }).strict(),

  // Limits (DOMAIN.md, "Limit increase and decrease").
  'limit.reviewRequested': z.object({
    requestedLimitYen: LimitYen,
    currentLimitYen: Yen,
    incomeCertificateProvided: z.boolean(),
    /**
     * Which certificate was handed in (issue 14): kind and income year only.
     * The holder's name and the income figure go to HQ, never the journal
     * (docs/journal.md, "Nothing secret in it").
     */
    incomeCertificate: z.object({ kind: IncomeCertificateKind, incomeYear: z.number().int().min(1900).max(2200) }).strict().optional(),
  }).strict(),
  'limit.reviewDecided': z.object({
    // notReviewed: HQ could not review (no credit-bureau answer, reason bureauUnavailable; issue 14).
    decision: z.enum(['approved', 'partiallyApproved', 'declined', 'moreDocumentsRequired', 'tooCloseToClosing', 'notReviewed']),
    approvedLimitYen: Yen.optional(),
    reasonCodes: z.array(SafeId).max(10),
  }).strict(),
  // A partial approval is an offer (issue 14): the answer is journaled before HQ hears it, and HQ's result after.
  'limit.offerAnswered': z.object({ accepted: z.boolean(), offeredLimitYen: LimitYen }).strict(),
  'limit.offerResult': z.object({ outcome: z.enum(['accepted', 'declined', 'noOffer']), creditLimitYen: Yen }).strict(),
  'limit.decreaseRequested': z.object({ fromLimitYen: Yen, toLimitYen: LimitYen }).strict(),
  'limit.decreased': z.object({ fromLimitYen: Yen, toLimitYen: Yen }).strict(),
  // The contract-change document (貸金業法 art. 17, issue 14). A change is asked of HQ only while the
  // printer can print its document; refused here before HQ hears of it (the limit stays as it was).
  'limit.changeNotConfirmed': z.object({ change: z.enum(['increase', 'offerAcceptance', 'decrease']), printer: DocumentDeliveryFailure }).strict(),
  // After the change: each failed try, then printed or not delivered (HQ lists those for staff), and a report HQ did not take.
  // The document's id only: its text names the customer.
  'contractDocument.printFailed': z.object({
    documentId: z.uuid(), kind: ContractDocumentKind, attempt: z.number().int().min(1).max(10), failure: DocumentDeliveryFailure, started: z.boolean(),
  }).strict(),
  'contractDocument.printed': z.object({ documentId: z.uuid(), kind: ContractDocumentKind, attempts: z.number().int().min(1).max(10) }).strict(),
  'contractDocument.notDelivered': z.object({
    documentId: z.uuid(), kind: ContractDocumentKind, attempts: z.number().int().min(1).max(10), failure: DocumentDeliveryFailure,
  }).strict(),
  'contractDocument.reportFailed': z.object({ documentId: z.uuid(), delivered: z.boolean() }).strict(),

  // Sessions.
  'session.started': z.object({ kind: z.enum(['customer', 'staff', 'technician']) }).strict(),
  'session.ended': z.object({ reason: z.enum(['completed', 'customerCancelled', 'loggedOut']) }).strict(),
  'session.timedOut': z.object({ stage: SafeId }).strict(),
  'session.aborted': z.object({
    reason: z.enum(['deviceFault', 'outOfService', 'hqUnavailable', 'journalUnavailable', 'appStopping', 'cardCaptured']),
  }).strict(),

  // Staff and technicians: log-in, log-out and every action.
  'staff.loggedIn': Empty,
  // cardRemoved: the operator's card is held at the slot during service mode; taking it logs out (issue 8).
  'staff.loggedOut': z.object({ reason: z.enum(['logout', 'timeout', 'cardRemoved']) }).strict(),
  'staff.action': z.object({
    action: z.enum([
      'identityChecked', 'pinReset', 'lockCleared', 'cardIssued', 'cardReissued', 'sessionAssisted',
      // issue 8: staff-assisted unlocking and the retain bin
      'customerLookedUp', 'customerNotFound', 'identityRefused', 'identityConfirmed', 'unlockRefused', 'pinResetRefused',
      'capturedCardsViewed', 'retainBinEmptied', 'outOfServiceSet', 'outOfServiceCleared', 'permissionRefused',
    ]),
    targetMaskedCard: MaskedCardNumber.optional(),
    note: SafeText.optional(),
  }).strict(),
  'technician.loggedIn': Empty,
  'technician.loggedOut': z.object({ reason: z.enum(['logout', 'timeout', 'cardRemoved']) }).strict(),
  'technician.action': z.object({
    action: z.enum([
      'diagnosticsRun', 'deviceReset', 'retainBinEmptied', 'configChanged', 'journalInspected',
      'outOfServiceSet', 'outOfServiceCleared', 'firmwareUpdated', 'testTransaction', 'tamperAlertAcknowledged',
      // issue 8: self-tests, diagnostics bundle, application exit and restart
      'selfTest', 'diagnosticsExported', 'diagnosticsUploaded', 'appExit', 'appRestart', 'permissionRefused',
    ]),
    device: JournaledDevice.optional(),
    /** Self-tests: which test and whether it passed. */
    test: SafeId.optional(),
    passed: z.boolean().optional(),
    note: SafeText.optional(),
  }).strict(),

  // Devices, in XFS vocabulary.
  'device.statusChanged': z.object({ device: JournaledDevice, from: DeviceState, to: DeviceState }).strict(),
  'device.fault': z.object({
    device: JournaledDevice,
    completion: CompletionCode,
    errorCode: SafeId.optional(),
    detail: SafeText.optional(),
  }).strict(),

  'outOfService.entered': z.object({ reasons: z.array(OutOfServiceReason).min(1).max(OutOfServiceReason.options.length) }).strict(),
  'outOfService.left': Empty,

  'app.started': z.object({ version: SafeId, host: z.enum(['electron', 'web', 'cli']) }).strict(),
  'app.stopped': z.object({ reason: z.enum(['shutdown', 'restart', 'update']) }).strict(),
  /**
   * Written at start when the previous run did not end with `app.stopped`
   * (killed, power cut, uncaught error; issue 16, "Crash accounting"): the
   * last event before the stop and how long the kiosk was away.
   */
  'app.crashRecovered': z.object({
    lastSeqBeforeCrash: Seq.nullable(),
    lastEventType: SafeId.optional(),
    gapSeconds: z.number().int().min(0).optional(),
  }).strict(),
  /** The kiosk screen's renderer died or hung and was reloaded (Electron's render-process-gone / unresponsive, wire-window.ts). */
  'app.rendererFailed': z.object({
    kind: z.enum(['gone', 'unresponsive']),
    reason: z.enum(['clean-exit', 'abnormal-exit', 'killed', 'crashed', 'oom', 'launch-failed', 'integrity-failure', 'memory-eviction', 'unresponsive']),
  }).strict(),

  // Signed, staged updates (issue 16; src/main/updates, docs/deploy.md "Updates"): each step, no key, no URL.
  'update.available': z.object({ version: UpdateVersion, channel: SafeId, rolloutPercent: z.number().int().min(0).max(100) }).strict(),
  'update.downloaded': z.object({ version: UpdateVersion, sizeBytes: z.number().int().min(1) }).strict(),
  'update.refused': z.object({ version: UpdateVersion.nullable(), reason: UpdateRefusal }).strict(),
  /** Handed to the installer; the kiosk stops for it (`app.stopped` reason `update`). */
  'update.installing': z.object({ version: UpdateVersion, fromVersion: SafeId, kind: z.enum(['update', 'rollback']) }).strict(),
  /** The new version reached a healthy start: the update is kept. */
  'update.installed': z.object({ version: UpdateVersion, fromVersion: SafeId, failedStarts: z.number().int().min(0).max(100) }).strict(),
  /** The new version did not reach a healthy start `failedStarts` times: the kept previous artefact is reinstalled. */
  'update.rolledBack': z.object({ version: UpdateVersion, toVersion: UpdateVersion, failedStarts: z.number().int().min(1).max(100) }).strict(),

  // Sync results: journaled on change (failing, recovered, refused), not per
  // push, or every successful push would itself leave an event to push.
  'sync.failing': z.object({ error: SyncErrorCode, pendingCount: z.number().int().min(0) }).strict(),
  'sync.recovered': z.object({ failedAttempts: z.number().int().min(1), pendingCount: z.number().int().min(0) }).strict(),
  'sync.refused': z.object({
    reason: z.enum(['brokenChain', 'badSignature', 'batchMismatch', 'historyConflict', 'unknownKiosk']),
    atSeq: Seq.optional(),
  }).strict(),

  // The renderer is untrusted (ARCHITECTURE.md): a refused intent is journaled.
  'bridge.intentRefused': z.object({
    intent: SafeId,
    reason: z.enum(['invalidSchema', 'notAllowedInState', 'unknownIntent', 'rateLimited']),
  }).strict(),

  // A corrupt journal was quarantined; this is the first event of its successor
  // and links to the old head where it could still be read.
  'journal.restarted': z.object({
    reason: z.enum(['corrupt', 'notADatabase', 'quickCheckFailed']),
    quarantinedAs: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/).refine((name) => !looksSensitive(name), 'file names may not contain long digit runs'),
    previousHeadSeq: Seq.nullable(),
    previousHeadHash: Sha256Hex.nullable(),
    salvagedThroughSeq: Seq.nullable(),
  }).strict(),
} as const;

export type JournalPayloads = typeof JOURNAL_PAYLOADS;
export type JournalEventType = keyof JournalPayloads;

export const JOURNAL_EVENT_TYPES = Object.keys(JOURNAL_PAYLOADS) as JournalEventType[];
export const JournalEventTypeSchema = z.enum(JOURNAL_EVENT_TYPES as [JournalEventType, ...JournalEventType[]]);

export function isJournalEventType(value: string): value is JournalEventType {
  return Object.prototype.hasOwnProperty.call(JOURNAL_PAYLOADS, value);
}
