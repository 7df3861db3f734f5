/**
 * Technicians at the machine (issue 8): devices present and configured,
 * self-tests and resets against the real drivers, the card reader's raw
 * traffic (masked by the driver), kiosk health and the journal's chain, a
 * diagnostics bundle without personal data exported or uploaded, and the
 * application's exit or restart: the only way the kiosk window closes.
 * Every action is journaled with the technician's id.
 */
import { assign } from 'xstate';
import { MAX_EXPORT_TARGETS, type SelfTestName, type ServiceAction } from '../../../shared/bridge';
import { inactivityStates } from '../inactivity';
import { errorBanner, TEST_OF_ACTION, withSelfTest, type OperatorSetup } from './operator-setup';

/** Which device each test uses. */
const DEVICE_OF_TEST: Record<SelfTestName, 'cardReader' | 'idScanner' | 'printer'> = {
  readerReset: 'cardReader', readerStatus: 'cardReader', readerLed: 'cardReader', readCard: 'cardReader', eject: 'cardReader', capture: 'cardReader',
  scan: 'idScanner', resetCardReader: 'cardReader', resetIdScanner: 'idScanner', printerStatus: 'printer', printerPage: 'printer',
};

const isReset = (test: SelfTestName) => test === 'resetCardReader' || test === 'resetIdScanner';

