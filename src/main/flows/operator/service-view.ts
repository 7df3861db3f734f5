/**
 * From a service-machine snapshot to the one screen it shows. The buttons
 * of each page are its candidates filtered by the operator's permissions
 * (permissions.ts): the renderer shows exactly these and decides nothing.
 * The customer's private PIN entry reuses the ordinary PIN screen, with
 * nothing of the staff screen around it.
 */
import type { SnapshotFrom } from 'xstate';
import type { ScreenView, ServiceAction, ServicePage } from '../../../shared/bridge';
import { permittedActions } from './permissions';
import type { ServiceContext, ServiceMachine } from './service-machine';

type Snapshot = SnapshotFrom<ServiceMachine>;

export function serviceScreenOf(snapshot: Snapshot): ScreenView {
  const c = snapshot.context;
  const at = (path: string) => snapshot.matches(path as never);
  if (at('customerNewPin')) return { screen: 'pinEntry', purpose: 'newPin', digits: c.pinDigits, length: 4, message: c.pinMessage, offerForgotPin: false };
  if (at('customerConfirmPin')) return { screen: 'pinEntry', purpose: 'confirmNewPin', digits: c.pinDigits, length: 4, message: c.pinMessage, offerForgotPin: false };
  if (at('takeCard')) return { screen: 'takeCard', secondsLeft: c.secondsLeft };
  return {
    screen: 'service',
    role: c.operator.role,
    operatorName: c.operator.name,
    staffId: c.operator.staffId,
    outOfService: c.outOfService,
    banner: c.banner,
    exportedTo: c.banner === 'exported' ? c.exportedTo : null,
    page: pageOf(snapshot, c),
  };
}

function pageOf(snapshot: Snapshot, c: ServiceContext): ServicePage {
  const at = (path: string) => snapshot.matches(path as never);
  const offer = (candidates: (ServiceAction | false)[]): ServiceAction[] => permittedActions(c.operator, candidates.filter((a): a is ServiceAction => a !== false));
  const serviceToggle: ServiceAction = c.outOfService ? 'returnToService' : 'takeOutOfService';

  if (at('staffMenu')) return { page: 'staffMenu', actions: offer(['lookupByCard', 'lookupByMemberNumber', 'viewCapturedCards', serviceToggle, 'logout']) };
  if (at('technicianMenu')) {
    return {
      page: 'technicianMenu',
      actions: offer(['viewDevices', 'viewTraffic', 'viewHealth', 'viewCapturedCards', 'exportDiagnostics', 'uploadDiagnostics', serviceToggle, 'restartApp', 'exitApp', 'logout']),
    };
  }
  if (at('memberNumber')) return { page: 'memberNumber', entered: c.memberDigits, length: 9, actions: offer(['back']) };
  if (at({ swapCard: 'takeOwnCard' } as never)) return { page: 'swapCard', purpose: c.swapPurpose, stage: 'takeOwnCard', actions: offer(['back']) };
  if (at({ swapCard: 'insertCard' } as never)) return { page: 'swapCard', purpose: c.swapPurpose, stage: 'insertCard', actions: offer(['back']) };
  if (at({ swapCard: 'reading' } as never)) return { page: 'busy', task: 'readingCard' };
  if (at('lookingUpMember') || at('lookingUpCard')) return { page: 'busy', task: 'lookingUp' };
  if (at('customer') && c.customer) {
    const verified = c.identity?.decision === 'verified';
    return {
      page: 'customer',
      customer: c.customer,
      identity: c.identity,
      confirmed: c.confirmed,
      scanUnreadable: c.scanUnreadable,
      actions: offer(['scanIdentity', verified && !c.confirmed && 'confirmIdentity', c.confirmed && 'unlockAndSetPin', 'finishCustomer']),
    };
  }
  if (at('scanning')) return { page: 'busy', task: 'scanningDocument' };
  if (at('verifying')) return { page: 'busy', task: 'verifyingIdentity' };
  if (at('confirming')) return { page: 'busy', task: 'confirming' };
  if (at('clearingLock')) return { page: 'busy', task: 'clearingLock' };
  if (at('stepAway')) return { page: 'stepAway', actions: offer(['customerReady', 'back']) };
  if (at('settingPin')) return { page: 'busy', task: 'settingPin' };
  if (at('capturedCards')) {
    return {
      page: 'capturedCards',
      retainedCount: c.retainBin.count,
      binState: c.retainBin.state,
      captures: c.captures.map((e) => ({ at: e.at, reason: e.reason, maskedCard: e.maskedCard })),
      actions: offer([c.retainBin.count > 0 && 'recordBinEmptied', 'back']),
    };
  }
  if (at('devices')) {
    const held = c.heldCard === 'other' ? 'own' : c.heldCard;
    return {
      page: 'devices',
      portsPresent: c.portsPresent?.ports ?? [],
      portsError: c.portsPresent?.error ?? null,
      devices: c.deviceReports,
      heldCard: held,
      ledSupported: c.deviceReports.some((d) => d.name === 'cardReader' && d.capabilities.led === true),
      selfTests: c.selfTests,
      actions: offer([
        'testReaderReset', 'testReaderStatus',
        c.deviceReports.some((d) => d.name === 'cardReader' && d.capabilities.led === true) && 'testReaderLed',
        held !== 'none' && 'testReadCard', held !== 'none' && 'testEject', held === 'test' && 'testCapture', held !== 'test' && 'useTestCard',
        'testScan', 'resetCardReader', 'resetIdScanner', 'back',
      ]),
    };
  }
  if (at('testing')) return { page: 'busy', task: c.pendingTest === 'resetCardReader' || c.pendingTest === 'resetIdScanner' ? 'resettingDevice' : 'runningTest' };
  if (at('traffic')) return { page: 'traffic', entries: c.traffic.slice(-100), actions: offer(['back']) };
  if (at('health')) {
    if (!c.health) return { page: 'busy', task: 'checkingHealth' };
    return { page: 'health', health: c.health, actions: offer(['verifyJournal', 'back']) };
  }
  if (at('verifyingJournal')) return { page: 'busy', task: 'verifyingJournal' };
  if (at('findingExportTargets') || at('exporting')) return { page: 'busy', task: 'exporting' };
  if (at('choosingExportTarget')) {
    return { page: 'exportTarget', targets: c.exportTargets.map((t) => ({ kind: t.kind, label: t.path.slice(-200), freeMb: t.freeMb })), actions: offer(['back']) };
  }
  if (at('uploading')) return { page: 'busy', task: 'uploading' };
  if (at('confirm')) return { page: 'confirm', what: c.confirmWhat, actions: offer(['confirm', 'back']) };
  if (at('entering') || at('presentingCustomerCard') || at('returningCard') || at('presentingTestCard')) return { page: 'busy', task: 'ejectingCard' };
  return { page: 'busy', task: 'loggingOut' };
}

/** The inactivity warning over the current service screen, when one is counting down. */
export function serviceInactivityOf(snapshot: Snapshot): { secondsLeft: number } | null {
  return inState(snapshot.value, 'warning') ? { secondsLeft: snapshot.context.secondsLeft } : null;
}

function inState(value: unknown, name: string): boolean {
  if (typeof value === 'string') return value === name;
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, child]) => key === name || inState(child, name));
}

/** The soft PIN pad the current service screen collects into (the customer's new PIN), if any. */
export function servicePadOf(snapshot: Snapshot): 'newPin' | 'confirmPin' | null {
  if (snapshot.matches('customerNewPin')) return 'newPin';
  if (snapshot.matches('customerConfirmPin')) return 'confirmPin';
  return null;
}
