/**
 * What the customer flow needs from the world, as small interfaces (ports).
 * The flow knows nothing of bytes, HTTP or SQL (ARCHITECTURE.md: "flows know
 * nothing of bytes"); adapters in src/main/adapters give it real devices,
 * the real HQ client and the real journal, and tests give it stand-ins.
 */
import type { CertificateKind } from '../../shared/bridge';
import type { IncomeCertificate } from '../../shared/domain/income-certificate';
import type {
  AuthenticateCardResponse,
  ContractChangeDocument,
  DocumentDeliveryAck,
  DocumentDeliveryFailure,
  DocumentDeliveryReport,
  IdentifyCardResponse,
  LimitDecreaseResponse,
  LimitDeclarations,
  LimitIncreaseResponse,
  LimitOfferAnswerResponse,
  ResetPinResponse,
  VerifyIdentityResponse,
} from '../../shared/hq-api';
import type { IdentityDocument } from '../../shared/identity/identity-document';
import type { JournalEvent } from '../../shared/journal';
import type { SoftPinPad } from './soft-pin-pad';

export type CardReadOutcome =
  | { ok: true; cardNumber: string }
  | { ok: false; reason: 'unreadable' | 'cardTooShort' | 'cardTooLong' | 'noCard' | 'fault' };

export interface CardReaderPort {
  setAcceptingCards(on: boolean): Promise<void>;
  readCard(): Promise<CardReadOutcome>;
  /** Card to the exit, held for the customer to take. */
  eject(): Promise<'ok' | 'fault'>;
  /** Card into the retain bin. */
  capture(): Promise<'ok' | 'binFull' | 'fault'>;
}

export type DocumentScanOutcome =
  | { ok: true; document: IdentityDocument }
  | { ok: false; reason: 'noDocument' | 'unreadable' | 'checkDigitMismatch' | 'unsupportedDocument' | 'timeOut' | 'hardwareError' }
  | { ok: false; reason: 'expired'; document: IdentityDocument };

/** A certificate read: its content (kind, holder, year, income), never an image (docs/id-document-record.md). */
export type CertificateScanOutcome = { ok: true; certificate: IncomeCertificate } | { ok: false; reason: 'noDocument' | 'unreadable' | 'timeOut' | 'hardwareError' };

/**
 * `signal` aborts when the flow leaves the scanning screen (cancel, timeout,
 * session end): the scan stops at the device, so the next one can start.
 */
export interface IdScannerPort {
  scanIdentity(timeoutMs: number, signal?: AbortSignal): Promise<DocumentScanOutcome>;
  scanCertificate(kind: CertificateKind, timeoutMs: number, signal?: AbortSignal): Promise<CertificateScanOutcome>;
}

/**
 * The document printer as the flow sees it (docs/printer.md). `readiness`
 * asks the printer afresh (ESC/POS real-time status, DLE EOT 1..4), so a
 * limit change is not asked for while the document could not be printed.
 * `print` renders HQ's lines as they are; `started` says paper may hold part
 * of the document.
 */
export type PrinterReadiness = { ready: true } | { ready: false; reason: DocumentDeliveryFailure };
export type PrintOutcome = { ok: true } | { ok: false; failure: DocumentDeliveryFailure; started: boolean };

export interface PrinterPort {
  readiness(): Promise<PrinterReadiness>;
  print(document: ContractChangeDocument): Promise<PrintOutcome>;
}

/**
 * HQ as the flow sees it. Business outcomes are values; HQ being down,
 * slow or lying rejects with {@link HqUnavailableError}. PIN pads are handed
 * over whole: the adapter encrypts their digits into a PIN block and the pad
 * is wiped whatever happens.
 */
