/**
 * From a kiosk-machine snapshot to the one screen it shows. The screen is
 * the state's tag (screen-tags.ts), rendered by one function per screen in
 * a table the type checker holds complete; nothing here decides anything,
 * it only renders what the machine holds.
 */
import type { SnapshotFrom } from 'xstate';
import { CertificateKind, type Choice, type EnrolmentDetails, type ScreenView } from '../../shared/bridge';
import { LIMIT_MAX_YEN, LIMIT_MIN_YEN, LIMIT_STEP_YEN } from '../../shared/domain/credit-limit';
import { CALL_CENTRE } from './call-centre';
import type { FlowContext, KioskScreen, Notice } from './customer/context';
import type { KioskMachine } from './kiosk-machine';
import type { FlowTiming } from './ports';
import { inactivityWarningOf, screenTagOf } from './screen-tags';

type Snapshot = SnapshotFrom<KioskMachine>;

export interface ViewInputs {
  hoursToday: { open: string; close: string } | null;
  timing: FlowTiming;
  increaseDeadline: string | null;
  /** This machine's id and key fingerprint; the out-of-service screen shows them only while HQ does not recognise the kiosk. */
  enrolment: EnrolmentDetails | null;
}

const callCentre = () => ({ ...CALL_CENTRE });
const ENDING: ScreenView = { screen: 'busy', task: 'endingSession' };

/** One renderer per screen tag; `operator` is drawn by the operator view (KioskCore asks it). */
const SCREENS: Record<KioskScreen, (c: FlowContext, inputs: ViewInputs) => ScreenView> = {
  starting: () => ({ screen: 'starting' }),
  idle: (_, inputs) => ({ screen: 'idle', hoursToday: inputs.hoursToday }),
  outOfService: (c, inputs) => ({
    screen: 'outOfService', reason: c.outOfServiceReason, resumesAt: c.resumesAt, notice: c.serviceNotice,
    // Read out to HQ's administrator for enrolment (issue 16); under any other reason the screen shows nothing of the machine.
    enrolment: c.outOfServiceReason === 'notEnrolled' ? inputs.enrolment : null,
    callCentre: callCentre(),
  }),
  readingCard: () => ({ screen: 'busy', task: 'readingCard' }),
  login: (c) => pinEntry('login', c, true),
  authenticating: () => ({ screen: 'busy', task: 'authenticating' }),
  lockedNotice: () => noticeView({ kind: 'accountLocked', choices: ['clearLock', 'finish'], callCentre: true }),
  identifyingCard: () => ({ screen: 'busy', task: 'identifyingCard' }),
  scanIdentity: (c, inputs) => scanView('identity', c, inputs, true),
  scanIdentityAgain: (c, inputs) => scanView('identity', c, inputs, false),
  verifyingIdentity: () => ({ screen: 'busy', task: 'verifyingIdentity' }),
  newPin: (c) => pinEntry('newPin', c, false),
  confirmNewPin: (c) => pinEntry('confirmNewPin', c, false),
  settingPin: () => ({ screen: 'busy', task: 'settingPin' }),
  pinChanged: (c) => {
    const choices: Choice[] = c.summary ? ['continue', 'finish'] : ['finish'];
    return noticeView({ kind: c.lockWasCleared ? 'lockClearedAndPinChanged' : 'pinChanged', choices, callCentre: false });
  },
  menu: (c) => {
    const s = c.summary;
    if (!s) return { screen: 'busy', task: 'ejectingCard' };
    return { screen: 'menu', maskedCard: s.cardMasked, nameKana: s.nameKana, creditLimit: s.creditLimit, available: s.available, choices: ['changePin', 'limitIncrease', 'limitDecrease', 'finish'] };
  },
  amountEntry: (c, inputs) => amountView(c, inputs),
  declarations: () => ({ screen: 'declarations' }),
  reviewingLimit: () => ({ screen: 'busy', task: 'reviewingLimit' }),
  certificateChoice: (c) => ({ screen: 'certificateChoice', choices: [...CertificateKind.options], refusal: c.certificateRefusal }),
  scanCertificate: (c, inputs) => scanView('incomeCertificate', c, inputs, true),
  scanCertificateAgain: (c, inputs) => scanView('incomeCertificate', c, inputs, false),
  limitResult: (c) => {
    if (!c.limitResult) return c.notice ? noticeView(c.notice) : ENDING;
    return {
      screen: 'limitResult', outcome: c.limitResult.outcome, requestedLimit: c.limitResult.requestedLimit, creditLimit: c.limitResult.creditLimit,
      choices: ['continue', 'finish'], callCentre: c.limitResult.outcome === 'declined' ? callCentre() : null,
    };
  },
  limitOffer: (c) => {
    if (!c.limitResult) return c.notice ? noticeView(c.notice) : ENDING;
    return {
      screen: 'limitResult', outcome: 'partiallyApproved', requestedLimit: c.limitResult.requestedLimit, creditLimit: c.limitResult.creditLimit,
      choices: ['acceptOffer', 'declineOffer'], callCentre: null,
    };
  },
  answeringOffer: () => ({ screen: 'busy', task: 'reviewingLimit' }),
  confirmDecrease: (c) => ({ screen: 'confirmDecrease', currentLimit: c.summary?.creditLimit ?? 0, newLimit: c.amountSelected ?? 0 }),
  decreasingLimit: () => ({ screen: 'busy', task: 'decreasingLimit' }),
  checkingPrinter: () => ({ screen: 'busy', task: 'checkingPrinter' }),
  printingDocument: () => ({ screen: 'busy', task: 'printingDocument' }),
  documentSlip: (c) => ({
    screen: 'documentSlip', delivered: c.documentDelivered === true, choices: ['continue'], callCentre: c.documentDelivered === true ? null : callCentre(),
  }),
  notice: (c) => (c.notice ? noticeView(c.notice) : ENDING),
  ejectingCard: () => ({ screen: 'busy', task: 'ejectingCard' }),
  takeCard: (c) => ({ screen: 'takeCard', secondsLeft: c.secondsLeft }),
  capturingCard: () => ({ screen: 'busy', task: 'capturingCard' }),
  goodbye: () => ({ screen: 'goodbye' }),
  operator: () => ENDING,
};

