/**
 * The customer machine's context, events and screens. The context holds
 * only what may be shown or logged: the card number, PIN digits and the
 * scanned document stay in the session vault (session-vault.ts).
 */
import type { IncomeCertificate } from '../../../shared/domain/income-certificate';
import type { CertificateRefusal } from '../../../shared/bridge/views';
import type { CertificateKind, Choice, Employment, MemberNumberKey, NoticeKind, OutOfServiceReason, PinMessage, ServiceAction, ServiceNotice } from '../../../shared/bridge';
import type { CustomerSummary, DocumentDeliveryFailure } from '../../../shared/hq-api';
import type { IdentityDocumentKind } from '../../../shared/identity/identity-document';
import type { OperatorIdentity } from '../operator/operator-ports';
import type { CommonTag, ScreenTag } from '../screen-tags';
import type { PinPadEvent } from '../soft-pin-pad';

export type Purpose = 'login' | 'forgotPin' | 'clearLock' | 'changePin';

export interface Notice {
  kind: NoticeKind;
  choices: Choice[];
  callCentre: boolean;
}

export const notice = (kind: NoticeKind, choices: Choice[] = [], callCentre = false): Notice => ({ kind, choices, callCentre });

export type LimitDecision = 'approved' | 'partiallyApproved' | 'declined';

export interface FlowContext {
  outOfServiceReason: OutOfServiceReason;
  resumesAt: string | null;
  /** HQ's message for the current stop (announced maintenance). */
  serviceNotice: ServiceNotice | null;
  /** A card inserted while out of service: only an operator may go on (issue 8: technicians bring the kiosk back). */
  operatorOnly: boolean;
  /** The operator HQ authenticated, for service mode. */
  operator: OperatorIdentity | null;
  /** Service became unavailable during a session: finish it politely, then go out of service. */
  closing: { reason: OutOfServiceReason; resumesAt: string | null; notice: ServiceNotice | null } | null;
  sessionId: string | null;
  maskedCard: string | null;
  purpose: Purpose;
  summary: CustomerSummary | null;
  pinDigits: number;
  pinMessage: PinMessage | null;
  notice: Notice | null;
  scanAttempt: number;
  scanUnreadable: boolean;
  documentKind: IdentityDocumentKind | null;
  lockWasCleared: boolean;
  amountDirection: 'increase' | 'decrease';
  amountSelected: number | null;
  declarations: { annualIncomeYen: number; employment: Employment; otherBorrowingYen: number } | null;
  certificate: CertificateKind | null;
  /** The certificate read for this review (content, not an image); null until one is scanned. */
  incomeCertificate: IncomeCertificate | null;
  /** Why HQ refused the last certificate, shown when asking for another. */
  certificateRefusal: CertificateRefusal | null;
  limitResult: { outcome: LimitDecision; requestedLimit: number; creditLimit: number } | null;
  /** The customer's answer to a partial approval, and where the flow goes after a decline (issue 14). */
  offerAccepted: boolean;
  afterDecline: 'menu' | 'eject';
  /** The contract-change document (art. 17, issue 14): the try under way, and how it ended (null until it has). */
  printAttempt: number;
  documentDelivered: boolean | null;
  printFailure: DocumentDeliveryFailure | null;
  secondsLeft: number;
  /** How the session ends, for the journal. */
  ending: 'completed' | 'customerCancelled' | 'timedOut' | 'aborted' | 'captured';
  captureReason: 'lostOrStolen' | 'notTaken' | 'jam';
}

export type FlowEvent =
  | { type: 'SERVICE_READY' }
  | { type: 'SERVICE_UNAVAILABLE'; reason: OutOfServiceReason; resumesAt?: string | null; notice?: ServiceNotice | null }
  | { type: 'CARD_INSERTED' }
  | { type: 'CARD_REMOVED' }
  | { type: 'PIN'; result: PinPadEvent; count: number }
  | { type: 'CANCEL' }
  | { type: 'CHOOSE'; choice: Choice }
  | { type: 'SET_AMOUNT'; amountYen: number }
  | { type: 'DECLARE'; annualIncomeYen: number; employment: Employment; otherBorrowingYen: number }
  | { type: 'CHOOSE_CERTIFICATE'; kind: CertificateKind }
  | { type: 'TOUCH' }
  | { type: 'DEVICE_FAULT' }
  | { type: 'JOURNAL_FAILED' }
  // Service mode (issue 8): forwarded to the operator machine.
  | { type: 'SERVICE_ACTION'; action: ServiceAction }
  | { type: 'MEMBER_KEY'; key: MemberNumberKey }
  | { type: 'EXPORT_TARGET'; index: number }
  | { type: 'NOT_PERMITTED' };

/** Everything a session starts with; the service conditions around it are kept. */
export const INITIAL_SESSION: Omit<FlowContext, 'outOfServiceReason' | 'resumesAt' | 'serviceNotice' | 'closing' | 'operatorOnly'> = {
  operator: null,
  sessionId: null,
  maskedCard: null,
  purpose: 'login',
  summary: null,
  pinDigits: 0,
  pinMessage: null,
  notice: null,
  scanAttempt: 1,
  scanUnreadable: false,
  documentKind: null,
  lockWasCleared: false,
  amountDirection: 'increase',
  amountSelected: null,
  declarations: null,
  certificate: null,
  incomeCertificate: null,
  certificateRefusal: null,
  limitResult: null,
  offerAccepted: false,
  afterDecline: 'menu',
  printAttempt: 0,
  documentDelivered: null,
  printFailure: null,
  secondsLeft: 0,
  ending: 'completed',
  captureReason: 'jam',
};

/**
 * Every screen the kiosk machine can show, one tag each (screen-tags.ts).
 * session-view.ts renders each; `operator` hands over to the operator view.
 */
export const KIOSK_SCREENS = [
  'starting', 'idle', 'outOfService', 'readingCard', 'login', 'authenticating', 'lockedNotice', 'identifyingCard',
  'scanIdentity', 'scanIdentityAgain', 'verifyingIdentity', 'newPin', 'confirmNewPin', 'settingPin', 'pinChanged',
  'menu', 'amountEntry', 'declarations', 'reviewingLimit', 'certificateChoice', 'scanCertificate', 'scanCertificateAgain',
  'limitResult', 'limitOffer', 'answeringOffer', 'confirmDecrease', 'decreasingLimit',
  'checkingPrinter', 'printingDocument', 'documentSlip', 'notice', 'ejectingCard', 'takeCard', 'capturingCard', 'goodbye', 'operator',
] as const;
export type KioskScreen = (typeof KIOSK_SCREENS)[number];
export type KioskTag = ScreenTag<KioskScreen> | CommonTag;
