/**
 * The operator machine's setup (issue 8): types, invoked operations, delays,
 * named guards and actions, shared by the shell (operator-machine.ts) and
 * the state groups (staff-assist.ts, technician.ts). Every operator action
 * is journaled with the operator's id, and for customer work the
 * customer's masked card, through the one journaled-action discipline
 * (../journaled.ts): an entry the journal cannot take ends the session
 * before the action it records takes effect.
 */
import { assign, fromPromise, setup } from 'xstate';
import type { SelfTestName, SelfTestResult, ServiceAction, ServiceBanner } from '../../../shared/bridge';
import type { KioskHealth, PresentPort } from '../../../shared/diagnostics/diagnostics-bundle';
import type {
  StaffConfirmIdentityResponse, StaffLookupRequest, StaffLookupResponse, StaffResetPinResponse, StaffUnlockResponse, StaffVerifyIdentityResponse,
} from '../../../shared/hq-api';
import type { JournalActor, JournalEvent } from '../../../shared/journal';
import { flowAction, journalActions, journaled, type JournalEntry } from '../journaled';
import type { CardReadOutcome, CardReaderPort, DocumentScanOutcome, FlowTiming, IdScannerPort, JournalPort } from '../ports';
import type { SessionVault } from '../session-vault';
import type { OperatorContext, OperatorEvent, OperatorInput, OperatorTag } from './operator-context';
import { OperatorRefusedError, type ExportTarget, type OperatorPorts } from './operator-ports';

export interface OperatorDeps extends OperatorPorts {
  cardReader: CardReaderPort;
  idScanner: IdScannerPort;
  journal: JournalPort;
  vault: SessionVault;
  timing: FlowTiming;
  endSession(sessionId: string): Promise<void>;
}

type PayloadOf<K extends JournalEvent['type']> = Extract<JournalEvent, { type: K }>['payload'];

/** An operator action, in the role's own journal event: what staff did, or what a technician did. */
export interface OperatorActionEntry {
  staff?: PayloadOf<'staff.action'>['action'];
  technician?: PayloadOf<'technician.action'>['action'];
  test?: string;
  passed?: boolean;
  device?: 'cardReader' | 'idScanner' | 'printer';
  note?: string;
}

function operatorActionEntry(context: OperatorContext, p: OperatorActionEntry): JournalEntry | null {
  if (context.operator.role === 'staff' && p.staff) {
    return { type: 'staff.action', payload: { action: p.staff, ...(context.customer?.cardMasked ? { targetMaskedCard: context.customer.cardMasked } : {}), ...(p.note ? { note: p.note } : {}) } };
  }
  if (context.operator.role === 'technician' && p.technician) {
    const { test, passed, device, note } = p;
    return { type: 'technician.action', payload: { action: p.technician, ...(test !== undefined ? { test } : {}), ...(passed !== undefined ? { passed } : {}), ...(device ? { device } : {}), ...(note ? { note } : {}) } };
  }
  return null;
}

/** HQ away or refusing the operator: a banner, never a frozen screen. */
export function errorBanner(error: unknown): ServiceBanner {
  return error instanceof OperatorRefusedError && error.code === 'operatorNotPermitted' ? 'notPermitted' : 'hqUnavailable';
}

/** Service actions that run a self-test or reset, and which. */
export const TEST_OF_ACTION: Partial<Record<ServiceAction, SelfTestName>> = {
  testReaderReset: 'readerReset', testReaderStatus: 'readerStatus', testReaderLed: 'readerLed', testReadCard: 'readCard',
  testEject: 'eject', testCapture: 'capture', testScan: 'scan', resetCardReader: 'resetCardReader', resetIdScanner: 'resetIdScanner',
  testPrinterStatus: 'printerStatus', testPrinterPage: 'printerPage',
};

const MAX_SELF_TESTS_SHOWN = 20;
const TRAFFIC_SHOWN = 60;

/** A self-test's result at the top of the list the devices page shows. */
export function withSelfTest(context: OperatorContext, ok: boolean, detail: string): SelfTestResult[] {
  return [{ test: context.pendingTest, ok, detail: detail.slice(0, 200), at: new Date().toISOString() }, ...context.selfTests].slice(0, MAX_SELF_TESTS_SHOWN);
}