export interface HqPort {
  authenticateCard(sessionId: string, cardNumber: string, pin: SoftPinPad): Promise<AuthenticateCardResponse>;
  identifyCard(sessionId: string, cardNumber: string): Promise<IdentifyCardResponse>;
  verifyIdentity(sessionId: string, document: IdentityDocument): Promise<VerifyIdentityResponse>;
  resetPin(sessionId: string, newPin: SoftPinPad): Promise<ResetPinResponse>;
  reviewLimitIncrease(sessionId: string, requestedLimit: number, incomeCertificate: IncomeCertificate | null, declarations: LimitDeclarations | null): Promise<LimitIncreaseResponse>;
  /** The customer's answer to a partial approval (issue 14: the limit changes only on acceptance). */
  answerLimitOffer(sessionId: string, accept: boolean): Promise<LimitOfferAnswerResponse>;
  decreaseLimit(sessionId: string, newLimit: number): Promise<LimitDecreaseResponse>;
  /** Whether the contract-change document reached the customer (art. 17): HQ lists undelivered ones for staff. */
  reportDocumentDelivery(report: DocumentDeliveryReport): Promise<DocumentDeliveryAck>;
  endSession(sessionId: string): Promise<void>;
}

export class HqUnavailableError extends Error {
  constructor(readonly kind: 'unreachable' | 'timeout' | 'http' | 'invalidResponse', detail: string) {
    super(`HQ unavailable (${kind}): ${detail}`);
    this.name = 'HqUnavailableError';
  }
}

/** Returns false when the event could not be stored: the flow then stops (no operation without a journal entry). */
export type JournalPort = (event: JournalEvent) => boolean;

export interface FlowTiming {
  /** Idle time on an input screen before the "are you still there?" warning. */
  inactivityMs: number;
  /** Seconds the warning counts down before the session ends. */
  inactivityWarningSeconds: number;
  /** Seconds the customer has to take the card before it is pulled back and captured. */
  takeCardSeconds: number;
  /** How long a notice without buttons stays before the flow moves on. */
  noticeMs: number;
  goodbyeMs: number;
  documentScanTimeoutMs: number;
  maxScanAttempts: number;
  /** One tick of a visible countdown. */
  tickMs: number;
  /** Service mode (issue 8): idle time before the warning, shorter than customers' (operators work fast, and a kiosk left in service mode is open). */
  serviceInactivityMs: number;
  serviceInactivityWarningSeconds: number;
  /** Tries at printing the contract-change document before it is recorded as not delivered (issue 14: retried, bounded). */
  documentPrintAttempts: number;
  /** Pause between two tries (paper reloaded, cover closed, a transient fault passing). */
  documentPrintRetryMs: number;
  /** How long the "take your document" screen stays before the flow moves on. */
  takeDocumentMs: number;
}

export const DEFAULT_FLOW_TIMING: FlowTiming = {
  inactivityMs: 45_000,
  inactivityWarningSeconds: 20,
  takeCardSeconds: 30,
  noticeMs: 6_000,
  goodbyeMs: 3_000,
  documentScanTimeoutMs: 30_000,
  maxScanAttempts: 3,
  tickMs: 1_000,
  serviceInactivityMs: 30_000,
  serviceInactivityWarningSeconds: 10,
  documentPrintAttempts: 3,
  documentPrintRetryMs: 2_000,
  takeDocumentMs: 20_000,
};

/** Extended-time mode (issue 18): every customer timer is this many times longer. */
export const EXTENDED_TIME_FACTOR = 2;

/**
 * The customer's timers, doubled in extended-time mode (issue 18: chosen on
 * the first screen, or automatic with voice guidance). The countdown tick,
 * scan and print attempts and service mode's timers stay as they are.
 */
export function customerTiming(timing: FlowTiming, extended: boolean): FlowTiming {
  if (!extended) return timing;
  const f = EXTENDED_TIME_FACTOR;
  return {
    ...timing,
    inactivityMs: timing.inactivityMs * f,
    inactivityWarningSeconds: timing.inactivityWarningSeconds * f,
    takeCardSeconds: timing.takeCardSeconds * f,
    noticeMs: timing.noticeMs * f,
    goodbyeMs: timing.goodbyeMs * f,
    documentScanTimeoutMs: timing.documentScanTimeoutMs * f,
    takeDocumentMs: timing.takeDocumentMs * f,
  };
}
