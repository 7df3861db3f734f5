/**
 * The view model main pushes to the renderer: one discriminated union of
 * screens (`switch (view.screen)` in the renderer), plus presentation
 * settings that outlive a screen. Never holds a PIN, track data or an
 * unmasked card number; the PIN screen knows only how many digits were typed.
 */
import { z } from 'zod';
import { KioskId } from '../hq-api/common';
import { GROUPED_FINGERPRINT_PATTERN } from '../hq-api/key-fingerprint';
import { LimitReasonCode } from '../hq-api/limit';
import { CertificateKind, Choice, Locale } from './intents';
import { Assist, FormKey, KeypadLegendEntry } from './keypad';
import { ServiceScreenView } from './service';

/** HQ's reason codes for a refused income certificate (src/shared/hq-api/limit.ts), which the certificate screen explains. */
export const CertificateRefusal = LimitReasonCode.extract(['certificateNameMismatch', 'certificateTooOld', 'certificateUnreadable']);
export type CertificateRefusal = z.infer<typeof CertificateRefusal>;

export const Hours = z.object({ open: z.string(), close: z.string() }).strict();

export const OutOfServiceReason = z.enum([
  'starting', 'closedHours', 'maintenance', 'journalUnavailable', 'cardReaderFault', 'hqUnreachable', 'technician',
  // HQ answered the status exchange 401 `authenticationFailed`: not enrolled, disabled or revoked (HQ does not say which, issue 16).
  'notEnrolled',
]);
export type OutOfServiceReason = z.infer<typeof OutOfServiceReason>;

/**
 * What HQ's administrator needs to enrol this machine (issue 16,
 * "Provisioning"; docs/deploy.md step 4), shown on the out-of-service
 * screen while HQ does not recognise the kiosk, for the technician at the
 * machine to read out: its id and its public key's fingerprint
 * (key-fingerprint.ts; a hash of the public key, not a secret). Nothing else.
 */
export const EnrolmentDetails = z.object({
  kioskId: KioskId,
  keyFingerprint: z.string().regex(GROUPED_FINGERPRINT_PATTERN),
}).strict();
export type EnrolmentDetails = z.infer<typeof EnrolmentDetails>;

/**
 * HQ's own words for an announced maintenance (DOMAIN.md: unscheduled
 * server maintenance can be announced at any time), in both languages; the
 * screen shows the one it speaks.
 */
export const ServiceNotice = z.object({ ja: z.string().min(1).max(500), en: z.string().min(1).max(500) }).strict();
export type ServiceNotice = z.infer<typeof ServiceNotice>;

/** Call centre (DOMAIN.md, "Hours and maintenance"). */
export const CallCentre = z.object({
  number: z.string(),
  womensLine: z.string(),
  operatorHours: z.string(),
}).strict();
export type CallCentre = z.infer<typeof CallCentre>;

/** A masked card number as shown on screen (PCI DSS 3.4): `******0001`, `400000******0051`. */
const MaskedCard = z.string().regex(/^[0-9*]{10,16}$/).refine((s) => s.includes('*'), 'card number must be masked');
const Yen = z.number().int().min(0);

/** What the kiosk is waiting for, for progress screens. */
export const BusyTask = z.enum([
  'readingCard', 'authenticating', 'identifyingCard', 'verifyingIdentity', 'settingPin',
  'reviewingLimit', 'decreasingLimit', 'ejectingCard', 'capturingCard', 'endingSession',
  // The contract-change document (issue 14): the printer's status before a change, the printing after it.
  'checkingPrinter', 'printingDocument',
]);
export type BusyTask = z.infer<typeof BusyTask>;

/**
 * Messages shown on the notice screen. Each one is a sentence the customer
 * can act on; none reveals why HQ refused beyond what DOMAIN.md allows
 * (no remaining tries, no suspension reason, no failing identity field).
 */
export const NoticeKind = z.enum([
  'cardUnreadable', 'cardUnknown', 'cardExpired', 'cardCaptured', 'accountSuspended', 'accountLocked',
  'documentNotAccepted', 'documentUnreadable', 'documentExpired', 'tooManyAttempts',
  'pinChanged', 'lockClearedAndPinChanged', 'limitDecreased', 'limitRefusedNearClosing', 'limitRefusedHours', 'limitOfferExpired',
  // The credit bureau did not answer HQ (reason bureauUnavailable, issue 14): the review could not be completed now.
  'limitReviewUnavailable',
  'serviceCardNotHere', 'hqUnavailable', 'deviceFault', 'sessionTimedOut', 'maintenanceStarting',
  // A customer card inserted while out of service (the slot stays open for staff and technician cards, issue 8).
  'notInService',
  // The printer cannot print the contract-change document, so no limit change is made here (issue 14): counter or call centre.
  'printerUnavailable',
]);
export type NoticeKind = z.infer<typeof NoticeKind>;

export const PinPurpose = z.enum(['login', 'newPin', 'confirmNewPin']);
export type PinPurpose = z.infer<typeof PinPurpose>;