export function operatorSetup(deps: OperatorDeps) {
  const stamp = (context: OperatorContext): { actor: JournalActor; sessionId: string } => ({
    actor: context.operator.role === 'staff' ? { kind: 'staff', staffId: context.operator.staffId } : { kind: 'technician', technicianId: context.operator.staffId },
    sessionId: context.sessionId,
  });
  const record = journaled(deps.journal, stamp);
  const op = <TParams extends object | null | undefined = undefined>(callback: Parameters<typeof flowAction<OperatorContext, OperatorEvent, TParams>>[0]) =>
    flowAction<OperatorContext, OperatorEvent, TParams>(callback);
  const raising = (enqueue: { raise(event: OperatorEvent): void }) => ({ raise: () => enqueue.raise({ type: 'JOURNAL_FAILED' }) });

  return setup({
    types: { context: {} as OperatorContext, events: {} as OperatorEvent, input: {} as OperatorInput, tags: {} as OperatorTag },
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
      holdsNoCard: ({ context }) => context.heldCard === 'none',
      /** The operator pressed this service action (already authorised by the core, permissions.ts). */
      is: ({ event }, params: { action: ServiceAction | ServiceAction[] }) =>
        event.type === 'ACTION' && (Array.isArray(params.action) ? params.action.includes(event.action) : event.action === params.action),
      pinEntered: ({ event }) => event.type === 'PIN' && event.result === 'enter',
      newPinsMatch: ({ event }) => event.type === 'PIN' && event.result === 'enter' && deps.vault.newPin.sameAs(deps.vault.confirmPin),
      swapFor: ({ context }, params: { purpose: OperatorContext['swapPurpose'] }) => context.swapPurpose === params.purpose,
      /** HQ's answer to the staff operation just invoked. */
      answered: ({ event }, params: { answer: string }) => (event as { output?: { outcome?: string } }).output?.outcome === params.answer,
      cardRead: ({ event }) => (event as { output?: { ok?: boolean } }).output?.ok === true,
      /** A document HQ can judge: read, or read and expired (staff are shown which field failed). */
      documentRead: ({ event }) => {
        const output = (event as { output?: DocumentScanOutcome }).output;
        return output !== undefined && (output.ok || output.reason === 'expired');
      },
      memberKeyEnter: ({ event }) => event.type === 'MEMBER_KEY' && event.key === 'enter',
      memberDigits: ({ context }, params: { length: number }) => context.memberDigits.length === params.length,
      testOf: ({ event }) => event.type === 'ACTION' && TEST_OF_ACTION[event.action] !== undefined,
      exportTargetOffered: ({ context, event }) => event.type === 'EXPORT_TARGET' && event.index < context.exportTargets.length,
      identityVerified: ({ context }) => context.identity?.decision === 'verified',
      identityConfirmed: ({ context }) => context.confirmed,
    },
    actions: {
      startWarning: assign({ secondsLeft: () => deps.timing.serviceInactivityWarningSeconds }),
      countDown: assign({ secondsLeft: ({ context }) => Math.max(0, context.secondsLeft - 1) }),
      clearBanner: assign({ banner: null, exportedTo: null }),
      showBanner: assign((_, params: { banner: ServiceBanner }) => ({ banner: params.banner })),
      /** An invoked HQ call failed: the operator sees why (refused or unreachable), never a frozen screen. */
      showHqError: assign(({ event }) => ({ banner: errorBanner((event as { error?: unknown }).error) })),
      acceptCards: () => { void deps.cardReader.setAcceptingCards(true).catch(() => undefined); },
      refuseCards: () => { void deps.cardReader.setAcceptingCards(false).catch(() => undefined); },
      wipePins: () => {
        deps.vault.newPin.wipe();
        deps.vault.confirmPin.wipe();
      },
      wipeConfirmPin: () => deps.vault.confirmPin.wipe(),
      forgetCard: () => { deps.vault.cardNumber = null; },
      forgetDocument: () => { deps.vault.document = null; },
      forgetCustomer: assign(() => {
        deps.vault.cardNumber = null;
        deps.vault.document = null;
        return { customer: null, identity: null, documentKind: null, confirmed: false, scanUnreadable: false, memberDigits: '' };
      }),
      trackPin: assign(({ event }) => (event.type === 'PIN' ? { pinDigits: event.count } : {})),
      clearPinDigits: assign({ pinDigits: 0 }),
      /** Journaled first: an out-of-service change the journal cannot hold is not made. */
      setOutOfService: op<{ on: boolean }>(({ context, enqueue }, params) => {
        const action = params.on ? 'outOfServiceSet' as const : 'outOfServiceCleared' as const;
        const entry = operatorActionEntry(context, { staff: action, technician: action });
        if (entry && !record({ context, enqueue: raising(enqueue) }, entry)) return;
        enqueue(() => deps.control.setOutOfService(params.on));
        enqueue.assign({ banner: params.on ? 'outOfServiceSet' : 'outOfServiceCleared' });
      }),
      /** The retain bin recorded emptied (the CRT-310 has no bin sensor: DEVICES.md), then journaled. */
      emptyRetainBin: op(({ context, enqueue }) => {
        const removed = deps.technician.emptyRetainBin();
        if (!record({ context, enqueue: raising(enqueue) }, { type: 'retainBin.emptied', payload: { cardsRemoved: removed } })) return;
        const entry = operatorActionEntry(context, { staff: 'retainBinEmptied', technician: 'retainBinEmptied', device: 'cardReader' });
        if (entry) record({ context, enqueue: raising(enqueue) }, entry);
      }),
      loadRetainBin: assign(() => ({ retainBin: deps.technician.retainBin(), captures: deps.technician.recentCaptures(20) })),
      loadDevices: assign(() => ({ deviceReports: deps.technician.deviceReports() })),
      loadTraffic: assign(() => ({ traffic: deps.technician.traffic(TRAFFIC_SHOWN) })),
      ...journalActions<OperatorContext, OperatorEvent>(deps.journal, stamp),
      operatorAction: op<OperatorActionEntry>(({ context, enqueue }, params) => {
        const entry = operatorActionEntry(context, params);
        if (entry) record({ context, enqueue: raising(enqueue) }, entry);
      }),
      operatorActionIf: op<OperatorActionEntry | null>(({ context, enqueue }, params) => {
        const entry = params && operatorActionEntry(context, params);
        if (entry) record({ context, enqueue: raising(enqueue) }, entry);
      }),
      requestExit: ({ context }) => deps.control.requestExit(context.confirmWhat, context.operator.staffId),
    },
  });
}

export type OperatorSetup = ReturnType<typeof operatorSetup>;