export function technicianStates(s: OperatorSetup) {
  const IDLE = inactivityStates('#service.timedOut');
  const is = (action: ServiceAction) => ({ type: 'is' as const, params: { action } });
  return {
    technicianMenu: s.createStateConfig({
      ...IDLE,
      tags: 'screen:technicianMenu',
      on: {
        ACTION: [
          { guard: is('viewDevices'), target: 'devices', actions: 'clearBanner' },
          { guard: is('viewTraffic'), target: 'traffic', actions: 'clearBanner' },
          { guard: is('viewHealth'), target: 'health', actions: 'clearBanner' },
          { guard: is('viewCapturedCards'), target: 'capturedCards', actions: 'clearBanner' },
          { guard: is('exportDiagnostics'), target: 'findingExportTargets', actions: 'clearBanner' },
          { guard: is('uploadDiagnostics'), target: 'uploading', actions: 'clearBanner' },
          { guard: is('takeOutOfService'), actions: { type: 'setOutOfService', params: { on: true } } },
          { guard: is('returnToService'), actions: { type: 'setOutOfService', params: { on: false } } },
          { guard: is('exitApp'), target: 'confirm', actions: ['clearBanner', assign({ confirmWhat: 'exit' as const })] },
          { guard: is('restartApp'), target: 'confirm', actions: ['clearBanner', assign({ confirmWhat: 'restart' as const })] },
          { guard: is('logout'), target: 'loggingOut', actions: assign({ ending: 'logout' as const }) },
        ],
      },
    }),

    devices: s.createStateConfig({
      ...IDLE,
      tags: 'screen:devices',
      entry: 'loadDevices',
      invoke: {
        src: 'portsPresent',
        onDone: { actions: assign({ portsPresent: ({ event }) => event.output }) },
        onError: { actions: assign({ portsPresent: ({ event }) => ({ ports: [], error: (event.error as Error).message.slice(0, 200) }) }) },
      },
      on: {
        ACTION: [
          { guard: is('useTestCard'), target: 'swapCard', actions: ['clearBanner', assign({ swapPurpose: 'testCard' as const })] },
          { guard: is('back'), target: 'technicianMenu', actions: 'clearBanner' },
          {
            guard: 'testOf',
            target: 'testing',
            actions: ['clearBanner', assign(({ event }) => (event.type === 'ACTION' ? { pendingTest: TEST_OF_ACTION[event.action] ?? 'readerStatus' } : {}))],
          },
        ],
      },
    }),

    testing: s.createStateConfig({
      tags: 'screen:testing',
      invoke: {
        src: 'selfTest',
        input: ({ context }) => ({ test: context.pendingTest }),
        onDone: {
          target: 'devices',
          actions: [
            assign(({ context, event }) => ({
              selfTests: withSelfTest(context, event.output.ok, event.output.detail),
              banner: isReset(context.pendingTest)
                ? (event.output.ok ? 'deviceResetOk' as const : 'deviceResetFailed' as const)
                : (event.output.ok ? 'testPassed' as const : 'testFailed' as const),
              // A captured test card is gone from the slot.
              heldCard: context.pendingTest === 'capture' && event.output.ok ? 'none' as const : context.heldCard,
            })),
            {
              type: 'operatorAction',
              params: ({ context, event }) => ({
                technician: isReset(context.pendingTest) ? 'deviceReset' : 'selfTest', device: DEVICE_OF_TEST[context.pendingTest], test: context.pendingTest, passed: event.output.ok,
              }),
            },
            {
              type: 'journalIf',
              params: ({ context, event }) => (context.pendingTest === 'capture' && event.output.ok ? { type: 'card.captured', payload: { reason: 'technicianTest' } } : null),
            },
          ],
        },
        onError: {
          target: 'devices',
          actions: assign(({ context, event }) => ({ selfTests: withSelfTest(context, false, (event.error as Error).message), banner: 'testFailed' as const })),
        },
      },
    }),

    presentingTestCard: s.createStateConfig({
      tags: 'screen:ejectingCard',
      invoke: { src: 'presentCard', onDone: { target: 'devices', actions: assign({ heldCard: 'test' as const }) }, onError: 'devices' },
    }),

    /** Live raw traffic: refreshed every tick while the inactivity timer runs on. */
    traffic: s.createStateConfig({
      type: 'parallel',
      tags: 'screen:traffic',
      entry: ['loadTraffic', { type: 'operatorAction', params: { technician: 'diagnosticsRun', device: 'cardReader', note: 'raw traffic view' } }],
      on: { ACTION: { guard: is('back'), target: 'technicianMenu' } },
      states: {
        watch: IDLE,
        refresher: {
          initial: 'waiting',
          states: { waiting: { after: { refresh: { target: 'waiting', reenter: true, actions: 'loadTraffic' } } } },
        },
      },
    }),

    health: s.createStateConfig({
      ...IDLE,
      tags: 'screen:health',
      invoke: {
        src: 'health',
        onDone: { actions: [assign({ health: ({ event }) => event.output }), { type: 'operatorAction', params: { technician: 'diagnosticsRun', note: 'kiosk health' } }] },
        onError: { actions: { type: 'showBanner', params: { banner: 'hqUnavailable' } } },
      },
      on: {
        ACTION: [
          { guard: is('verifyJournal'), target: 'verifyingJournal' },
          { guard: is('back'), target: 'technicianMenu', actions: 'clearBanner' },
        ],
      },
    }),

    verifyingJournal: s.createStateConfig({
      tags: 'screen:verifyingJournal',
      invoke: {
        src: 'verifyJournal',
        onDone: {
          target: 'health',
          actions: [
            assign(({ event }) => ({ banner: event.output.ok ? 'journalVerified' as const : 'journalBroken' as const })),
            { type: 'operatorAction', params: { technician: 'journalInspected', note: 'chain verified' } },
          ],
        },
        onError: { target: 'health', actions: { type: 'showBanner', params: { banner: 'journalBroken' } } },
      },
    }),

    // Issue 8: "export ... to a chosen folder": the kiosk's own, or a removable drive mounted now.
    findingExportTargets: s.createStateConfig({
      tags: 'screen:exporting',
      invoke: {
        src: 'exportTargets',
        onDone: { target: 'choosingExportTarget', actions: assign({ exportTargets: ({ event }) => event.output.slice(0, MAX_EXPORT_TARGETS), exportDir: null }) },
        onError: { target: 'technicianMenu', actions: { type: 'showBanner', params: { banner: 'exportFailed' } } },
      },
    }),

    choosingExportTarget: s.createStateConfig({
      ...IDLE,
      tags: 'screen:exportTarget',
      on: {
        EXPORT_TARGET: {
          guard: 'exportTargetOffered',
          target: 'exporting',
          actions: assign({ exportDir: ({ context, event }) => context.exportTargets[event.index]?.path ?? null }),
        },
        ACTION: [{ guard: is('back'), target: 'technicianMenu', actions: 'clearBanner' }],
      },
    }),

    exporting: s.createStateConfig({
      tags: 'screen:exporting',
      invoke: {
        src: 'exportBundle',
        input: ({ context }) => ({ createdBy: context.operator.staffId, selfTests: context.selfTests, dir: context.exportDir }),
        onDone: {
          target: 'technicianMenu',
          actions: [
            assign(({ event }) => (event.output.ok ? { banner: 'exported' as const, exportedTo: event.output.path.slice(-300) } : { banner: 'exportFailed' as const, exportedTo: null })),
            { type: 'operatorActionIf', params: ({ event }) => (event.output.ok ? { technician: 'diagnosticsExported' } : null) },
          ],
        },
        onError: { target: 'technicianMenu', actions: { type: 'showBanner', params: { banner: 'exportFailed' } } },
      },
    }),

    uploading: s.createStateConfig({
      tags: 'screen:uploading',
      invoke: {
        src: 'uploadBundle',
        input: ({ context }) => ({ createdBy: context.operator.staffId, sessionId: context.sessionId, selfTests: context.selfTests }),
        onDone: {
          target: 'technicianMenu',
          actions: [{ type: 'showBanner', params: { banner: 'uploaded' } }, { type: 'operatorAction', params: { technician: 'diagnosticsUploaded' } }],
        },
        onError: { target: 'technicianMenu', actions: assign({ banner: ({ event }) => (errorBanner(event.error) === 'notPermitted' ? 'notPermitted' as const : 'uploadFailed' as const) }) },
      },
    }),

    confirm: s.createStateConfig({
      ...IDLE,
      tags: 'screen:confirm',
      on: {
        ACTION: [
          { guard: is('confirm'), target: 'exiting' },
          { guard: is('back'), target: 'technicianMenu' },
        ],
      },
    }),

    /** Exit or restart: journaled first (no exit the journal does not hold), HQ session ended, then the shells are asked to close the window. */
    exiting: s.createStateConfig({
      tags: 'screen:loggingOut',
      entry: [
        { type: 'operatorAction', params: ({ context }) => ({ technician: context.confirmWhat === 'exit' ? 'appExit' : 'appRestart' }) },
        { type: 'journal', params: { type: 'technician.loggedOut', payload: { reason: 'logout' } } },
        { type: 'journal', params: { type: 'session.ended', payload: { reason: 'loggedOut' } } },
      ],
      invoke: {
        src: 'endSession',
        input: ({ context }) => ({ sessionId: context.sessionId }),
        onDone: { target: 'done', actions: 'requestExit' },
      },
    }),
  };
}
