/**
 * Service mode (issue 8) as its own XState v5 machine, invoked by the kiosk
 * machine once HQ has authenticated a staff or technician card and its PIN.
 * Like the customer flow, every state maps to one screen (service-view.ts),
 * every wait is an invoked actor, every timer is a state, and secrets (the
 * customer's card number, the new PIN digits, the scanned document) stay in
 * the core's vault, outside the machine's context.
 *
 * The operator's card. After log-in the card is presented at the slot and
 * held there (`heldCard: 'own'`); taking it logs the operator out (issue 8:
 * "log out on card removal"). Two screens ask for another card on purpose:
 * staff looking a customer up by the customer's card, and a technician
 * using a test card. There the operator takes their card and inserts the
 * other; from then on the session ends at log-out or at the (shorter than
 * customers') inactivity timeout, and taking the other card only ends the
 * use of that card.
 *
 * Permissions are checked before an action reaches this machine
 * (permissions.ts, used by the core); HQ checks its own operations again.
 * Every action is journaled with the operator's id and, for customer work,
 * the customer's masked card.
 */
import { countdown, inactivityStates } from '../inactivity';
import { assign, fromPromise, setup } from 'xstate';
import { MAX_EXPORT_TARGETS, type MemberNumberKey, type PinMessage, type SelfTestName, type SelfTestResult, type ServiceAction, type ServiceBanner, type ServiceCustomer, type StaffIdentityView } from '../../../shared/bridge';
import type { DeviceReport, KioskHealth, PresentPort, TrafficEntry } from '../../../shared/diagnostics/diagnostics-bundle';
import { maskCardNumber } from '../../../shared/domain/card-number';
import { toHalfWidth } from '../../../shared/domain/half-width';
import type {
  StaffConfirmIdentityResponse, StaffLookupRequest, StaffLookupResponse, StaffRefusal, StaffResetPinResponse, StaffUnlockResponse, StaffVerifyIdentityResponse, WeakPinReason,
} from '../../../shared/hq-api';
import type { IdentityDocumentKind } from '../../../shared/identity/identity-document';
import type { JournalActor, JournalEvent } from '../../../shared/journal';
import type { SessionVault } from '../kiosk-machine';
import type { CardReaderPort, CardReadOutcome, DocumentScanOutcome, FlowTiming, IdScannerPort, JournalPort } from '../ports';
import type { PinPadEvent } from '../soft-pin-pad';
import { OperatorRefusedError, type CaptureRecord, type ExportTarget, type OperatorIdentity, type ServicePorts } from './service-ports';

export interface ServiceDeps extends ServicePorts {
  cardReader: CardReaderPort;
  idScanner: IdScannerPort;
  journal: JournalPort;
  vault: SessionVault;
  timing: FlowTiming;
  endSession(sessionId: string): Promise<void>;
}

export interface ServiceInput {
  operator: OperatorIdentity;
  /** The HQ session opened by the operator's card authentication; every staff call names it. */
  sessionId: string;
  outOfService: boolean;
}

/** Which card the reader holds at the slot: the operator's own, another (a customer's), a test card, or none. */
export type HeldCard = 'own' | 'other' | 'test' | 'none';

export interface ServiceContext {
  operator: OperatorIdentity;
  sessionId: string;
  outOfService: boolean;
  banner: ServiceBanner | null;
  exportedTo: string | null;
  /** Where the technician may write the bundle (the kiosk's folder, removable drives), and the one chosen. */
  exportTargets: ExportTarget[];
  exportDir: string | null;
  memberDigits: string;
  customer: ServiceCustomer | null;
  identity: StaffIdentityView | null;
  documentKind: IdentityDocumentKind | null;
  confirmed: boolean;
  scanUnreadable: boolean;
  heldCard: HeldCard;
  swapPurpose: 'customerCard' | 'testCard';
  selfTests: SelfTestResult[];
  pendingTest: SelfTestName;
  portsPresent: { ports: PresentPort[]; error: string | null } | null;
  deviceReports: DeviceReport[];
  traffic: TrafficEntry[];
  health: KioskHealth | null;
  captures: CaptureRecord[];
  retainBin: { count: number; state: 'ok' | 'high' | 'full' };
  pinDigits: number;
  pinMessage: PinMessage | null;
  confirmWhat: 'exit' | 'restart';
  secondsLeft: number;
  ending: 'logout' | 'timeout' | 'cardRemoved';
}

export type ServiceEvent =
  | { type: 'ACTION'; action: ServiceAction }
  | { type: 'MEMBER_KEY'; key: MemberNumberKey }
  | { type: 'EXPORT_TARGET'; index: number }
  | { type: 'PIN'; result: PinPadEvent; count: number }
  | { type: 'CARD_INSERTED' }
  | { type: 'CARD_REMOVED' }
  | { type: 'TOUCH' }
  | { type: 'CANCEL' }
  | { type: 'AVAILABILITY'; outOfService: boolean }
  | { type: 'NOT_PERMITTED' }
  | { type: 'JOURNAL_FAILED' };

const MEMBER_NUMBER_LENGTH = 9;
const MAX_SELF_TESTS_SHOWN = 20;
const TRAFFIC_SHOWN = 60;

const WEAK_PIN_MESSAGE: Record<WeakPinReason, PinMessage> = {
  notFourDigits: 'weakCommon',
  repeatedDigits: 'weakRepeated',
  sequential: 'weakSequential',
  birthDate: 'weakBirthDate',
  denyListed: 'weakCommon',
};

