/**
 * Views of every kind a customer (and, for the pages customers see, an
 * operator) can be shown: each screen, each notice, each busy task, each
 * PIN purpose and message, each scan state, each limit outcome, and the
 * service pages. Parsed with the shared contract, so the catalogue cannot
 * drift from it. The keypad table and the spoken scripts are walked over it
 * (issue 18).
 */
import {
  BusyTask, NoticeKind, OutOfServiceReason, PinMessage, PinPurpose, ScreenView, ServicePage,
  type CallCentre, type ScreenName,
} from '../../src/shared/bridge';

const callCentre: CallCentre = { number: '0120-24-0365', womensLine: '0120-86-2634', operatorHours: 'weekdays 09:00-18:00' };
/** What an unenrolled kiosk shows its technician (issue 16): its id and key fingerprint, only under reason `notEnrolled`. */
export const ENROLMENT = { kioskId: 'KIOSK-NEW-01', keyFingerprint: '3F2A 9C41 0B7E D5A8 1234 5678 9012 3456 E1F0 A9B8 C7D6 0011 2233 4455 6677 8899' };

const service = (page: unknown) => ({
  screen: 'service', role: 'staff', operatorName: '伊藤 誠', staffId: 'STAFF-ITO', outOfService: false, banner: null, exportedTo: null, page,
});

const SERVICE_PAGES: unknown[] = [
  { page: 'busy', task: 'lookingUp' },
  { page: 'staffMenu', actions: ['lookupByCard', 'lookupByMemberNumber', 'viewCapturedCards', 'takeOutOfService', 'logout'] },
  { page: 'technicianMenu', actions: ['viewDevices', 'viewTraffic', 'viewHealth', 'viewCapturedCards', 'exportDiagnostics', 'uploadDiagnostics', 'takeOutOfService', 'restartApp', 'exitApp', 'logout'] },
  { page: 'memberNumber', entered: '1000', length: 9, actions: ['back'] },
  { page: 'swapCard', purpose: 'customerCard', stage: 'takeOwnCard', actions: ['back'] },
  { page: 'swapCard', purpose: 'customerCard', stage: 'insertCard', actions: ['back'] },
  { page: 'stepAway', actions: ['customerReady', 'back'] },
  { page: 'capturedCards', retainedCount: 1, binState: 'ok', captures: [], actions: ['recordBinEmptied', 'back'] },
  { page: 'confirm', what: 'exit', actions: ['confirm', 'back'] },
  { page: 'exportTarget', targets: [{ kind: 'kiosk', label: '/var/lib/kiosk/diagnostics', freeMb: 900 }], actions: ['back'] },
  { page: 'traffic', entries: [], actions: ['back'] },
  // The most buttons a page offers (a test card held, every self-test): twelve, so the keypad pages them (issue 18).
  {
    page: 'devices', portsPresent: [], portsError: null, devices: [], heldCard: 'test', ledSupported: true, selfTests: [],
    actions: ['testReaderReset', 'testReaderStatus', 'testReaderLed', 'testReadCard', 'testEject', 'testCapture', 'testScan',
      'testPrinterStatus', 'testPrinterPage', 'resetCardReader', 'resetIdScanner', 'back'],
  },
  {
    page: 'exportTarget',
    targets: Array.from({ length: 8 }, (_, i) => ({ kind: i ? 'removable' : 'kiosk', label: i ? `/media/usb${i}` : '/var/lib/kiosk/diagnostics', freeMb: 900 })),
    actions: ['back'],
  },
];

const raw: unknown[] = [
  { screen: 'starting' },
  { screen: 'idle', hoursToday: { open: '09:00', close: '22:00' } },
  { screen: 'idle', hoursToday: null },
  ...OutOfServiceReason.options.map((reason) => ({
    screen: 'outOfService', reason, resumesAt: reason === 'notEnrolled' ? null : '2026-04-06T22:00:00Z', notice: null,
    enrolment: reason === 'notEnrolled' ? ENROLMENT : null, callCentre,
  })),
  { screen: 'outOfService', reason: 'maintenance', resumesAt: null, notice: { ja: '本日は点検のため停止しています。', en: 'Stopped today for inspection.' }, enrolment: null, callCentre },
  ...BusyTask.options.map((task) => ({ screen: 'busy', task })),
  ...PinPurpose.options.flatMap((purpose) => [null, ...PinMessage.options].map((message) => ({
    screen: 'pinEntry', purpose, digits: 2, length: 4, message, offerForgotPin: purpose === 'login',
  }))),
  ...NoticeKind.options.flatMap((kind) => [
    { screen: 'notice', kind, choices: [], callCentre: null },
    { screen: 'notice', kind, choices: ['retry', 'finish'], callCentre },
  ]),
  { screen: 'menu', maskedCard: '400000******0051', nameKana: 'ヤマダ タロウ', creditLimit: 500_000, available: 320_000, choices: ['changePin', 'limitIncrease', 'limitDecrease', 'finish'] },
  ...(['identity', 'incomeCertificate'] as const).flatMap((purpose) => (['waiting', 'scanning', 'unreadable'] as const).map((state) => ({
    screen: 'documentScan', purpose, certificate: purpose === 'identity' ? null : 'withholdingSlip', state, attempt: 2, maxAttempts: 3,
  }))),
  { screen: 'certificateChoice', choices: ['withholdingSlip', 'taxReturn', 'payslips'], refusal: null },
  { screen: 'certificateChoice', choices: ['withholdingSlip', 'taxReturn', 'payslips'], refusal: 'certificateNameMismatch' },
  { screen: 'amountEntry', direction: 'increase', currentLimit: 500_000, min: 510_000, max: 5_000_000, step: 10_000, selected: 800_000, deadline: '2026-04-06T12:00:00Z' },
  { screen: 'amountEntry', direction: 'increase', currentLimit: 500_000, min: 510_000, max: 5_000_000, step: 10_000, selected: null, deadline: null },
  { screen: 'amountEntry', direction: 'decrease', currentLimit: 500_000, min: 100_000, max: 490_000, step: 10_000, selected: 300_000, deadline: null },
  { screen: 'declarations' },
  { screen: 'confirmDecrease', currentLimit: 500_000, newLimit: 300_000 },
  { screen: 'limitResult', outcome: 'approved', requestedLimit: 1_000_000, creditLimit: 1_000_000, choices: ['continue', 'finish'], callCentre: null },
  { screen: 'limitResult', outcome: 'partiallyApproved', requestedLimit: 1_230_000, creditLimit: 700_000, choices: ['acceptOffer', 'declineOffer'], callCentre: null },
  { screen: 'limitResult', outcome: 'declined', requestedLimit: 1_000_000, creditLimit: 500_000, choices: ['continue', 'finish'], callCentre },
  { screen: 'documentSlip', delivered: true, choices: ['continue'], callCentre: null },
  { screen: 'documentSlip', delivered: false, choices: ['continue'], callCentre },
  { screen: 'takeCard', secondsLeft: 27 },
  { screen: 'goodbye' },
  ...SERVICE_PAGES.map((page) => service(ServicePage.parse(page))),
];

export const VIEW_CATALOGUE: readonly ScreenView[] = raw.map((view) => ScreenView.parse(view));

/** Every screen name appears at least once (checked by the tests that walk the catalogue). */
export function screensIn(views: readonly ScreenView[]): Set<ScreenName> {
  return new Set(views.map((v) => v.screen));
}

/** Screens a customer uses (service mode is staff and technicians; its customer-facing steps are the ordinary screens). */
export const CUSTOMER_SCREENS = ScreenView.options.map((o) => o.shape.screen.value).filter((s) => s !== 'service');
