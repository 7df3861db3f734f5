/**
 * Service mode's part of the bridge contract (issue 8): the staff and
 * technician screens, and the intents they may send. Closed sets only, so
 * main switches over them exhaustively. The renderer shows the buttons a
 * view lists in `actions` and nothing else; main decides those lists from
 * the operator's HQ-granted permissions and checks the permission again when
 * an action arrives (the renderer never decides a permission).
 */
import { z } from 'zod';
import { DeviceReport, KioskHealth, PresentPort, TrafficEntry } from '../diagnostics/diagnostics-bundle';
import { CaptureReason } from '../journal/event-payloads';

/** Every button of every service screen. */
export const ServiceAction = z.enum([
  // any operator
  'logout', 'back',
  // branch staff: customer lookup, identity, unlock, captured cards
  'lookupByCard', 'lookupByMemberNumber', 'scanIdentity', 'confirmIdentity', 'unlockAndSetPin', 'customerReady', 'finishCustomer',
  'viewCapturedCards', 'recordBinEmptied',
  // technicians: devices, self-tests, traffic, health, bundle
  'viewDevices', 'viewTraffic', 'viewHealth',
  'testReaderReset', 'testReaderStatus', 'testReaderLed', 'testReadCard', 'testEject', 'testCapture', 'useTestCard', 'testScan',
  // the document printer (issue 14): its status (paper, cover) and the self-test page
  'testPrinterStatus', 'testPrinterPage',
  'resetCardReader', 'resetIdScanner', 'verifyJournal', 'exportDiagnostics', 'uploadDiagnostics',
  // either role, by permission: service state and the application
  'takeOutOfService', 'returnToService', 'exitApp', 'restartApp', 'confirm',
]);
export type ServiceAction = z.infer<typeof ServiceAction>;

/**
 * One key of the member-number keypad (会員番号, 9 digits). Full-width digits
 * are accepted because a keyboard in Japanese input mode sends them
 * (DOMAIN.md); main folds them with toHalfWidth.
 */
export const MemberNumberKey = z.enum([
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
  '０', '１', '２', '３', '４', '５', '６', '７', '８', '９',
  'backspace', 'clear', 'enter',
]);
export type MemberNumberKey = z.infer<typeof MemberNumberKey>;

export const OperatorRoleView = z.enum(['staff', 'technician']);

/** One-line outcome of the last action, shown above the page. */
export const ServiceBanner = z.enum([
  'customerNotFound', 'operatorCardGiven', 'cardCaptured', 'cardUnreadable', 'memberNumberIncomplete',
  'identityVerified', 'identityMismatch', 'documentExpired', 'documentInvalid', 'tooManyAttempts', 'documentUnreadable', 'identityConfirmed',
  'accountSuspended', 'identityNotVerified', 'notConfirmed', 'cardNotUsable', 'noCard',
  'lockCleared', 'pinChanged', 'pinNotChanged', 'binEmptied',
  'hqUnavailable', 'notPermitted', 'outOfServiceSet', 'outOfServiceCleared',
  'exported', 'uploaded', 'exportFailed', 'uploadFailed', 'journalVerified', 'journalBroken',
  'testPassed', 'testFailed', 'deviceResetOk', 'deviceResetFailed', 'swapTimedOut',
]);
export type ServiceBanner = z.infer<typeof ServiceBanner>;

export const ServiceBusyTask = z.enum([
  'lookingUp', 'readingCard', 'scanningDocument', 'verifyingIdentity', 'confirming', 'clearingLock', 'settingPin',
  'runningTest', 'resettingDevice', 'checkingHealth', 'verifyingJournal', 'exporting', 'uploading', 'ejectingCard', 'loggingOut',
]);
export type ServiceBusyTask = z.infer<typeof ServiceBusyTask>;

const Masked = z.string().regex(/^[0-9*]{10,16}$/).refine((s) => s.includes('*'), 'card number must be masked');

export const ServiceCustomer = z.object({
  cardMasked: Masked.nullable(),
  memberNumber: z.string().regex(/^\d{9}$/),
  nameKanji: z.string().max(60),
  nameKana: z.string().max(60),
  locked: z.boolean(),
  identityLocked: z.boolean(),
  suspended: z.boolean(),
  cardStatus: z.enum(['active', 'lost', 'stolen', 'expired', 'none']),
}).strict();
export type ServiceCustomer = z.infer<typeof ServiceCustomer>;

/** HQ's per-field result, shown to staff only (the customer's screen never names a field, issue 7). */
export const StaffIdentityView = z.object({
  decision: z.enum(['verified', 'mismatch', 'documentExpired', 'documentInvalid', 'tooManyAttempts']),
  documentKind: z.string().max(40).nullable(),
  fields: z.object({
    name: z.enum(['match', 'mismatch', 'notOnFile', 'absent']),
    dateOfBirth: z.enum(['match', 'mismatch']),
    documentNumber: z.enum(['match', 'mismatch', 'notOnFile', 'absent']),
    expiry: z.enum(['valid', 'expired', 'absent']),
    scannerChecks: z.enum(['passed', 'warnings', 'failed']),
  }).strict().nullable(),
}).strict();
export type StaffIdentityView = z.infer<typeof StaffIdentityView>;