const REFUSAL_BANNER: Record<StaffRefusal, ServiceBanner> = {
  accountSuspended: 'accountSuspended',
  identityNotVerified: 'identityNotVerified',
  notConfirmed: 'notConfirmed',
  cardNotUsable: 'cardNotUsable',
  noCard: 'noCard',
};

const IDENTITY_BANNER: Record<StaffIdentityView['decision'], ServiceBanner> = {
  verified: 'identityVerified',
  mismatch: 'identityMismatch',
  documentExpired: 'documentExpired',
  documentInvalid: 'documentInvalid',
  tooManyAttempts: 'tooManyAttempts',
};

/** HQ away or refusing the operator: a banner, never a frozen screen. */
function errorBanner(error: unknown): ServiceBanner {
  return error instanceof OperatorRefusedError && error.code === 'operatorNotPermitted' ? 'notPermitted' : 'hqUnavailable';
}

/** Tests that use the card at the slot, and what they need. */
const DEVICE_OF_TEST: Record<SelfTestName, 'cardReader' | 'idScanner'> = {
  readerReset: 'cardReader', readerStatus: 'cardReader', readerLed: 'cardReader', readCard: 'cardReader', eject: 'cardReader', capture: 'cardReader',
  scan: 'idScanner', resetCardReader: 'cardReader', resetIdScanner: 'idScanner',
};

const TEST_OF_ACTION: Partial<Record<ServiceAction, SelfTestName>> = {
  testReaderReset: 'readerReset', testReaderStatus: 'readerStatus', testReaderLed: 'readerLed', testReadCard: 'readCard',
  testEject: 'eject', testCapture: 'capture', testScan: 'scan', resetCardReader: 'resetCardReader', resetIdScanner: 'resetIdScanner',
};

