/**
 * The kiosk's flow as one explicit XState v5 machine (ARCHITECTURE.md,
 * "Flows"): every state maps to one screen of the view model
 * (session-view.ts), every wait on a device or HQ is an invoked actor with
 * its outcome as a value, and every timer (inactivity, card left in the slot,
 * notices) is a state with `after`, never a stray setTimeout. HQ decides;
 * the kiosk never guesses. Secrets (the card number, PIN digits) live
 * outside the machine's context, in the core's session vault, so a snapshot
 * can be inspected or logged safely.
 */
import { assign, fromPromise, sendTo, setup } from 'xstate';
import { countdown, inactivityStates } from './inactivity';
import type { CertificateKind, Choice, Employment, MemberNumberKey, NoticeKind, OutOfServiceReason, PinMessage, ServiceAction, ServiceNotice } from '../../shared/bridge';
import type { AuthenticateCardResponse, CustomerSummary, IdentifyCardResponse, LimitDecreaseResponse, LimitIncreaseResponse, ResetPinResponse, VerifyIdentityResponse, WeakPinReason } from '../../shared/hq-api';
import type { IdentityDocument, IdentityDocumentKind } from '../../shared/identity/identity-document';
import type { JournalActor } from '../../shared/journal';
import { maskCardNumber } from '../../shared/domain/card-number';
import type { CardReadOutcome, CertificateScanOutcome, DocumentScanOutcome, FlowTiming, HqPort, IdScannerPort, CardReaderPort, JournalPort } from './ports';
import type { PinPadEvent, SoftPinPad } from './soft-pin-pad';
import { createServiceMachine } from './operator/service-machine';
import type { OperatorIdentity, ServicePorts } from './operator/service-ports';

/** Secrets of the current session, held by the core outside the machine. */
export interface SessionVault {
  cardNumber: string | null;
  /** The scanned identity document, between the scan and HQ's verdict. */
  document: IdentityDocument | null;
  loginPin: SoftPinPad;
  newPin: SoftPinPad;
  confirmPin: SoftPinPad;
  wipe(): void;
}

export interface FlowDeps {
  cardReader: CardReaderPort;
  idScanner: IdScannerPort;
  hq: HqPort;
  journal: JournalPort;
  vault: SessionVault;
  timing: FlowTiming;
  newSessionId(): string;
  /** Instant when today's limit increases stop (one hour before closing), ISO, or null. */
  increaseDeadline(): string | null;
  /** Staff and technician service mode (issue 8); without it an operator card gets the "not here" notice. */
  service?: ServicePorts;
}

export type Purpose = 'login' | 'forgotPin' | 'clearLock' | 'changePin';

export interface Notice {
  kind: NoticeKind;
  choices: Choice[];
  callCentre: boolean;
}

export interface FlowContext {
  outOfServiceReason: OutOfServiceReason;
  resumesAt: string | null;
  /** HQ's message for the current stop (announced maintenance). */
  serviceNotice: ServiceNotice | null;
  /** A card inserted while out of service: only an operator may go on (issue 8: technicians bring the kiosk back). */
  operatorOnly: boolean;
  /** The operator HQ authenticated, for service mode. */
  operator: OperatorIdentity | null;
  /** Service became unavailable during a session: finish it politely, then go out of service. */
  closing: { reason: OutOfServiceReason; resumesAt: string | null; notice: ServiceNotice | null } | null;
  sessionId: string | null;
  maskedCard: string | null;
  purpose: Purpose;
  summary: CustomerSummary | null;
  pinDigits: number;
  pinMessage: PinMessage | null;
  notice: Notice | null;
  scanAttempt: number;
  scanUnreadable: boolean;
  documentKind: IdentityDocumentKind | null;
  lockWasCleared: boolean;
  amountDirection: 'increase' | 'decrease';
  amountSelected: number | null;
  declarations: { annualIncomeYen: number; employment: Employment; otherBorrowingYen: number } | null;
  certificate: CertificateKind | null;
  certificateProvided: boolean;
  limitResult: { outcome: 'approved' | 'partiallyApproved' | 'declined'; requestedLimit: number; creditLimit: number } | null;
  secondsLeft: number;
  /** How the session ends, for the journal. */
  ending: 'completed' | 'customerCancelled' | 'timedOut' | 'aborted' | 'captured';
  captureReason: 'lostOrStolen' | 'notTaken' | 'jam';
}

export type FlowEvent =
  | { type: 'SERVICE_READY' }
  | { type: 'SERVICE_UNAVAILABLE'; reason: OutOfServiceReason; resumesAt?: string | null; notice?: ServiceNotice | null }
  | { type: 'CARD_INSERTED' }
  | { type: 'CARD_REMOVED' }
  | { type: 'PIN'; result: PinPadEvent; count: number }
  | { type: 'CANCEL' }
  | { type: 'CHOOSE'; choice: Choice }
  | { type: 'SET_AMOUNT'; amountYen: number }
  | { type: 'DECLARE'; annualIncomeYen: number; employment: Employment; otherBorrowingYen: number }
  | { type: 'CHOOSE_CERTIFICATE'; kind: CertificateKind }
  | { type: 'TOUCH' }
  | { type: 'DEVICE_FAULT' }
  | { type: 'JOURNAL_FAILED' }
  // Service mode (issue 8): forwarded to the service machine.
  | { type: 'SERVICE_ACTION'; action: ServiceAction }
  | { type: 'MEMBER_KEY'; key: MemberNumberKey }
  | { type: 'EXPORT_TARGET'; index: number }
  | { type: 'NOT_PERMITTED' };