export const SelfTestName = z.enum(['readerReset', 'readerStatus', 'readerLed', 'readCard', 'eject', 'capture', 'scan', 'resetCardReader', 'resetIdScanner', 'printerStatus', 'printerPage']);
export type SelfTestName = z.infer<typeof SelfTestName>;

export const SelfTestResult = z.object({
  test: SelfTestName,
  ok: z.boolean(),
  /** Technical one-liner: XFS completion and error code, firmware, track status; no card data. */
  detail: z.string().max(200),
  at: z.string(),
}).strict();
export type SelfTestResult = z.infer<typeof SelfTestResult>;

export const CaptureEntry = z.object({ at: z.iso.datetime(), reason: z.union([CaptureReason, z.literal('unknown')]), maskedCard: Masked.nullable() }).strict();
export type CaptureEntry = z.infer<typeof CaptureEntry>;

const Actions = z.array(ServiceAction);

/** At most this many places to write a diagnostics bundle are offered (the kiosk's folder and removable drives). */
export const MAX_EXPORT_TARGETS = 8;

/** A place a technician may write a diagnostics bundle to (issue 8: "to a chosen folder"). Main keeps the paths; the renderer picks by index. */
export const ExportTargetView = z.object({
  kind: z.enum(['kiosk', 'removable']),
  /** The folder as the technician knows it: the kiosk's diagnostics folder, or the drive's mount path. */
  label: z.string().max(200),
  freeMb: z.number().int().min(0).nullable(),
}).strict();
export type ExportTargetView = z.infer<typeof ExportTargetView>;

export const ServicePage = z.discriminatedUnion('page', [
  z.object({ page: z.literal('busy'), task: ServiceBusyTask }).strict(),
  z.object({ page: z.literal('staffMenu'), actions: Actions }).strict(),
  z.object({ page: z.literal('technicianMenu'), actions: Actions }).strict(),
  z.object({
    page: z.literal('memberNumber'),
    /** Digits typed so far: a member number is not a secret to staff (DOMAIN.md: printed on contract papers). */
    entered: z.string().regex(/^\d{0,9}$/),
    length: z.literal(9),
    actions: Actions,
  }).strict(),
  /** Take your own card, then insert the other one (the customer's, or a test card). */
  z.object({ page: z.literal('swapCard'), purpose: z.enum(['customerCard', 'testCard']), stage: z.enum(['takeOwnCard', 'insertCard']), actions: Actions }).strict(),
  z.object({
    page: z.literal('customer'),
    customer: ServiceCustomer,
    identity: StaffIdentityView.nullable(),
    confirmed: z.boolean(),
    scanUnreadable: z.boolean(),
    actions: Actions,
  }).strict(),
  /** The staff member steps away; the customer then types the new PIN, twice, on the ordinary PIN screen. */
  z.object({ page: z.literal('stepAway'), actions: Actions }).strict(),
  z.object({
    page: z.literal('capturedCards'),
    retainedCount: z.number().int().min(0),
    binState: z.enum(['ok', 'high', 'full']),
    captures: z.array(CaptureEntry).max(50),
    actions: Actions,
  }).strict(),
  z.object({
    page: z.literal('devices'),
    portsPresent: z.array(PresentPort),
    portsError: z.string().max(200).nullable(),
    devices: z.array(DeviceReport),
    /** Which card is held at the slot: the technician's own, a test card, or none. */
    heldCard: z.enum(['own', 'test', 'none']),
    ledSupported: z.boolean(),
    selfTests: z.array(SelfTestResult).max(20),
    actions: Actions,
  }).strict(),
  z.object({ page: z.literal('traffic'), entries: z.array(TrafficEntry).max(100), actions: Actions }).strict(),
  z.object({ page: z.literal('health'), health: KioskHealth, actions: Actions }).strict(),
  z.object({ page: z.literal('confirm'), what: z.enum(['exit', 'restart']), actions: Actions }).strict(),
  z.object({ page: z.literal('exportTarget'), targets: z.array(ExportTargetView).min(1).max(MAX_EXPORT_TARGETS), actions: Actions }).strict(),
]);
export type ServicePage = z.infer<typeof ServicePage>;
export type ServicePageName = ServicePage['page'];

export const ServiceScreenView = z.object({
  screen: z.literal('service'),
  role: OperatorRoleView,
  operatorName: z.string().max(60),
  staffId: z.string().max(32),
  /** Whether the kiosk is out of service for customers right now. */
  outOfService: z.boolean(),
  banner: ServiceBanner.nullable(),
  /** Export location (technicians), for the `exported` banner. */
  exportedTo: z.string().max(300).nullable(),
  page: ServicePage,
}).strict();
export type ServiceScreenView = z.infer<typeof ServiceScreenView>;