export function createServiceMachine(deps: ServiceDeps) {
  const actorOf = (context: ServiceContext): JournalActor =>
    context.operator.role === 'staff' ? { kind: 'staff', staffId: context.operator.staffId } : { kind: 'technician', technicianId: context.operator.staffId };

  /** Journals one event; a journal that cannot store it ends the session (no operation without a journal entry, ARCHITECTURE.md). */
  const record = (context: ServiceContext, self: { send(event: ServiceEvent): void }, event: Omit<JournalEvent, 'actor' | 'sessionId'>): void => {
    const ok = deps.journal({ ...event, actor: actorOf(context), sessionId: context.sessionId } as JournalEvent);
    if (!ok) self.send({ type: 'JOURNAL_FAILED' });
  };
  /** An operator action, in the role's own journal event. */
  const operatorAction = (
    context: ServiceContext,
    self: { send(event: ServiceEvent): void },
    staff: JournalEventPayload<'staff.action'>['action'] | null,
    technician: JournalEventPayload<'technician.action'>['action'] | null,
    extra: { test?: string; passed?: boolean; device?: 'cardReader' | 'idScanner'; note?: string } = {},
  ): void => {
    if (context.operator.role === 'staff' && staff) {
      record(context, self, { type: 'staff.action', payload: { action: staff, ...(context.customer?.cardMasked ? { targetMaskedCard: context.customer.cardMasked } : {}), ...(extra.note ? { note: extra.note } : {}) } });
    } else if (context.operator.role === 'technician' && technician) {
      record(context, self, { type: 'technician.action', payload: { action: technician, ...extra } });
    }
  };

  const is = (action: ServiceAction) => ({ event }: { event: ServiceEvent }) => event.type === 'ACTION' && event.action === action;

  const IDLE = inactivityStates('#service.timedOut');

  return setup({
    types: { context: {} as ServiceContext, events: {} as ServiceEvent, input: {} as ServiceInput },
    actors: {
      presentCard: fromPromise<'ok' | 'fault'>(() => deps.cardReader.eject()),
      captureCard: fromPromise<'ok' | 'binFull' | 'fault'>(() => deps.cardReader.capture()),
      readCard: fromPromise<CardReadOutcome>(() => deps.cardReader.readCard()),
      lookup: fromPromise<StaffLookupResponse, { sessionId: string; by: StaffLookupRequest['by'] }>(({ input }) => deps.staffHq.lookup(input.sessionId, input.by)),
      scanIdentity: fromPromise<DocumentScanOutcome>(({ signal }) => deps.idScanner.scanIdentity(deps.timing.documentScanTimeoutMs, signal)),
      verifyIdentity: fromPromise<StaffVerifyIdentityResponse, { sessionId: string }>(({ input }) => {
        const document = deps.vault.document;
        if (!document) throw new Error('no document in session');
        return deps.staffHq.verifyIdentity(input.sessionId, document);
      }),
      confirmIdentity: fromPromise<StaffConfirmIdentityResponse, { sessionId: string }>(({ input }) => deps.staffHq.confirmIdentity(input.sessionId)),
      clearLock: fromPromise<StaffUnlockResponse, { sessionId: string }>(({ input }) => deps.staffHq.clearLock(input.sessionId)),
      resetPin: fromPromise<StaffResetPinResponse, { sessionId: string }>(({ input }) => deps.staffHq.resetPin(input.sessionId, deps.vault.newPin)),
      portsPresent: fromPromise<{ ports: PresentPort[]; error: string | null }>(() => deps.technician.portsPresent()),
      selfTest: fromPromise<{ ok: boolean; detail: string }, { test: SelfTestName }>(({ input }) => deps.technician.selfTest(input.test)),
      health: fromPromise<KioskHealth>(() => deps.technician.health()),
      verifyJournal: fromPromise(() => deps.technician.verifyJournal()),
      exportTargets: fromPromise<ExportTarget[]>(() => deps.technician.exportTargets()),
      exportBundle: fromPromise<{ ok: true; path: string } | { ok: false; detail: string }, { createdBy: string; selfTests: SelfTestResult[]; dir: string | null }>(async ({ input }) =>
        deps.technician.writeBundle(await deps.technician.buildBundle(input.createdBy, input.selfTests), ...(input.dir ? [input.dir] : []))),
      uploadBundle: fromPromise<{ bundleId: string }, { createdBy: string; sessionId: string; selfTests: SelfTestResult[] }>(async ({ input }) =>
        deps.staffHq.uploadDiagnostics(input.sessionId, await deps.technician.buildBundle(input.createdBy, input.selfTests))),
      endSession: fromPromise<void, { sessionId: string }>(async ({ input }) => {
        // Best effort: HQ ends idle sessions itself.
        await deps.endSession(input.sessionId).catch(() => undefined);
      }),
    },
    delays: {
      inactivity: () => deps.timing.serviceInactivityMs,
      tick: () => deps.timing.tickMs,
      swap: () => deps.timing.serviceInactivityMs,
      refresh: () => deps.timing.tickMs,
    },
    guards: {
      lastSecond: ({ context }) => context.secondsLeft <= 1,
      isStaff: ({ context }) => context.operator.role === 'staff',
      holdsOwnCard: ({ context }) => context.heldCard === 'own',
      holdsAnyCard: ({ context }) => context.heldCard !== 'none',
    },
    actions: {
      startWarning: assign({ secondsLeft: () => deps.timing.serviceInactivityWarningSeconds }),
      countDown: assign({ secondsLeft: ({ context }) => Math.max(0, context.secondsLeft - 1) }),
      clearBanner: assign({ banner: null, exportedTo: null }),
      acceptCards: () => { void deps.cardReader.setAcceptingCards(true).catch(() => undefined); },
      refuseCards: () => { void deps.cardReader.setAcceptingCards(false).catch(() => undefined); },
      wipePins: () => {
        deps.vault.newPin.wipe();
        deps.vault.confirmPin.wipe();
      },
      forgetCustomer: assign(() => {
        deps.vault.cardNumber = null;
        deps.vault.document = null;
        return { customer: null, identity: null, documentKind: null, confirmed: false, scanUnreadable: false, memberDigits: '' };
      }),
      trackPin: assign(({ event }) => (event.type === 'PIN' ? { pinDigits: event.count } : {})),
      setOutOfService: ({ context, self }, params: { on: boolean }) => {
        operatorAction(context, self, params.on ? 'outOfServiceSet' : 'outOfServiceCleared', params.on ? 'outOfServiceSet' : 'outOfServiceCleared');
        deps.control.setOutOfService(params.on);
      },
      loadRetainBin: assign(() => ({ retainBin: deps.technician.retainBin(), captures: deps.technician.recentCaptures(20) })),
      loadDevices: assign(() => ({ deviceReports: deps.technician.deviceReports() })),
      loadTraffic: assign(() => ({ traffic: deps.technician.traffic(TRAFFIC_SHOWN) })),
    },
  }).createMachine({
    id: 'service',
    initial: 'entering',
    context: ({ input }) => ({
      operator: input.operator,
      sessionId: input.sessionId,
      outOfService: input.outOfService,
      banner: null,
      exportedTo: null,
      exportTargets: [],
      exportDir: null,
      memberDigits: '',
      customer: null,
      identity: null,
      documentKind: null,
      confirmed: false,
      scanUnreadable: false,
      heldCard: 'own',
      swapPurpose: 'customerCard',
      selfTests: [],
      pendingTest: 'readerStatus',
      portsPresent: null,
      deviceReports: [],
      traffic: [],
      health: null,
      captures: [],
      retainBin: { count: 0, state: 'ok' },
      pinDigits: 0,
      pinMessage: null,
      confirmWhat: 'exit',
      secondsLeft: 0,
      ending: 'logout',
    }),
    on: {
      AVAILABILITY: { actions: assign({ outOfService: ({ event }) => event.outOfService }) },
      NOT_PERMITTED: { actions: assign({ banner: 'notPermitted' as const }) },
      JOURNAL_FAILED: '.ending',
      // Taking the operator's own card logs out; taking any other card only means it is no longer held.
      CARD_REMOVED: [
        { guard: 'holdsOwnCard', target: '.cardTaken' },
        { actions: assign({ heldCard: 'none' as const }) },
      ],
    },
    states: {
      entering: {
        entry: [
          ({ context, self }) => {
            record(context, self, { type: context.operator.role === 'staff' ? 'staff.loggedIn' : 'technician.loggedIn', payload: {} });
            record(context, self, { type: 'session.started', payload: { kind: context.operator.role } });
          },
          () => { deps.vault.cardNumber = null; },
        ],
        // The card is presented at the slot and held there while the operator works.
        invoke: { src: 'presentCard', onDone: 'menu', onError: 'menu' },
      },

      menu: {
        always: [{ guard: 'isStaff', target: 'staffMenu' }, { target: 'technicianMenu' }],
      },

      staffMenu: {
        ...IDLE,
        entry: 'forgetCustomer',
        on: {
          ACTION: [
            { guard: is('lookupByCard'), target: 'swapCard', actions: ['clearBanner', assign({ swapPurpose: 'customerCard' as const })] },
            { guard: is('lookupByMemberNumber'), target: 'memberNumber', actions: 'clearBanner' },
            { guard: is('viewCapturedCards'), target: 'capturedCards', actions: 'clearBanner' },
            { guard: is('takeOutOfService'), actions: [{ type: 'setOutOfService', params: { on: true } }, assign({ banner: 'outOfServiceSet' as const })] },
            { guard: is('returnToService'), actions: [{ type: 'setOutOfService', params: { on: false } }, assign({ banner: 'outOfServiceCleared' as const })] },
            { guard: is('logout'), target: 'loggingOut', actions: assign({ ending: 'logout' as const }) },
          ],
        },
      },

      technicianMenu: {
        ...IDLE,
        on: {
          ACTION: [
            { guard: is('viewDevices'), target: 'devices', actions: 'clearBanner' },
            { guard: is('viewTraffic'), target: 'traffic', actions: 'clearBanner' },
            { guard: is('viewHealth'), target: 'health', actions: 'clearBanner' },
            { guard: is('viewCapturedCards'), target: 'capturedCards', actions: 'clearBanner' },
            { guard: is('exportDiagnostics'), target: 'findingExportTargets', actions: 'clearBanner' },
            { guard: is('uploadDiagnostics'), target: 'uploading', actions: 'clearBanner' },
            { guard: is('takeOutOfService'), actions: [{ type: 'setOutOfService', params: { on: true } }, assign({ banner: 'outOfServiceSet' as const })] },
            { guard: is('returnToService'), actions: [{ type: 'setOutOfService', params: { on: false } }, assign({ banner: 'outOfServiceCleared' as const })] },
            { guard: is('exitApp'), target: 'confirm', actions: ['clearBanner', assign({ confirmWhat: 'exit' as const })] },
            { guard: is('restartApp'), target: 'confirm', actions: ['clearBanner', assign({ confirmWhat: 'restart' as const })] },
            { guard: is('logout'), target: 'loggingOut', actions: assign({ ending: 'logout' as const }) },
          ],
        },
      },

      // ---- branch staff: finding the customer ----

      memberNumber: {
        ...IDLE,
        entry: assign({ memberDigits: '' }),
        on: {
          MEMBER_KEY: [
            { guard: ({ context, event }) => event.key === 'enter' && context.memberDigits.length === MEMBER_NUMBER_LENGTH, target: 'lookingUpMember', actions: 'clearBanner' },
            { guard: ({ event }) => event.key === 'enter', actions: assign({ banner: 'memberNumberIncomplete' as const }) },
            {
              actions: assign(({ context, event }) => {
                const key = event.key;
                if (key === 'backspace') return { memberDigits: context.memberDigits.slice(0, -1), banner: null };
                if (key === 'clear') return { memberDigits: '', banner: null };
                // Full-width digits fold to half-width (DOMAIN.md: normalise what can be normalised safely).
                const digit = toHalfWidth(key);
                if (!/^\d$/.test(digit) || context.memberDigits.length >= MEMBER_NUMBER_LENGTH) return {};
                return { memberDigits: context.memberDigits + digit, banner: null };
              }),
            },
          ],
          ACTION: { guard: is('back'), target: 'staffMenu' },
        },
      },

      lookingUpMember: {
        invoke: {
          src: 'lookup',
          input: ({ context }) => ({ sessionId: context.sessionId, by: { kind: 'memberNumber' as const, memberNumber: context.memberDigits } }),
          onDone: [
            {
              guard: ({ event }) => event.output.outcome === 'found',
              target: 'customer',
              actions: [
                assign(({ event }) => (event.output.outcome === 'found' ? { customer: event.output.customer, identity: null, confirmed: false } : {})),
                ({ context, self }) => operatorAction(context, self, 'customerLookedUp', null, { note: 'by member number' }),
              ],
            },
            {
              target: 'memberNumber',
              actions: [
                assign({ banner: 'customerNotFound' as const }),
                ({ context, self }) => operatorAction(context, self, 'customerNotFound', null, { note: 'by member number' }),
              ],
            },
          ],
          onError: { target: 'staffMenu', actions: assign({ banner: ({ event }) => errorBanner(event.error) }) },
        },
      },

      /** Take your own card, then insert the other one. */
      swapCard: {
        initial: 'takeOwnCard',
        states: {
          takeOwnCard: {
            ...IDLE,
            always: { guard: ({ context }) => context.heldCard === 'none', target: 'insertCard' },
            on: {
              // Expected here: not a log-out.
              CARD_REMOVED: { target: 'insertCard', actions: assign({ heldCard: 'none' as const }) },
              ACTION: { guard: is('back'), target: '#service.returnFromSwap' },
            },
          },
          insertCard: {
            entry: 'acceptCards',
            exit: 'refuseCards',
            // The swap window is the service inactivity timeout: no card held, nobody there, log out.
            after: { swap: { target: '#service.timedOut', actions: assign({ banner: 'swapTimedOut' as const }) } },
            on: {
              CARD_INSERTED: 'reading',
              ACTION: { guard: is('back'), target: '#service.returnFromSwap' },
            },
          },
          reading: {
            invoke: {
              src: 'readCard',
              onDone: [
                {
                  guard: ({ context, event }) => event.output.ok && context.swapPurpose === 'customerCard',
                  target: '#service.lookingUpCard',
                  actions: ({ event }) => { deps.vault.cardNumber = event.output.ok ? event.output.cardNumber : null; },
                },
                // A test card needs no HQ: it is held for the reader tests, its number is never used.
                { guard: ({ context }) => context.swapPurpose === 'testCard', target: '#service.presentingTestCard' },
                { target: '#service.returningCard', actions: assign({ banner: 'cardUnreadable' as const }) },
              ],
              onError: { target: '#service.returningCard', actions: assign({ banner: 'cardUnreadable' as const }) },
            },
          },
        },
      },

      returnFromSwap: {
        always: [{ guard: ({ context }) => context.swapPurpose === 'customerCard', target: 'staffMenu' }, { target: 'devices' }],
      },

      lookingUpCard: {
        invoke: {
          src: 'lookup',
          input: ({ context }) => {
            const cardNumber = deps.vault.cardNumber;
            if (!cardNumber) throw new Error('no card read');
            return { sessionId: context.sessionId, by: { kind: 'card' as const, cardNumber } };
          },
          onDone: [
            {
              guard: ({ event }) => event.output.outcome === 'found',
              target: 'presentingCustomerCard',
              actions: [
                assign(({ event }) => (event.output.outcome === 'found' ? { customer: event.output.customer, identity: null, confirmed: false } : {})),
                ({ context, self }) => operatorAction(context, self, 'customerLookedUp', null, { note: 'by card' }),
              ],
            },
            {
              guard: ({ event }) => event.output.outcome === 'captureCard',
              target: 'capturingLostCard',
              actions: ({ context, self }) => {
                const number = deps.vault.cardNumber;
                record(context, self, { type: 'identification.result', payload: { method: 'staffCard', outcome: 'lostOrStolen' } });
                if (number) record(context, self, { type: 'card.read', payload: { maskedCard: maskCardNumber(number) } });
              },
            },
            {
              target: 'returningCard',
              actions: [
                assign(({ event }) => ({ banner: event.output.outcome === 'operatorCard' ? 'operatorCardGiven' as const : 'customerNotFound' as const })),
                ({ context, self }) => operatorAction(context, self, 'customerNotFound', null, { note: 'by card' }),
              ],
            },
          ],
          onError: { target: 'returningCard', actions: assign({ banner: ({ event }) => errorBanner(event.error) }) },
        },
        exit: () => { deps.vault.cardNumber = null; },
      },

      presentingCustomerCard: {
        invoke: { src: 'presentCard', onDone: { target: 'customer', actions: assign({ heldCard: 'other' as const }) }, onError: 'customer' },
      },

      /** Not the card we wanted: back to the slot for the staff member to take, then the menu. */
      returningCard: {
        invoke: { src: 'presentCard', onDone: { target: 'menu', actions: assign({ heldCard: 'other' as const }) }, onError: 'menu' },
      },

      capturingLostCard: {
        invoke: {
          src: 'captureCard',
          onDone: {
            target: 'menu',
            actions: [
              assign({ heldCard: 'none' as const, banner: 'cardCaptured' as const }),
              ({ context, self }) => record(context, self, { type: 'card.captured', payload: { reason: 'lostOrStolen' } }),
            ],
          },
          onError: { target: 'menu', actions: assign({ banner: 'cardCaptured' as const }) },
        },
      },

      // ---- branch staff: the customer ----

      customer: {
        ...IDLE,
        on: {
          ACTION: [
            { guard: is('scanIdentity'), target: 'scanning', actions: 'clearBanner' },
            {
              guard: ({ context, event }) => event.type === 'ACTION' && event.action === 'confirmIdentity' && context.identity?.decision === 'verified',
              target: 'confirming',
              actions: 'clearBanner',
            },
            { guard: ({ context, event }) => event.type === 'ACTION' && event.action === 'unlockAndSetPin' && context.confirmed, target: 'clearingLock', actions: 'clearBanner' },
            { guard: ({ event }) => event.type === 'ACTION' && (event.action === 'finishCustomer' || event.action === 'back'), target: 'staffMenu', actions: 'clearBanner' },
          ],
        },
      },

      scanning: {
        entry: assign({ scanUnreadable: false }),
        invoke: {
          src: 'scanIdentity',
          onDone: [
            {
              // An expired document still goes to HQ: staff are shown which field failed.
              guard: ({ event }) => event.output.ok || event.output.reason === 'expired',
              target: 'verifying',
              actions: [
                assign(({ event }) => {
                  const document = event.output.ok ? event.output.document : event.output.reason === 'expired' ? event.output.document : null;
                  deps.vault.document = document;
                  return { documentKind: document?.kind ?? null };
                }),
                ({ context, self, event }) => {
                  const document = deps.vault.document;
                  if (document) record(context, self, { type: 'document.scanned', payload: { kind: document.kind, source: document.source, validity: event.output.ok ? 'valid' : 'expired' } });
                },
              ],
            },
            { target: 'customer', actions: assign({ scanUnreadable: true, banner: 'documentUnreadable' as const }) },
          ],
          onError: { target: 'customer', actions: assign({ scanUnreadable: true, banner: 'documentUnreadable' as const }) },
        },
      },

      verifying: {
        invoke: {
          src: 'verifyIdentity',
          input: ({ context }) => ({ sessionId: context.sessionId }),
          onDone: {
            target: 'customer',
            actions: [
              assign(({ context, event }) => {
                const out = event.output;
                return {
                  identity: { decision: out.decision, documentKind: context.documentKind, fields: 'fields' in out ? out.fields : null },
                  confirmed: false,
                  banner: IDENTITY_BANNER[out.decision],
                };
              }),
              ({ context, self, event }) => operatorAction(context, self, event.output.decision === 'verified' ? 'identityChecked' : 'identityRefused', null,
                event.output.reasons.length ? { note: event.output.reasons.join(' ') } : {}),
            ],
          },
          onError: { target: 'customer', actions: assign({ banner: ({ event }) => errorBanner(event.error) }) },
        },
        exit: () => { deps.vault.document = null; },
      },

      confirming: {
        invoke: {
          src: 'confirmIdentity',
          input: ({ context }) => ({ sessionId: context.sessionId }),
          onDone: [
            {
              guard: ({ event }) => event.output.outcome === 'confirmed',
              target: 'customer',
              actions: [assign({ confirmed: true, banner: 'identityConfirmed' as const }), ({ context, self }) => operatorAction(context, self, 'identityConfirmed', null)],
            },
            { target: 'customer', actions: assign(({ event }) => ({ banner: event.output.outcome === 'refused' ? REFUSAL_BANNER[event.output.reason] : null })) },
          ],
          onError: { target: 'customer', actions: assign({ banner: ({ event }) => errorBanner(event.error) }) },
        },
      },

      clearingLock: {
        invoke: {
          src: 'clearLock',
          input: ({ context }) => ({ sessionId: context.sessionId }),
          onDone: [
            {
              guard: ({ event }) => event.output.outcome === 'lockCleared',
              target: 'stepAway',
              actions: [
                assign(({ context }) => ({ banner: 'lockCleared' as const, customer: context.customer ? { ...context.customer, locked: false } : null })),
                ({ context, self, event }) => {
                  operatorAction(context, self, 'lockCleared', null);
                  if (event.output.outcome === 'lockCleared' && event.output.wasLocked) {
                    record(context, self, { type: 'lock.cleared', payload: { identityDocument: context.documentKind ?? 'driversLicence', withPinReset: false } });
                  }
                },
              ],
            },
            {
              target: 'customer',
              actions: [
                assign(({ event }) => ({ banner: event.output.outcome === 'refused' ? REFUSAL_BANNER[event.output.reason] : null })),
                ({ context, self, event }) => operatorAction(context, self, 'unlockRefused', null, event.output.outcome === 'refused' ? { note: event.output.reason } : {}),
              ],
            },
          ],
          onError: { target: 'customer', actions: assign({ banner: ({ event }) => errorBanner(event.error) }) },
        },
      },

      /** The staff member steps away; the customer's own PIN entry follows (issue 8: "set a new PIN privately"). */
      stepAway: {
        ...IDLE,
        on: {
          ACTION: [
            { guard: is('customerReady'), target: 'customerNewPin', actions: ['clearBanner', assign({ pinMessage: null })] },
            { guard: is('back'), target: 'customer', actions: assign({ banner: 'pinNotChanged' as const }) },
          ],
        },
      },

      customerNewPin: {
        ...IDLE,
        entry: [assign({ pinDigits: 0 }), 'wipePins'],
        on: {
          PIN: [
            { guard: ({ event }) => event.result === 'enter', target: 'customerConfirmPin' },
            { actions: ['trackPin', assign({ pinMessage: null })] },
          ],
          CANCEL: { target: 'customer', actions: ['wipePins', assign({ banner: 'pinNotChanged' as const })] },
        },
      },

      customerConfirmPin: {
        ...IDLE,
        entry: assign({ pinDigits: 0 }),
        on: {
          PIN: [
            { guard: ({ event }) => event.result === 'enter' && deps.vault.newPin.sameAs(deps.vault.confirmPin), target: 'settingPin', actions: () => deps.vault.confirmPin.wipe() },
            { guard: ({ event }) => event.result === 'enter', target: 'customerNewPin', actions: assign({ pinMessage: 'pinsDidNotMatch' as const }) },
            { actions: 'trackPin' },
          ],
          CANCEL: { target: 'customer', actions: ['wipePins', assign({ banner: 'pinNotChanged' as const })] },
        },
      },

      settingPin: {
        invoke: {
          src: 'resetPin',
          input: ({ context }) => ({ sessionId: context.sessionId }),
          onDone: [
            {
              guard: ({ event }) => event.output.outcome === 'pinChanged',
              target: 'customer',
              actions: [
                assign(({ context }) => ({ banner: 'pinChanged' as const, pinMessage: null, customer: context.customer ? { ...context.customer, locked: false } : null })),
                ({ context, self }) => {
                  record(context, self, { type: 'pin.reset', payload: { outcome: 'changed', identityDocument: context.documentKind ?? 'driversLicence' } });
                  operatorAction(context, self, 'pinReset', null);
                },
              ],
            },
            {
              guard: ({ event }) => event.output.outcome === 'weakPin',
              target: 'customerNewPin',
              actions: [
                assign(({ event }) => ({ pinMessage: event.output.outcome === 'weakPin' ? WEAK_PIN_MESSAGE[event.output.reason] : null })),
                ({ context, self }) => record(context, self, { type: 'pin.reset', payload: { outcome: 'refusedGuessable', identityDocument: context.documentKind ?? 'driversLicence' } }),
              ],
            },
            {
              target: 'customer',
              actions: [
                assign(({ event }) => ({ banner: event.output.outcome === 'refused' ? REFUSAL_BANNER[event.output.reason] : 'pinNotChanged' as const })),
                ({ context, self, event }) => operatorAction(context, self, 'pinResetRefused', null, event.output.outcome === 'refused' ? { note: event.output.reason } : {}),
              ],
            },
          ],
          onError: { target: 'customer', actions: assign({ banner: ({ event }) => errorBanner(event.error) }) },
        },
        exit: 'wipePins',
      },

      // ---- captured cards (staff and technicians) ----

      capturedCards: {
        ...IDLE,
        entry: ['loadRetainBin', ({ context, self }) => operatorAction(context, self, 'capturedCardsViewed', 'journalInspected', { note: 'captured cards' })],
        on: {
          ACTION: [
            {
              guard: is('recordBinEmptied'),
              actions: [
                ({ context, self }) => {
                  const removed = deps.technician.emptyRetainBin();
                  record(context, self, { type: 'retainBin.emptied', payload: { cardsRemoved: removed } });
                  operatorAction(context, self, 'retainBinEmptied', 'retainBinEmptied', { device: 'cardReader' });
                },
                'loadRetainBin',
                assign({ banner: 'binEmptied' as const }),
              ],
            },
            { guard: is('back'), target: 'menu', actions: 'clearBanner' },
          ],
        },
      },

      // ---- technicians ----

      devices: {
        ...IDLE,
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
              guard: ({ event }) => event.type === 'ACTION' && TEST_OF_ACTION[event.action] !== undefined,
              target: 'testing',
              actions: ['clearBanner', assign(({ event }) => (event.type === 'ACTION' ? { pendingTest: TEST_OF_ACTION[event.action]! } : {}))],
            },
          ],
        },
      },

      testing: {
        invoke: {
          src: 'selfTest',
          input: ({ context }) => ({ test: context.pendingTest }),
          onDone: {
            target: 'devices',
            actions: [
              assign(({ context, event }) => ({
                selfTests: [{ test: context.pendingTest, ok: event.output.ok, detail: event.output.detail.slice(0, 200), at: new Date().toISOString() }, ...context.selfTests].slice(0, MAX_SELF_TESTS_SHOWN),
                banner: context.pendingTest === 'resetCardReader' || context.pendingTest === 'resetIdScanner'
                  ? (event.output.ok ? 'deviceResetOk' as const : 'deviceResetFailed' as const)
                  : (event.output.ok ? 'testPassed' as const : 'testFailed' as const),
                // A captured test card is gone from the slot.
                heldCard: context.pendingTest === 'capture' && event.output.ok ? 'none' as const : context.heldCard,
              })),
              ({ context, self, event }) => {
                const test = context.pendingTest;
                const reset = test === 'resetCardReader' || test === 'resetIdScanner';
                operatorAction(context, self, null, reset ? 'deviceReset' : 'selfTest', { device: DEVICE_OF_TEST[test], test, passed: event.output.ok });
                if (test === 'capture' && event.output.ok) record(context, self, { type: 'card.captured', payload: { reason: 'technicianTest' } });
              },
            ],
          },
          onError: {
            target: 'devices',
            actions: assign(({ context, event }) => ({
              selfTests: [{ test: context.pendingTest, ok: false, detail: (event.error as Error).message.slice(0, 200), at: new Date().toISOString() }, ...context.selfTests].slice(0, MAX_SELF_TESTS_SHOWN),
              banner: 'testFailed' as const,
            })),
          },
        },
      },

      presentingTestCard: {
        invoke: { src: 'presentCard', onDone: { target: 'devices', actions: assign({ heldCard: 'test' as const }) }, onError: 'devices' },
      },

      /** Live raw traffic: refreshed every tick while the inactivity timer runs on. */
      traffic: {
        type: 'parallel',
        entry: ['loadTraffic', ({ context, self }) => operatorAction(context, self, null, 'diagnosticsRun', { device: 'cardReader', note: 'raw traffic view' })],
        on: { ACTION: { guard: is('back'), target: 'technicianMenu' } },
        states: {
          watch: IDLE,
          refresher: {
            initial: 'waiting',
            states: { waiting: { after: { refresh: { target: 'waiting', reenter: true, actions: 'loadTraffic' } } } },
          },
        },
      },

      health: {
        ...IDLE,
        invoke: {
          src: 'health',
          onDone: { actions: [assign({ health: ({ event }) => event.output }), ({ context, self }) => operatorAction(context, self, null, 'diagnosticsRun', { note: 'kiosk health' })] },
          onError: { actions: assign({ banner: 'hqUnavailable' as const }) },
        },
        on: {
          ACTION: [
            { guard: is('verifyJournal'), target: 'verifyingJournal' },
            { guard: is('back'), target: 'technicianMenu', actions: 'clearBanner' },
          ],
        },
      },

      verifyingJournal: {
        invoke: {
          src: 'verifyJournal',
          onDone: {
            target: 'health',
            actions: [
              assign(({ event }) => ({ banner: event.output.ok ? 'journalVerified' as const : 'journalBroken' as const })),
              ({ context, self }) => operatorAction(context, self, null, 'journalInspected', { note: 'chain verified' }),
            ],
          },
          onError: { target: 'health', actions: assign({ banner: 'journalBroken' as const }) },
        },
      },

      // Issue 8: "export ... to a chosen folder": the kiosk's own, or a removable drive mounted now.
      findingExportTargets: {
        invoke: {
          src: 'exportTargets',
          onDone: { target: 'choosingExportTarget', actions: assign({ exportTargets: ({ event }) => event.output.slice(0, MAX_EXPORT_TARGETS), exportDir: null }) },
          onError: { target: 'technicianMenu', actions: assign({ banner: 'exportFailed' as const }) },
        },
      },

      choosingExportTarget: {
        ...IDLE,
        on: {
          EXPORT_TARGET: {
            guard: ({ context, event }) => event.index < context.exportTargets.length,
            target: 'exporting',
            actions: assign({ exportDir: ({ context, event }) => context.exportTargets[event.index]!.path }),
          },
          ACTION: [{ guard: is('back'), target: 'technicianMenu', actions: 'clearBanner' }],
        },
      },

      exporting: {
        invoke: {
          src: 'exportBundle',
          input: ({ context }) => ({ createdBy: context.operator.staffId, selfTests: context.selfTests, dir: context.exportDir }),
          onDone: {
            target: 'technicianMenu',
            actions: [
              assign(({ event }) => (event.output.ok ? { banner: 'exported' as const, exportedTo: event.output.path.slice(-300) } : { banner: 'exportFailed' as const, exportedTo: null })),
              ({ context, self, event }) => { if (event.output.ok) operatorAction(context, self, null, 'diagnosticsExported'); },
            ],
          },
          onError: { target: 'technicianMenu', actions: assign({ banner: 'exportFailed' as const }) },
        },
      },

      uploading: {
        invoke: {
          src: 'uploadBundle',
          input: ({ context }) => ({ createdBy: context.operator.staffId, sessionId: context.sessionId, selfTests: context.selfTests }),
          onDone: {
            target: 'technicianMenu',
            actions: [assign({ banner: 'uploaded' as const }), ({ context, self }) => operatorAction(context, self, null, 'diagnosticsUploaded')],
          },
          onError: { target: 'technicianMenu', actions: assign({ banner: ({ event }) => (errorBanner(event.error) === 'notPermitted' ? 'notPermitted' as const : 'uploadFailed' as const) }) },
        },
      },

      confirm: {
        ...IDLE,
        on: {
          ACTION: [
            { guard: is('confirm'), target: 'exiting' },
            { guard: is('back'), target: 'technicianMenu' },
          ],
        },
      },

      /** Exit or restart: journaled, HQ session ended, then the shells are asked to close the window. */
      exiting: {
        entry: ({ context, self }) => {
          operatorAction(context, self, null, context.confirmWhat === 'exit' ? 'appExit' : 'appRestart');
          record(context, self, { type: 'technician.loggedOut', payload: { reason: 'logout' } });
          record(context, self, { type: 'session.ended', payload: { reason: 'loggedOut' } });
        },
        invoke: {
          src: 'endSession',
          input: ({ context }) => ({ sessionId: context.sessionId }),
          onDone: { target: 'done', actions: ({ context }) => deps.control.requestExit(context.confirmWhat, context.operator.staffId) },
        },
      },

      // ---- the end of a service session ----

      timedOut: {
        entry: assign({ ending: 'timeout' as const }),
        always: 'loggingOut',
      },

      cardTaken: {
        entry: assign({ ending: 'cardRemoved' as const, heldCard: 'none' as const }),
        always: 'loggingOut',
      },

      loggingOut: {
        entry: [
          'wipePins',
          'forgetCustomer',
          ({ context, self }) => {
            record(context, self, { type: context.operator.role === 'staff' ? 'staff.loggedOut' : 'technician.loggedOut', payload: { reason: context.ending } });
            record(context, self, { type: 'session.ended', payload: { reason: 'loggedOut' } });
          },
        ],
        invoke: {
          src: 'endSession',
          input: ({ context }) => ({ sessionId: context.sessionId }),
          onDone: [{ guard: 'holdsAnyCard', target: 'takeCard' }, { target: 'done' }],
        },
      },

      /** A card still at the slot: "please take your card", then it is captured, as for customers (issue 7). */
      takeCard: {
        entry: assign({ secondsLeft: () => deps.timing.takeCardSeconds }),
        on: { CARD_REMOVED: 'done' },
        ...countdown('#service.capturingNotTaken'),
      },

      capturingNotTaken: {
        invoke: {
          src: 'captureCard',
          onDone: { target: 'done', actions: ({ context, self }) => record(context, self, { type: 'card.captured', payload: { reason: 'notTaken' } }) },
          onError: 'done',
        },
      },

      /** The journal refused an entry: stop at once, without another write. */
      ending: {
        entry: ['wipePins', 'forgetCustomer'],
        always: 'done',
      },

      done: { type: 'final' },
    },
  });
}

type JournalEventPayload<K extends JournalEvent['type']> = Extract<JournalEvent, { type: K }>['payload'];

export type ServiceMachine = ReturnType<typeof createServiceMachine>;