const INITIAL_SESSION: Omit<FlowContext, 'outOfServiceReason' | 'resumesAt' | 'serviceNotice' | 'closing' | 'operatorOnly'> = {
  operator: null,
  sessionId: null,
  maskedCard: null,
  purpose: 'login',
  summary: null,
  pinDigits: 0,
  pinMessage: null,
  notice: null,
  scanAttempt: 1,
  scanUnreadable: false,
  documentKind: null,
  lockWasCleared: false,
  amountDirection: 'increase',
  amountSelected: null,
  declarations: null,
  certificate: null,
  certificateProvided: false,
  limitResult: null,
  secondsLeft: 0,
  ending: 'completed',
  captureReason: 'jam',
};

const WEAK_PIN_MESSAGE: Record<WeakPinReason, PinMessage> = {
  notFourDigits: 'weakCommon',
  repeatedDigits: 'weakRepeated',
  sequential: 'weakSequential',
  birthDate: 'weakBirthDate',
  denyListed: 'weakCommon',
};

const notice = (kind: NoticeKind, choices: Choice[] = [], callCentre = false): Notice => ({ kind, choices, callCentre });

const INACTIVITY = inactivityStates('#kiosk.session.timedOut');

export function createKioskMachine(deps: FlowDeps) {
  const customer = ({ context }: { context: FlowContext }): JournalActor =>
    context.maskedCard ? { kind: 'customer', maskedCard: context.maskedCard } : { kind: 'customer' };
  const sid = (context: FlowContext): string => {
    if (!context.sessionId) throw new Error('no session');
    return context.sessionId;
  };
  const cardNumber = (): string => {
    if (!deps.vault.cardNumber) throw new Error('no card in session');
    return deps.vault.cardNumber;
  };

  return setup({
    types: { context: {} as FlowContext, events: {} as FlowEvent },
    actors: {
      setAcceptingCards: fromPromise<void, boolean>(({ input }) => deps.cardReader.setAcceptingCards(input)),
      readCard: fromPromise<CardReadOutcome>(() => deps.cardReader.readCard()),
      ejectCard: fromPromise<'ok' | 'fault'>(() => deps.cardReader.eject()),
      captureCard: fromPromise<'ok' | 'binFull' | 'fault'>(() => deps.cardReader.capture()),
      authenticate: fromPromise<AuthenticateCardResponse, { sessionId: string }>(({ input }) => deps.hq.authenticateCard(input.sessionId, cardNumber(), deps.vault.loginPin)),
      identify: fromPromise<IdentifyCardResponse, { sessionId: string }>(({ input }) => deps.hq.identifyCard(input.sessionId, cardNumber())),
      scanIdentity: fromPromise<DocumentScanOutcome>(({ signal }) => deps.idScanner.scanIdentity(deps.timing.documentScanTimeoutMs, signal)),
      scanCertificate: fromPromise<CertificateScanOutcome, { kind: CertificateKind }>(({ input, signal }) => deps.idScanner.scanCertificate(input.kind, deps.timing.documentScanTimeoutMs, signal)),
      verifyIdentity: fromPromise<VerifyIdentityResponse, { sessionId: string }>(({ input }) => {
        const document = deps.vault.document;
        if (!document) throw new Error('no document in session');
        return deps.hq.verifyIdentity(input.sessionId, document);
      }),
      resetPin: fromPromise<ResetPinResponse, { sessionId: string }>(({ input }) => deps.hq.resetPin(input.sessionId, deps.vault.newPin)),
      reviewLimit: fromPromise<LimitIncreaseResponse, { sessionId: string; requested: number; certificate: boolean; declarations: FlowContext['declarations'] }>(({ input }) =>
        deps.hq.reviewLimitIncrease(input.sessionId, input.requested, input.certificate, input.declarations
          ? { annualIncome: input.declarations.annualIncomeYen, employment: input.declarations.employment, otherLendersBorrowing: input.declarations.otherBorrowingYen }
          : null)),
      decreaseLimit: fromPromise<LimitDecreaseResponse, { sessionId: string; newLimit: number }>(({ input }) => deps.hq.decreaseLimit(input.sessionId, input.newLimit)),
      serviceMode: createServiceMachine({
        ...(deps.service ?? NO_SERVICE),
        cardReader: deps.cardReader,
        idScanner: deps.idScanner,
        journal: deps.journal,
        vault: deps.vault,
        timing: deps.timing,
        endSession: (sessionId) => deps.hq.endSession(sessionId),
      }),
      endSession: fromPromise<void, { sessionId: string | null }>(async ({ input }) => {
        // Best effort: HQ also ends idle sessions itself; the card is already back.
        if (input.sessionId) await deps.hq.endSession(input.sessionId).catch(() => undefined);
      }),
    },
    delays: {
      inactivity: () => deps.timing.inactivityMs,
      tick: () => deps.timing.tickMs,
      notice: () => deps.timing.noticeMs,
      goodbye: () => deps.timing.goodbyeMs,
    },
    guards: {
      lastSecond: ({ context }) => context.secondsLeft <= 1,
      pinComplete: ({ event }) => event.type === 'PIN' && event.result === 'enter',
      closing: ({ context }) => context.closing !== null,
      authenticated: ({ context }) => context.summary !== null,
      moreScanAttempts: ({ context }) => context.scanAttempt < deps.timing.maxScanAttempts,
      amountChosen: ({ context }) => context.amountSelected !== null,
      operatorOnly: ({ context }) => context.operatorOnly,
      /** Operators can log in while out of service, except when the journal is down (no action without a journal entry). */
      operatorEntry: ({ context }) => deps.service !== undefined && context.outOfServiceReason !== 'journalUnavailable',
    },
    actions: {
      startWarning: assign({ secondsLeft: () => deps.timing.inactivityWarningSeconds }),
      countDown: assign({ secondsLeft: ({ context }) => Math.max(0, context.secondsLeft - 1) }),
      acceptCards: () => { void deps.cardReader.setAcceptingCards(true).catch(() => undefined); },
      refuseCards: () => { void deps.cardReader.setAcceptingCards(false).catch(() => undefined); },
      rememberReason: assign(({ event }) =>
        event.type === 'SERVICE_UNAVAILABLE' ? { outOfServiceReason: event.reason, resumesAt: event.resumesAt ?? null, serviceNotice: event.notice ?? null } : {}),
      rememberClosing: assign(({ event }) =>
        event.type === 'SERVICE_UNAVAILABLE' ? { closing: { reason: event.reason, resumesAt: event.resumesAt ?? null, notice: event.notice ?? null } } : {}),
      applyClosing: assign(({ context }) =>
        context.closing ? { outOfServiceReason: context.closing.reason, resumesAt: context.closing.resumesAt, serviceNotice: context.closing.notice, closing: null } : {}),
      newSession: assign(() => ({ ...INITIAL_SESSION, sessionId: deps.newSessionId() })),
      clearSession: assign(() => {
        deps.vault.wipe();
        deps.vault.document = null;
        return { ...INITIAL_SESSION, operatorOnly: false };
      }),
      /** Out of service the slot stays open for operator cards when service mode exists (a customer's card comes back with a notice). */
      outOfServiceCards: ({ context }) => {
        const open = deps.service !== undefined && context.outOfServiceReason !== 'journalUnavailable';
        void deps.cardReader.setAcceptingCards(open).catch(() => undefined);
      },
      wipePins: () => {
        deps.vault.loginPin.wipe();
        deps.vault.newPin.wipe();
        deps.vault.confirmPin.wipe();
      },
      trackPin: assign(({ event }) => (event.type === 'PIN' ? { pinDigits: event.count } : {})),
      journalFailed: ({ self }) => self.send({ type: 'JOURNAL_FAILED' }),
    },
  }).createMachine({
    id: 'kiosk',
    initial: 'starting',
    context: { ...INITIAL_SESSION, outOfServiceReason: 'starting', resumesAt: null, serviceNotice: null, closing: null, operatorOnly: false },
    states: {
      starting: {
        on: {
          SERVICE_READY: 'idle',
          SERVICE_UNAVAILABLE: { target: 'outOfService', actions: 'rememberReason' },
        },
      },

      outOfService: {
        entry: 'outOfServiceCards',
        on: {
          SERVICE_READY: 'idle',
          SERVICE_UNAVAILABLE: { actions: ['rememberReason', 'outOfServiceCards'] },
          CARD_INSERTED: [
            {
              // Maybe a staff or technician card: read it and ask HQ; the session returns here afterwards.
              guard: 'operatorEntry',
              target: '#kiosk.session',
              actions: assign(({ context }) => ({ operatorOnly: true, closing: { reason: context.outOfServiceReason, resumesAt: context.resumesAt, notice: context.serviceNotice } })),
            },
            // Otherwise a card pushed in while out of service goes straight back.
            { target: '#kiosk.session.ejecting' },
          ],
        },
      },

      idle: {
        entry: 'acceptCards',
        on: {
          SERVICE_UNAVAILABLE: { target: 'outOfService', actions: 'rememberReason' },
          CARD_INSERTED: 'session',
        },
      },

      session: {
        initial: 'reading',
        entry: [
          'newSession',
          'refuseCards',
          ({ context, self }) => {
            if (!deps.journal({ type: 'card.inserted', actor: { kind: 'customer' }, sessionId: context.sessionId, payload: {} })) self.send({ type: 'JOURNAL_FAILED' });
          },
        ],
        on: {
          SERVICE_UNAVAILABLE: { actions: 'rememberClosing' },
          SERVICE_READY: { actions: assign({ closing: null }) },
          DEVICE_FAULT: { target: '.aborting', actions: assign({ notice: () => notice('deviceFault', [], true) }) },
          JOURNAL_FAILED: { target: '.aborting', actions: assign({ notice: () => notice('deviceFault', [], true) }) },
        },
        states: {
          reading: {
            invoke: {
              src: 'readCard',
              onDone: [
                {
                  guard: ({ event }) => event.output.ok,
                  target: 'choosingPath',
                  actions: [
                    assign(({ event }) => {
                      const number = event.output.ok ? event.output.cardNumber : '';
                      deps.vault.cardNumber = number;
                      return { maskedCard: maskCardNumber(number) };
                    }),
                    ({ context }) => deps.journal({ type: 'card.read', actor: customer({ context }), sessionId: context.sessionId, payload: { maskedCard: context.maskedCard! } }),
                  ],
                },
                {
                  target: 'noticeThenEject',
                  actions: [
                    assign({ notice: () => notice('cardUnreadable') }),
                    ({ context, event }) => deps.journal({
                      type: 'card.invalid', actor: { kind: 'customer' }, sessionId: context.sessionId,
                      payload: { reason: !event.output.ok && (event.output.reason === 'cardTooShort' || event.output.reason === 'cardTooLong') ? event.output.reason : 'unreadable' },
                    }),
                  ],
                },
              ],
              onError: { target: 'aborting', actions: assign({ notice: () => notice('deviceFault', [], true) }) },
            },
          },

          choosingPath: {
            always: [{ guard: 'operatorOnly', target: 'identifying' }, { guard: 'closing', target: 'closingNotice' }, { target: 'login' }],
          },

          login: {
            ...INACTIVITY,
            entry: [assign({ pinDigits: 0 }), () => deps.vault.loginPin.wipe()],
            on: {
              PIN: [
                { guard: 'pinComplete', target: 'authenticating' },
                { actions: ['trackPin', assign({ pinMessage: null })] },
              ],
              CHOOSE: { guard: ({ event }) => event.choice === 'forgotPin', target: 'identifying', actions: assign({ purpose: 'forgotPin' as const }) },
              CANCEL: { target: 'ejecting', actions: assign({ ending: 'customerCancelled' as const }) },
            },
          },

          authenticating: {
            invoke: {
              src: 'authenticate',
              input: ({ context }) => ({ sessionId: sid(context) }),
              onDone: [
                {
                  // Out of service: a customer who got this far (HQ said "operator card" before) is not served.
                  guard: ({ context, event }) => event.output.outcome === 'ok' && event.output.holder.kind === 'customer' && context.operatorOnly,
                  target: 'noticeThenEject',
                  actions: assign({ notice: () => notice('notInService', ['finish']) }),
                },
                {
                  guard: ({ event }) => event.output.outcome === 'ok' && event.output.holder.kind === 'customer',
                  target: 'menu',
                  actions: [
                    assign(({ event }) => (event.output.outcome === 'ok' && event.output.holder.kind === 'customer' ? { summary: event.output.holder, pinMessage: null } : {})),
                    ({ context }) => deps.journal({ type: 'identification.result', actor: customer({ context }), sessionId: context.sessionId, payload: { method: 'cardAndPin', outcome: 'ok' } }),
                    ({ context }) => deps.journal({ type: 'session.started', actor: customer({ context }), sessionId: context.sessionId, payload: { kind: 'customer' } }),
                  ],
                },
                {
                  // Staff and technician cards open service mode for their role (issue 8).
                  guard: ({ event }) => event.output.outcome === 'ok' && event.output.holder.kind === 'operator' && deps.service !== undefined,
                  target: '#kiosk.service',
                  actions: [
                    assign(({ event }) => {
                      if (event.output.outcome !== 'ok' || event.output.holder.kind !== 'operator') return {};
                      const { staffId, name, role, permissions, cardMasked } = event.output.holder;
                      return { operator: { staffId, name, role, permissions, cardMasked }, maskedCard: cardMasked };
                    }),
                    ({ context, event }) => {
                      const role = event.output.outcome === 'ok' && event.output.holder.kind === 'operator' ? event.output.holder.role : 'staff';
                      deps.journal({ type: 'identification.result', actor: { kind: 'system' }, sessionId: context.sessionId, payload: { method: role === 'staff' ? 'staffCard' : 'technicianCard', outcome: 'ok' } });
                    },
                  ],
                },
                {
                  // Without service mode an operator card is not for this machine.
                  guard: ({ event }) => event.output.outcome === 'ok',
                  target: 'noticeThenEject',
                  actions: assign({ notice: () => notice('serviceCardNotHere') }),
                },
                {
                  guard: ({ event }) => event.output.outcome === 'wrongPin',
                  target: 'login',
                  actions: [
                    assign({ pinMessage: 'wrongPin' as const }),
                    ({ context }) => deps.journal({ type: 'identification.result', actor: customer({ context }), sessionId: context.sessionId, payload: { method: 'cardAndPin', outcome: 'wrongPin' } }),
                  ],
                },
                {
                  guard: ({ event }) => event.output.outcome === 'locked',
                  target: 'lockedNotice',
                  actions: ({ context }) => deps.journal({ type: 'identification.result', actor: customer({ context }), sessionId: context.sessionId, payload: { method: 'cardAndPin', outcome: 'locked' } }),
                },
                {
                  guard: ({ event }) => event.output.outcome === 'suspended',
                  target: 'noticeThenEject',
                  actions: [
                    assign({ notice: () => notice('accountSuspended', ['finish'], true) }),
                    ({ context }) => deps.journal({ type: 'identification.result', actor: customer({ context }), sessionId: context.sessionId, payload: { method: 'cardAndPin', outcome: 'suspended' } }),
                  ],
                },
                {
                  guard: ({ event }) => event.output.outcome === 'captureCard',
                  target: 'capturing',
                  actions: [
                    assign({ notice: () => notice('cardCaptured', [], true), ending: 'captured' as const, captureReason: 'lostOrStolen' as const }),
                    ({ context }) => deps.journal({ type: 'identification.result', actor: customer({ context }), sessionId: context.sessionId, payload: { method: 'cardAndPin', outcome: 'lostOrStolen' } }),
                  ],
                },
                {
                  guard: ({ event }) => event.output.outcome === 'expired',
                  target: 'noticeThenEject',
                  actions: [
                    assign({ notice: () => notice('cardExpired', ['finish'], true) }),
                    ({ context }) => deps.journal({ type: 'identification.result', actor: customer({ context }), sessionId: context.sessionId, payload: { method: 'cardAndPin', outcome: 'expired' } }),
                  ],
                },
                {
                  target: 'noticeThenEject',
                  actions: [
                    assign({ notice: () => notice('cardUnknown', ['finish'], true) }),
                    ({ context }) => deps.journal({ type: 'identification.result', actor: customer({ context }), sessionId: context.sessionId, payload: { method: 'cardAndPin', outcome: 'unknown' } }),
                  ],
                },
              ],
              onError: 'hqFailed',
            },
            exit: () => deps.vault.loginPin.wipe(),
          },

          lockedNotice: {
            ...INACTIVITY,
            on: {
              CHOOSE: [
                { guard: ({ event }) => event.choice === 'clearLock', target: 'identifying', actions: assign({ purpose: 'clearLock' as const }) },
                { guard: ({ event }) => event.choice === 'finish', target: 'ejecting' },
              ],
              CANCEL: 'ejecting',
            },
          },

          identifying: {
            invoke: {
              src: 'identify',
              input: ({ context }) => ({ sessionId: sid(context) }),
              onDone: [
                {
                  guard: ({ context, event }) => event.output.outcome === 'cardIdentified' && context.operatorOnly,
                  target: 'noticeThenEject',
                  actions: assign({ notice: () => notice('notInService', ['finish']) }),
                },
                { guard: ({ event }) => event.output.outcome === 'cardIdentified', target: 'documentScan' },
                {
                  guard: ({ event }) => event.output.outcome === 'captureCard',
                  target: 'capturing',
                  actions: assign({ notice: () => notice('cardCaptured', [], true), ending: 'captured' as const, captureReason: 'lostOrStolen' as const }),
                },
                { guard: ({ event }) => event.output.outcome === 'expired', target: 'noticeThenEject', actions: assign({ notice: () => notice('cardExpired', ['finish'], true) }) },
                // An operator card: its PIN opens service mode (issue 8); operators re-set their PIN at HQ, not here.
                { guard: ({ event }) => event.output.outcome === 'operatorCard' && deps.service !== undefined, target: 'login', actions: assign({ purpose: 'login' as const }) },
                { guard: ({ event }) => event.output.outcome === 'operatorCard', target: 'noticeThenEject', actions: assign({ notice: () => notice('serviceCardNotHere') }) },
                { target: 'noticeThenEject', actions: assign({ notice: () => notice('cardUnknown', ['finish'], true) }) },
              ],
              onError: 'hqFailed',
            },
          },

          documentScan: {
            // The scanner watches the glass as soon as this screen shows: the
            // customer only places the document (issue 7, "guide to place the
            // document, scanning progress, result").
            initial: 'scanning',
            entry: assign({ scanAttempt: 1, scanUnreadable: false }),
            on: { CANCEL: { target: 'ejecting', actions: assign({ ending: 'customerCancelled' as const }) } },
            states: {
              unreadable: {
                ...INACTIVITY,
                on: { CHOOSE: { guard: ({ event }) => event.choice === 'continue' || event.choice === 'retry', target: 'scanning' } },
              },
              scanning: {
                invoke: {
                  src: 'scanIdentity',
                  onDone: [
                    {
                      guard: ({ event }) => event.output.ok,
                      target: 'verifying',
                      actions: [
                        assign(({ event }) => {
                          deps.vault.document = event.output.ok ? event.output.document : null;
                          return { documentKind: event.output.ok ? event.output.document.kind : null, scanUnreadable: false };
                        }),
                        ({ context, event }) => {
                          if (event.output.ok) deps.journal({ type: 'document.scanned', actor: customer({ context }), sessionId: context.sessionId, payload: { kind: event.output.document.kind, source: event.output.document.source, validity: 'valid' } });
                        },
                      ],
                    },
                    {
                      guard: ({ event }) => !event.output.ok && event.output.reason === 'expired',
                      target: '#kiosk.session.noticeThenEject',
                      actions: [
                        assign({ notice: () => notice('documentExpired', ['finish'], true) }),
                        ({ context, event }) => {
                          if (!event.output.ok && event.output.reason === 'expired') deps.journal({ type: 'document.scanned', actor: customer({ context }), sessionId: context.sessionId, payload: { kind: event.output.document.kind, source: event.output.document.source, validity: 'expired' } });
                        },
                      ],
                    },
                    {
                      guard: 'moreScanAttempts',
                      target: 'unreadable',
                      actions: assign({ scanAttempt: ({ context }) => context.scanAttempt + 1, scanUnreadable: true }),
                    },
                    { target: '#kiosk.session.noticeThenEject', actions: assign({ notice: () => notice('documentUnreadable', ['finish'], true) }) },
                  ],
                  onError: { target: '#kiosk.session.aborting', actions: assign({ notice: () => notice('deviceFault', [], true) }) },
                },
              },
              verifying: {
                invoke: {
                  src: 'verifyIdentity',
                  input: ({ context }) => ({ sessionId: sid(context) }),
                  onDone: [
                    { guard: ({ event }) => event.output.decision === 'verified', target: '#kiosk.session.newPin', actions: () => { deps.vault.document = null; } },
                    {
                      guard: ({ event }) => event.output.decision === 'documentExpired',
                      target: '#kiosk.session.noticeThenEject',
                      actions: assign({ notice: () => notice('documentExpired', ['finish'], true) }),
                    },
                    {
                      guard: ({ event }) => event.output.decision === 'tooManyAttempts',
                      target: '#kiosk.session.noticeThenEject',
                      actions: assign({ notice: () => notice('tooManyAttempts', ['finish'], true) }),
                    },
                    {
                      target: '#kiosk.session.noticeThenEject',
                      actions: [
                        assign({ notice: () => notice('identityRefused', ['finish'], true) }),
                        ({ context }) => deps.journal({ type: 'identification.result', actor: customer({ context }), sessionId: context.sessionId, payload: { method: 'cardAndPin', outcome: 'documentMismatch' } }),
                      ],
                    },
                  ],
                  onError: '#kiosk.session.hqFailed',
                },
              },
            },
          },

          newPin: {
            ...INACTIVITY,
            entry: [assign({ pinDigits: 0 }), () => { deps.vault.newPin.wipe(); deps.vault.confirmPin.wipe(); }],
            on: {
              PIN: [
                { guard: 'pinComplete', target: 'confirmNewPin' },
                { actions: ['trackPin', assign({ pinMessage: null })] },
              ],
              CANCEL: { target: 'ejecting', actions: [assign({ ending: 'customerCancelled' as const }), 'wipePins'] },
            },
          },

          confirmNewPin: {
            ...INACTIVITY,
            entry: assign({ pinDigits: 0 }),
            on: {
              PIN: [
                {
                  guard: ({ event }) => event.type === 'PIN' && event.result === 'enter' && deps.vault.newPin.sameAs(deps.vault.confirmPin),
                  target: 'settingPin',
                  actions: () => deps.vault.confirmPin.wipe(),
                },
                { guard: 'pinComplete', target: 'newPin', actions: assign({ pinMessage: 'pinsDidNotMatch' as const }) },
                { actions: 'trackPin' },
              ],
              CANCEL: { target: 'ejecting', actions: [assign({ ending: 'customerCancelled' as const }), 'wipePins'] },
            },
          },

          settingPin: {
            invoke: {
              src: 'resetPin',
              input: ({ context }) => ({ sessionId: sid(context) }),
              onDone: [
                {
                  guard: ({ event }) => event.output.outcome === 'pinChanged',
                  target: 'pinChangedNotice',
                  actions: [
                    assign(({ event }) => ({ lockWasCleared: event.output.outcome === 'pinChanged' && event.output.lockCleared, pinMessage: null })),
                    ({ context }) => {
                      const document = context.documentKind ?? 'driversLicence';
                      deps.journal({ type: 'pin.reset', actor: customer({ context }), sessionId: context.sessionId, payload: { outcome: 'changed', identityDocument: document } });
                      if (context.lockWasCleared) deps.journal({ type: 'lock.cleared', actor: customer({ context }), sessionId: context.sessionId, payload: { identityDocument: document, withPinReset: true } });
                    },
                  ],
                },
                {
                  target: 'newPin',
                  actions: [
                    assign(({ event }) => ({ pinMessage: event.output.outcome === 'weakPin' ? WEAK_PIN_MESSAGE[event.output.reason] : null })),
                    ({ context }) => deps.journal({ type: 'pin.reset', actor: customer({ context }), sessionId: context.sessionId, payload: { outcome: 'refusedGuessable', identityDocument: context.documentKind ?? 'driversLicence' } }),
                  ],
                },
              ],
              onError: 'hqFailed',
            },
            exit: 'wipePins',
          },

          pinChangedNotice: {
            ...INACTIVITY,
            on: {
              CHOOSE: [
                { guard: ({ context, event }) => event.choice === 'continue' && context.summary !== null, target: 'menu' },
                { target: 'ejecting' },
              ],
              CANCEL: 'ejecting',
            },
          },

          menu: {
            ...INACTIVITY,
            entry: assign({ amountSelected: null, declarations: null, certificate: null, certificateProvided: false, limitResult: null, pinMessage: null }),
            always: [
              { guard: 'closing', target: 'closingNotice' },
              { guard: ({ context }) => context.summary === null, target: 'ejecting' },
            ],
            on: {
              CHOOSE: [
                { guard: ({ event }) => event.choice === 'changePin', target: 'documentScan', actions: assign({ purpose: 'changePin' as const }) },
                { guard: ({ event }) => event.choice === 'limitIncrease', target: 'amountEntry', actions: assign({ amountDirection: 'increase' as const }) },
                { guard: ({ event }) => event.choice === 'limitDecrease', target: 'amountEntry', actions: assign({ amountDirection: 'decrease' as const }) },
                { guard: ({ event }) => event.choice === 'finish', target: 'ejecting' },
              ],
              CANCEL: 'ejecting',
            },
          },

          amountEntry: {
            ...INACTIVITY,
            on: {
              SET_AMOUNT: { actions: assign({ amountSelected: ({ event }) => event.amountYen }) },
              CHOOSE: [
                {
                  guard: ({ context, event }) => event.choice === 'confirm' && context.amountSelected !== null && context.amountDirection === 'increase',
                  target: 'declarations',
                },
                {
                  guard: ({ context, event }) => event.choice === 'confirm' && context.amountSelected !== null && context.amountDirection === 'decrease',
                  target: 'confirmDecrease',
                },
                { guard: ({ event }) => event.choice === 'back', target: 'menu' },
              ],
              CANCEL: 'menu',
            },
          },

          declarations: {
            ...INACTIVITY,
            on: {
              DECLARE: {
                target: 'reviewing',
                actions: assign({ declarations: ({ event }) => ({ annualIncomeYen: event.annualIncomeYen, employment: event.employment, otherBorrowingYen: event.otherBorrowingYen }) }),
              },
              CHOOSE: { guard: ({ event }) => event.choice === 'back', target: 'amountEntry' },
              CANCEL: 'menu',
            },
          },

          reviewing: {
            entry: ({ context }) => deps.journal({
              type: 'limit.reviewRequested', actor: customer({ context }), sessionId: context.sessionId,
              payload: { requestedLimitYen: context.amountSelected ?? 0, currentLimitYen: context.summary?.creditLimit ?? 0, incomeCertificateProvided: context.certificateProvided },
            }),
            invoke: {
              src: 'reviewLimit',
              input: ({ context }) => ({ sessionId: sid(context), requested: context.amountSelected ?? 0, certificate: context.certificateProvided, declarations: context.declarations }),
              onDone: [
                {
                  guard: ({ event }) => event.output.outcome === 'approved' || event.output.outcome === 'partiallyApproved' || event.output.outcome === 'declined',
                  target: 'limitResult',
                  actions: [
                    assign(({ context, event }) => {
                      const out = event.output;
                      const outcome = out.outcome as 'approved' | 'partiallyApproved' | 'declined';
                      return {
                        limitResult: { outcome, requestedLimit: context.amountSelected ?? 0, creditLimit: out.creditLimit },
                        summary: context.summary ? { ...context.summary, creditLimit: out.creditLimit, available: Math.max(0, out.creditLimit - context.summary.balance) } : null,
                      };
                    }),
                    ({ context, event }) => deps.journal({
                      type: 'limit.reviewDecided', actor: customer({ context }), sessionId: context.sessionId,
                      payload: { decision: event.output.outcome as 'approved' | 'partiallyApproved' | 'declined', ...(event.output.approvedLimit !== undefined ? { approvedLimitYen: event.output.approvedLimit } : {}), reasonCodes: event.output.reasons },
                    }),
                  ],
                },
                {
                  guard: ({ event }) => event.output.outcome === 'documentsRequired',
                  target: 'certificateChoice',
                  actions: ({ context, event }) => deps.journal({
                    type: 'limit.reviewDecided', actor: customer({ context }), sessionId: context.sessionId,
                    payload: { decision: 'moreDocumentsRequired', reasonCodes: event.output.reasons },
                  }),
                },
                {
                  guard: ({ event }) => event.output.reasons.includes('tooCloseToClosing'),
                  target: 'noticeThenMenu',
                  actions: [
                    assign({ notice: () => notice('limitRefusedNearClosing', ['continue', 'finish']) }),
                    ({ context, event }) => deps.journal({ type: 'limit.reviewDecided', actor: customer({ context }), sessionId: context.sessionId, payload: { decision: 'tooCloseToClosing', reasonCodes: event.output.reasons } }),
                  ],
                },
                { target: 'noticeThenMenu', actions: assign({ notice: () => notice('limitRefusedHours', ['continue', 'finish']) }) },
              ],
              onError: 'hqFailed',
            },
          },

          certificateChoice: {
            ...INACTIVITY,
            on: {
              CHOOSE_CERTIFICATE: { target: 'certificateScan', actions: assign({ certificate: ({ event }) => event.kind }) },
              CANCEL: 'menu',
              CHOOSE: { guard: ({ event }) => event.choice === 'back', target: 'menu' },
            },
          },

          certificateScan: {
            initial: 'scanning',
            entry: assign({ scanAttempt: 1, scanUnreadable: false }),
            on: { CANCEL: '#kiosk.session.menu' },
            states: {
              unreadable: {
                ...INACTIVITY,
                on: { CHOOSE: { guard: ({ event }) => event.choice === 'continue' || event.choice === 'retry', target: 'scanning' } },
              },
              scanning: {
                invoke: {
                  src: 'scanCertificate',
                  input: ({ context }) => ({ kind: context.certificate ?? 'withholdingSlip' }),
                  onDone: [
                    { guard: ({ event }) => event.output.ok, target: '#kiosk.session.reviewing', actions: assign({ certificateProvided: true }) },
                    { guard: 'moreScanAttempts', target: 'unreadable', actions: assign({ scanAttempt: ({ context }) => context.scanAttempt + 1, scanUnreadable: true }) },
                    { target: '#kiosk.session.noticeThenMenu', actions: assign({ notice: () => notice('documentUnreadable', ['continue', 'finish']) }) },
                  ],
                  onError: { target: '#kiosk.session.aborting', actions: assign({ notice: () => notice('deviceFault', [], true) }) },
                },
              },
            },
          },

          limitResult: {
            ...INACTIVITY,
            on: {
              CHOOSE: [
                { guard: ({ event }) => event.choice === 'continue', target: 'menu' },
                { target: 'ejecting' },
              ],
              CANCEL: 'ejecting',
            },
          },

          confirmDecrease: {
            ...INACTIVITY,
            on: {
              CHOOSE: [
                { guard: ({ event }) => event.choice === 'confirm', target: 'decreasing' },
                { guard: ({ event }) => event.choice === 'back', target: 'amountEntry' },
              ],
              CANCEL: 'menu',
            },
          },

          decreasing: {
            invoke: {
              src: 'decreaseLimit',
              input: ({ context }) => ({ sessionId: sid(context), newLimit: context.amountSelected ?? 0 }),
              onDone: [
                {
                  guard: ({ event }) => event.output.outcome === 'decreased',
                  target: 'noticeThenMenu',
                  actions: [
                    assign(({ context, event }) => (event.output.outcome === 'decreased' && context.summary
                      ? { summary: { ...context.summary, creditLimit: event.output.creditLimit, available: Math.max(0, event.output.creditLimit - context.summary.balance) }, notice: notice('limitDecreased', ['continue', 'finish']) }
                      : {})),
                    ({ context, event }) => {
                      if (event.output.outcome === 'decreased') deps.journal({ type: 'limit.decreased', actor: customer({ context }), sessionId: context.sessionId, payload: { fromLimitYen: event.output.previousLimit, toLimitYen: event.output.creditLimit } });
                    },
                  ],
                },
                { target: 'amountEntry' },
              ],
              onError: 'hqFailed',
            },
          },

          noticeThenMenu: {
            ...INACTIVITY,
            on: {
              CHOOSE: [
                { guard: ({ event }) => event.choice === 'continue', target: 'menu' },
                { target: 'ejecting' },
              ],
              CANCEL: 'ejecting',
            },
          },

          /** A notice, then the card comes back: by a button, or by itself after a while. */
          noticeThenEject: {
            after: { notice: { guard: ({ context }) => (context.notice?.choices.length ?? 0) === 0, target: 'ejecting' } },
            on: { CHOOSE: 'ejecting', CANCEL: 'ejecting' },
          },

          closingNotice: {
            entry: assign({ notice: () => notice('maintenanceStarting', ['finish']) }),
            after: { notice: 'ejecting' },
            on: { CHOOSE: 'ejecting', CANCEL: 'ejecting' },
          },

          timedOut: {
            entry: [
              assign({ notice: () => notice('sessionTimedOut'), ending: 'timedOut' as const }),
              'wipePins',
              ({ context }) => deps.journal({ type: 'session.timedOut', actor: customer({ context }), sessionId: context.sessionId, payload: { stage: 'input' } }),
            ],
            after: { notice: 'ejecting' },
          },

          hqFailed: {
            entry: [
              assign({ notice: () => notice('hqUnavailable', [], true), ending: 'aborted' as const }),
              'wipePins',
              ({ context }) => deps.journal({ type: 'session.aborted', actor: customer({ context }), sessionId: context.sessionId, payload: { reason: 'hqUnavailable' } }),
            ],
            after: { notice: 'ejecting' },
            on: { CHOOSE: 'ejecting' },
          },

          aborting: {
            entry: [
              assign({ ending: 'aborted' as const }),
              'wipePins',
              ({ context }) => deps.journal({ type: 'session.aborted', actor: customer({ context }), sessionId: context.sessionId, payload: { reason: 'deviceFault' } }),
            ],
            after: { notice: 'ejecting' },
          },

          ejecting: {
            entry: 'wipePins',
            invoke: {
              src: 'ejectCard',
              onDone: [
                {
                  guard: ({ event }) => event.output === 'ok',
                  target: 'takeCard',
                  actions: ({ context }) => deps.journal({ type: 'card.ejected', actor: customer({ context }), sessionId: context.sessionId, payload: { reason: context.ending === 'customerCancelled' ? 'customerRequest' : context.ending === 'aborted' ? 'error' : 'sessionEnded' } }),
                },
                { target: 'capturing', actions: assign({ notice: () => notice('deviceFault', [], true), ending: 'aborted' as const, captureReason: 'jam' as const }) },
              ],
              onError: { target: 'capturing', actions: assign({ notice: () => notice('deviceFault', [], true), ending: 'aborted' as const, captureReason: 'jam' as const }) },
            },
          },

          takeCard: {
            entry: assign({ secondsLeft: () => deps.timing.takeCardSeconds }),
            on: {
              CARD_REMOVED: {
                target: 'goodbye',
                actions: ({ context }) => deps.journal({ type: 'card.taken', actor: customer({ context }), sessionId: context.sessionId, payload: {} }),
              },
            },
            ...countdown('#kiosk.session.capturingNotTaken'),
          },

          capturingNotTaken: {
            entry: assign({ notice: () => notice('cardCaptured', [], true), ending: 'captured' as const, captureReason: 'notTaken' as const }),
            always: 'capturing',
          },

          capturing: {
            invoke: {
              src: 'captureCard',
              onDone: {
                target: 'captured',
                actions: ({ context }) => deps.journal({
                  type: 'card.captured', actor: customer({ context }), sessionId: context.sessionId,
                  payload: { reason: context.captureReason },
                }),
              },
              onError: 'captured',
            },
          },

          captured: {
            entry: assign({ notice: ({ context }) => context.notice ?? notice('cardCaptured', [], true) }),
            after: { notice: 'goodbye' },
            on: { CHOOSE: 'goodbye' },
          },

          goodbye: {
            entry: ({ context }) => deps.journal({
              type: 'session.ended', actor: customer({ context }), sessionId: context.sessionId,
              payload: { reason: context.ending === 'customerCancelled' ? 'customerCancelled' : 'completed' },
            }),
            invoke: { src: 'endSession', input: ({ context }) => ({ sessionId: context.sessionId }) },
            after: { goodbye: '#kiosk.sessionEnd' },
          },
        },
      },

      /**
       * Staff and technician service mode (issue 8): its own machine
       * (service/service-machine.ts); this state only forwards what it needs.
       * Service conditions change around it (a technician takes the kiosk out
       * of service), and apply when the operator leaves.
       */
      service: {
        invoke: {
          id: 'service',
          src: 'serviceMode',
          input: ({ context }) => {
            if (!context.operator || !context.sessionId) throw new Error('service mode without an operator session');
            return { operator: context.operator, sessionId: context.sessionId, outOfService: context.closing !== null };
          },
          onDone: '#kiosk.sessionEnd',
          onError: '#kiosk.sessionEnd',
        },
        on: {
          CARD_INSERTED: { actions: sendTo('service', { type: 'CARD_INSERTED' }) },
          CARD_REMOVED: { actions: sendTo('service', { type: 'CARD_REMOVED' }) },
          TOUCH: { actions: sendTo('service', { type: 'TOUCH' }) },
          CANCEL: { actions: sendTo('service', { type: 'CANCEL' }) },
          PIN: { actions: sendTo('service', ({ event }) => event) },
          SERVICE_ACTION: { actions: sendTo('service', ({ event }) => ({ type: 'ACTION' as const, action: event.action })) },
          MEMBER_KEY: { actions: sendTo('service', ({ event }) => event) },
          EXPORT_TARGET: { actions: sendTo('service', ({ event }) => event) },
          NOT_PERMITTED: { actions: sendTo('service', { type: 'NOT_PERMITTED' }) },
          JOURNAL_FAILED: { actions: sendTo('service', { type: 'JOURNAL_FAILED' }) },
          SERVICE_UNAVAILABLE: { actions: ['rememberClosing', sendTo('service', { type: 'AVAILABILITY', outOfService: true })] },
          SERVICE_READY: { actions: [assign({ closing: null }), sendTo('service', { type: 'AVAILABILITY', outOfService: false })] },
        },
      },

      /** Between sessions: wipe everything, then idle or out of service. */
      sessionEnd: {
        entry: 'clearSession',
        always: [
          { guard: 'closing', target: 'outOfService', actions: 'applyClosing' },
          { target: 'idle' },
        ],
      },
    },
  });
}

/** Stand-ins when the core is built without service mode: unreachable, the operator branch needs `deps.service`. */
const unavailable = (): never => { throw new Error('service mode is not configured'); };
const NO_SERVICE: ServicePorts = {
  staffHq: { lookup: unavailable, verifyIdentity: unavailable, confirmIdentity: unavailable, clearLock: unavailable, resetPin: unavailable, uploadDiagnostics: unavailable },
  technician: {
    portsPresent: unavailable, deviceReports: unavailable, ledSupported: unavailable, selfTest: unavailable, traffic: unavailable, health: unavailable,
    verifyJournal: unavailable, buildBundle: unavailable, exportTargets: unavailable, writeBundle: unavailable, retainBin: unavailable, recentCaptures: unavailable, emptyRetainBin: unavailable,
  },
  control: { setOutOfService: unavailable, isOutOfService: unavailable, requestExit: unavailable },
};

export type KioskMachine = ReturnType<typeof createKioskMachine>;
