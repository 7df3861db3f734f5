/**
 * From a machine snapshot to the one screen it shows. Each state of
 * kiosk-machine.ts maps to exactly one `ScreenView`; nothing here decides
 * anything, it only renders what the machine holds.
 */
import type { SnapshotFrom } from 'xstate';
import type { Choice, ScreenView } from '../../shared/bridge';
import { CALL_CENTRE } from './call-centre';
import { LIMIT_MAX_YEN, LIMIT_MIN_YEN, LIMIT_STEP_YEN } from '../../shared/domain/credit-limit';
import { type FlowContext, type KioskMachine, type Notice } from './kiosk-machine';
import type { FlowTiming } from './ports';

type Snapshot = SnapshotFrom<KioskMachine>;

export interface ViewInputs {
  hoursToday: { open: string; close: string } | null;
  timing: FlowTiming;
  increaseDeadline: string | null;
}

const callCentre = () => ({ ...CALL_CENTRE });

export function screenOf(snapshot: Snapshot, inputs: ViewInputs): ScreenView {
  const c = snapshot.context;
  const at = (path: string) => snapshot.matches(path as never);

  if (at('starting')) return { screen: 'starting' };
  if (at('idle')) return { screen: 'idle', hoursToday: inputs.hoursToday };
  if (at('outOfService')) return { screen: 'outOfService', reason: c.outOfServiceReason, resumesAt: c.resumesAt, notice: c.serviceNotice, callCentre: callCentre() };
  if (at('sessionEnd')) return { screen: 'goodbye' };

  if (at('session.reading')) return { screen: 'busy', task: 'readingCard' };
  if (at('session.choosingPath')) return { screen: 'busy', task: 'readingCard' };
  if (at('session.login')) return pinEntry('login', c, true);
  if (at('session.authenticating')) return { screen: 'busy', task: 'authenticating' };
  if (at('session.lockedNotice')) return noticeView({ kind: 'accountLocked', choices: ['clearLock', 'finish'], callCentre: true });
  if (at('session.identifying')) return { screen: 'busy', task: 'identifyingCard' };
  if (at('session.documentScan.verifying')) return { screen: 'busy', task: 'verifyingIdentity' };
  if (at('session.documentScan')) return scanView('identity', c, inputs, at('session.documentScan.scanning'));
  if (at('session.newPin')) return pinEntry('newPin', c, false);
  if (at('session.confirmNewPin')) return pinEntry('confirmNewPin', c, false);
  if (at('session.settingPin')) return { screen: 'busy', task: 'settingPin' };
  if (at('session.pinChangedNotice')) {
    const choices: Choice[] = c.summary ? ['continue', 'finish'] : ['finish'];
    return noticeView({ kind: c.lockWasCleared ? 'lockClearedAndPinChanged' : 'pinChanged', choices, callCentre: false });
  }
  if (at('session.menu')) {
    const s = c.summary;
    if (!s) return { screen: 'busy', task: 'ejectingCard' };
    return { screen: 'menu', maskedCard: s.cardMasked, nameKana: s.nameKana, creditLimit: s.creditLimit, available: s.available, choices: ['changePin', 'limitIncrease', 'limitDecrease', 'finish'] };
  }
  if (at('session.amountEntry')) return amountView(c, inputs);
  if (at('session.declarations')) return { screen: 'declarations' };
  if (at('session.reviewing')) return { screen: 'busy', task: 'reviewingLimit' };
  if (at('session.certificateChoice')) return { screen: 'certificateChoice', choices: ['withholdingSlip', 'taxReturn', 'payslips'] };
  if (at('session.certificateScan')) return scanView('incomeCertificate', c, inputs, at('session.certificateScan.scanning'));
  if (at('session.limitResult') && c.limitResult) {
    return {
      screen: 'limitResult', outcome: c.limitResult.outcome, requestedLimit: c.limitResult.requestedLimit, creditLimit: c.limitResult.creditLimit,
      choices: ['continue', 'finish'], callCentre: c.limitResult.outcome === 'declined' ? callCentre() : null,
    };
  }
  if (at('session.confirmDecrease')) return { screen: 'confirmDecrease', currentLimit: c.summary?.creditLimit ?? 0, newLimit: c.amountSelected ?? 0 };
  if (at('session.decreasing')) return { screen: 'busy', task: 'decreasingLimit' };
  if (at('session.ejecting')) return { screen: 'busy', task: 'ejectingCard' };
  if (at('session.takeCard')) return { screen: 'takeCard', secondsLeft: c.secondsLeft };
  if (at('session.capturing') || at('session.capturingNotTaken')) return { screen: 'busy', task: 'capturingCard' };
  if (at('session.goodbye')) return { screen: 'goodbye' };
  if (c.notice) return noticeView(c.notice);
  return { screen: 'busy', task: 'endingSession' };
}

/** The inactivity warning over the current screen, when one is counting down. */
export function inactivityOf(snapshot: Snapshot): { secondsLeft: number } | null {
  return inState(snapshot.value, 'warning') ? { secondsLeft: snapshot.context.secondsLeft } : null;
}

/** Whether any active state node, at any depth, has this name. */
function inState(value: unknown, name: string): boolean {
  if (typeof value === 'string') return value === name;
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, child]) => key === name || inState(child, name));
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
