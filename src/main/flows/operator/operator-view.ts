/**
 * From an operator-machine snapshot to the one screen it shows. The screen
 * is the state's tag (../screen-tags.ts), rendered by one function per
 * screen in a table the type checker holds complete. The buttons of each
 * page are its candidates filtered by the operator's permissions
 * (permissions.ts): the renderer shows exactly these and decides nothing.
 * The customer's private PIN entry reuses the ordinary PIN screen, with
 * nothing of the staff screen around it.
 */
import type { SnapshotFrom } from 'xstate';
import type { ScreenView, ServiceAction, ServicePage } from '../../../shared/bridge';
import { inactivityWarningOf, screenTagOf } from '../screen-tags';
import type { OperatorContext, OperatorScreen } from './operator-context';
import type { OperatorMachine } from './operator-machine';
import { permittedActions } from './permissions';

type Snapshot = SnapshotFrom<OperatorMachine>;
type Drawn = { screen: ScreenView } | { page: ServicePage };

const busy = (task: Extract<ServicePage, { page: 'busy' }>['task']): Drawn => ({ page: { page: 'busy', task } });
const pin = (purpose: 'newPin' | 'confirmNewPin', c: OperatorContext): Drawn =>
  ({ screen: { screen: 'pinEntry', purpose, digits: c.pinDigits, length: 4, message: c.pinMessage, offerForgotPin: false } });

const SCREENS: Record<OperatorScreen, (c: OperatorContext, offer: (candidates: (ServiceAction | false)[]) => ServiceAction[]) => Drawn> = {
  customerNewPin: (c) => pin('newPin', c),
  customerConfirmPin: (c) => pin('confirmNewPin', c),
  takeCard: (c) => ({ screen: { screen: 'takeCard', secondsLeft: c.secondsLeft } }),
  staffMenu: (c, offer) => ({ page: { page: 'staffMenu', actions: offer(['lookupByCard', 'lookupByMemberNumber', 'viewCapturedCards', serviceToggle(c), 'logout']) } }),
  technicianMenu: (c, offer) => ({
    page: {
      page: 'technicianMenu',
      actions: offer(['viewDevices', 'viewTraffic', 'viewHealth', 'viewCapturedCards', 'exportDiagnostics', 'uploadDiagnostics', serviceToggle(c), 'restartApp', 'exitApp', 'logout']),
    },
  }),
  memberNumber: (c, offer) => ({ page: { page: 'memberNumber', entered: c.memberDigits, length: 9, actions: offer(['back']) } }),
  swapTakeOwnCard: (c, offer) => ({ page: { page: 'swapCard', purpose: c.swapPurpose, stage: 'takeOwnCard', actions: offer(['back']) } }),
  swapInsertCard: (c, offer) => ({ page: { page: 'swapCard', purpose: c.swapPurpose, stage: 'insertCard', actions: offer(['back']) } }),
  customer: (c, offer) => {
    if (!c.customer) return busy('loggingOut');
    const verified = c.identity?.decision === 'verified';
    return {
      page: {
        page: 'customer', customer: c.customer, identity: c.identity, confirmed: c.confirmed, scanUnreadable: c.scanUnreadable,
        actions: offer(['scanIdentity', verified && !c.confirmed && 'confirmIdentity', c.confirmed && 'unlockAndSetPin', 'finishCustomer']),
      },
    };
  },
  stepAway: (_, offer) => ({ page: { page: 'stepAway', actions: offer(['customerReady', 'back']) } }),
  capturedCards: (c, offer) => ({
    page: {
      page: 'capturedCards',
      retainedCount: c.retainBin.count,
      binState: c.retainBin.state,
      captures: c.captures.map((e) => ({ at: e.at, reason: e.reason, maskedCard: e.maskedCard })),
      actions: offer([c.retainBin.count > 0 && 'recordBinEmptied', 'back']),
    },
  }),
  devices: (c, offer) => {
    const held = c.heldCard === 'other' ? 'own' : c.heldCard;
    const ledSupported = c.deviceReports.some((d) => d.name === 'cardReader' && d.capabilities.led === true);
    return {
      page: {
        page: 'devices',
        portsPresent: c.portsPresent?.ports ?? [],
        portsError: c.portsPresent?.error ?? null,
        devices: c.deviceReports,
        heldCard: held,
        ledSupported,
        selfTests: c.selfTests,
        actions: offer([
          'testReaderReset', 'testReaderStatus', ledSupported && 'testReaderLed',
          held !== 'none' && 'testReadCard', held !== 'none' && 'testEject', held === 'test' && 'testCapture', held !== 'test' && 'useTestCard',
          'testScan', 'testPrinterStatus', 'testPrinterPage', 'resetCardReader', 'resetIdScanner', 'back',
        ]),
      },
    };
  },
  traffic: (c, offer) => ({ page: { page: 'traffic', entries: c.traffic.slice(-100), actions: offer(['back']) } }),
  health: (c, offer) => (c.health ? { page: { page: 'health', health: c.health, actions: offer(['verifyJournal', 'back']) } } : busy('checkingHealth')),
  exportTarget: (c, offer) => ({
    page: { page: 'exportTarget', targets: c.exportTargets.map((t) => ({ kind: t.kind, label: t.path.slice(-200), freeMb: t.freeMb })), actions: offer(['back']) },
  }),
  confirm: (c, offer) => ({ page: { page: 'confirm', what: c.confirmWhat, actions: offer(['confirm', 'back']) } }),
  readingCard: () => busy('readingCard'),
  lookingUp: () => busy('lookingUp'),
  scanningDocument: () => busy('scanningDocument'),
  verifyingIdentity: () => busy('verifyingIdentity'),
  confirming: () => busy('confirming'),
  clearingLock: () => busy('clearingLock'),
  settingPin: () => busy('settingPin'),
  testing: (c) => busy(c.pendingTest === 'resetCardReader' || c.pendingTest === 'resetIdScanner' ? 'resettingDevice' : 'runningTest'),
  verifyingJournal: () => busy('verifyingJournal'),
  exporting: () => busy('exporting'),
  uploading: () => busy('uploading'),
  ejectingCard: () => busy('ejectingCard'),
  loggingOut: () => busy('loggingOut'),
};

function serviceToggle(c: OperatorContext): ServiceAction {
  return c.outOfService ? 'returnToService' : 'takeOutOfService';
}

export function serviceScreenOf(snapshot: Snapshot): ScreenView {
  const c = snapshot.context;
  const offer = (candidates: (ServiceAction | false)[]): ServiceAction[] => permittedActions(c.operator, candidates.filter((a): a is ServiceAction => a !== false));
  const screen = screenTagOf<OperatorScreen>(snapshot.tags);
  const drawn = screen ? SCREENS[screen](c, offer) : busy('loggingOut');
  if ('screen' in drawn) return drawn.screen;
  return {
    screen: 'service',
    role: c.operator.role,
    operatorName: c.operator.name,
    staffId: c.operator.staffId,
    outOfService: c.outOfService,
    banner: c.banner,
    exportedTo: c.banner === 'exported' ? c.exportedTo : null,
    page: drawn.page,
  };
}

/** The inactivity warning over the current service screen, when one is counting down. */
export function serviceInactivityOf(snapshot: Snapshot): { secondsLeft: number } | null {
  return inactivityWarningOf(snapshot.tags) ? { secondsLeft: snapshot.context.secondsLeft } : null;
}