/** Why a PIN entry screen shows a message above the pad (no tries-remaining count, ever). */
export const PinMessage = z.enum([
  'wrongPin', 'pinsDidNotMatch', 'weakRepeated', 'weakSequential', 'weakBirthDate', 'weakCommon', 'weakSameAsOld',
]);
export type PinMessage = z.infer<typeof PinMessage>;

export const ScreenView = z.discriminatedUnion('screen', [
  z.object({ screen: z.literal('starting') }).strict(),
  z.object({
    screen: z.literal('idle'),
    hoursToday: Hours.nullable(),
  }).strict(),
  z.object({
    screen: z.literal('outOfService'),
    reason: OutOfServiceReason,
    /** ISO instant when service is expected back, when known. */
    resumesAt: z.string().nullable(),
    notice: ServiceNotice.nullable(),
    /** Reason `notEnrolled` only: what the technician reads to HQ's administrator; null otherwise. */
    enrolment: EnrolmentDetails.nullable(),
    callCentre: CallCentre,
  }).strict(),
  z.object({ screen: z.literal('busy'), task: BusyTask }).strict(),
  z.object({
    screen: z.literal('pinEntry'),
    purpose: PinPurpose,
    /** How many digits are held in main; never which. */
    digits: z.number().int().min(0).max(4),
    length: z.literal(4),
    message: PinMessage.nullable(),
    /** Login only: offer "forgot PIN / locked" (identity document route). */
    offerForgotPin: z.boolean(),
  }).strict(),
  z.object({
    screen: z.literal('notice'),
    kind: NoticeKind,
    /** Buttons, in order; empty means the kiosk moves on by itself. */
    choices: z.array(Choice),
    callCentre: CallCentre.nullable(),
  }).strict(),
  z.object({
    screen: z.literal('menu'),
    maskedCard: MaskedCard,
    nameKana: z.string(),
    creditLimit: Yen,
    available: Yen,
    choices: z.array(Choice),
  }).strict(),
  z.object({
    screen: z.literal('documentScan'),
    purpose: z.enum(['identity', 'incomeCertificate']),
    certificate: CertificateKind.nullable(),
    state: z.enum(['waiting', 'scanning', 'unreadable']),
    /** 1-based attempt and the bound (bounded retries, issue 7). */
    attempt: z.number().int().min(1),
    maxAttempts: z.number().int().min(1),
  }).strict(),
  z.object({
    screen: z.literal('certificateChoice'),
    choices: z.array(CertificateKind),
    /** Why HQ refused the certificate just handed in (docs/policy.md, "Income certificates"); null on the first ask. */
    refusal: CertificateRefusal.nullable(),
  }).strict(),
  z.object({
    screen: z.literal('amountEntry'),
    direction: z.enum(['increase', 'decrease']),
    currentLimit: Yen,
    min: Yen,
    max: Yen,
    step: Yen,
    selected: Yen.nullable(),
    /** Hours rule (DOMAIN.md): the increase must be finished by this time, shown to the customer. */
    deadline: z.string().nullable(),
  }).strict(),
  z.object({ screen: z.literal('declarations') }).strict(),
  z.object({
    screen: z.literal('confirmDecrease'),
    currentLimit: Yen,
    newLimit: Yen,
  }).strict(),
  z.object({
    screen: z.literal('limitResult'),
    outcome: z.enum(['approved', 'partiallyApproved', 'declined']),
    requestedLimit: Yen,
    creditLimit: Yen,
    choices: z.array(Choice),
    callCentre: CallCentre.nullable(),
  }).strict(),
  z.object({
    screen: z.literal('takeCard'),
    secondsLeft: z.number().int().min(0),
  }).strict(),
  /**
   * The contract-change document (極度額変更の書面, art. 17) at the end of a
   * limit change: take it from the printer, or (not delivered) it could not
   * be printed and the counter or call centre will provide it.
   */
  z.object({
    screen: z.literal('documentSlip'),
    delivered: z.boolean(),
    choices: z.array(Choice),
    callCentre: CallCentre.nullable(),
  }).strict(),
  z.object({ screen: z.literal('goodbye') }).strict(),
  /** Staff and technician service mode (issue 8): one screen, its page inside. */
  ServiceScreenView,
]);
export type ScreenView = z.infer<typeof ScreenView>;
export type ScreenName = ScreenView['screen'];

export const ViewModel = z.object({
  /** Increases with every push; for logs and tests. */
  revision: z.number().int().nonnegative(),
  locale: Locale,
  largeText: z.boolean(),
  /** Inactivity warning over the current screen: seconds before the session ends. */
  inactivity: z.object({ secondsLeft: z.number().int().min(0) }).strict().nullable(),
  view: ScreenView,
  /** Voice guidance, extended time, contrast (issue 18). */
  assist: Assist,
  /** The keys the current screen offers, from main's keypad table: buttons show them, guidance reads them. */
  keypad: z.array(KeypadLegendEntry).max(40),
  /** The last keypad key meant for a form the renderer drafts (declarations), or null. */
  formKey: FormKey.nullable(),
}).strict();
export type ViewModel = z.infer<typeof ViewModel>;