export function screenOf(snapshot: Snapshot, inputs: ViewInputs): ScreenView {
  const screen = screenTagOf<KioskScreen>(snapshot.tags);
  return screen ? SCREENS[screen](snapshot.context, inputs) : ENDING;
}

/** The inactivity warning over the current screen, when one is counting down. */
export function inactivityOf(snapshot: Snapshot): { secondsLeft: number } | null {
  return inactivityWarningOf(snapshot.tags) ? { secondsLeft: snapshot.context.secondsLeft } : null;
}

function pinEntry(purpose: 'login' | 'newPin' | 'confirmNewPin', c: FlowContext, offerForgotPin: boolean): ScreenView {
  return { screen: 'pinEntry', purpose, digits: c.pinDigits, length: 4, message: c.pinMessage, offerForgotPin };
}

function noticeView(notice: Notice): ScreenView {
  return { screen: 'notice', kind: notice.kind, choices: notice.choices, callCentre: notice.callCentre ? callCentre() : null };
}

function scanView(purpose: 'identity' | 'incomeCertificate', c: FlowContext, inputs: ViewInputs, scanning: boolean): ScreenView {
  // While the scanner watches the glass the customer is asked to place the
  // document ('waiting'); after a failed read, 'unreadable' with a retry button.
  return {
    screen: 'documentScan', purpose, certificate: purpose === 'incomeCertificate' ? c.certificate : null,
    state: scanning ? 'waiting' : 'unreadable',
    attempt: c.scanAttempt, maxAttempts: inputs.timing.maxScanAttempts,
  };
}

function amountView(c: FlowContext, inputs: ViewInputs): ScreenView {
  const current = c.summary?.creditLimit ?? 0;
  const increase = c.amountDirection === 'increase';
  return {
    screen: 'amountEntry',
    direction: c.amountDirection,
    currentLimit: current,
    min: increase ? Math.min(current + LIMIT_STEP_YEN, LIMIT_MAX_YEN) : LIMIT_MIN_YEN,
    max: increase ? LIMIT_MAX_YEN : Math.max(LIMIT_MIN_YEN, current - LIMIT_STEP_YEN),
    step: LIMIT_STEP_YEN,
    selected: c.amountSelected,
    deadline: increase ? inputs.increaseDeadline : null,
  };
}
