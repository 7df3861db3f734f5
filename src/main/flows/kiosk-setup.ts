/**
 * The kiosk machine's setup: its types, the invoked operations (device and
 * HQ calls, as actors), delays, named guards and actions. The state groups
 * (customer/*.ts) and the shell (kiosk-machine.ts) build on it through
 * `createStateConfig`, so every state file is type-checked against the same
 * names. Every wait on a device or HQ is an actor with its outcome as a
 * value; HQ decides, the kiosk never guesses.
 */
import { assign, fromPromise, setup } from 'xstate';
import type { CertificateKind, Choice } from '../../shared/bridge';
import type { IncomeCertificate } from '../../shared/domain/income-certificate';
import type { AuthenticateCardResponse, DocumentDeliveryAck, DocumentDeliveryReport, IdentifyCardResponse, LimitDecreaseResponse, LimitIncreaseResponse, LimitOfferAnswerResponse, LimitReasonCode, ResetPinResponse, VerifyIdentityResponse } from '../../shared/hq-api';
import type { JournalActor } from '../../shared/journal';
import { INITIAL_SESSION, type FlowContext, type FlowEvent, type KioskTag, type Notice } from './customer/context';
import { journalActions } from './journaled';
import { createOperatorMachine } from './operator/operator-machine';
import { NO_OPERATOR_PORTS, type OperatorPorts } from './operator/operator-ports';
import { customerTiming, type CardReadOutcome, type CardReaderPort, type CertificateScanOutcome, type DocumentScanOutcome, type FlowTiming, type HqPort, type IdScannerPort, type JournalPort, type PrinterPort, type PrinterReadiness, type PrintOutcome } from './ports';
import type { SessionVault } from './session-vault';

type FlowContractDocument = NonNullable<SessionVault['contractDocument']>;

export interface FlowDeps {
  cardReader: CardReaderPort;
  idScanner: IdScannerPort;
  /** The contract-change document's printer (issue 14; customer/contract-document.ts). */
  printer: PrinterPort;
  hq: HqPort;
  journal: JournalPort;
  vault: SessionVault;
  timing: FlowTiming;
  newSessionId(): string;
  /** Instant when today's limit increases stop (one hour before closing), ISO, or null. */
  increaseDeadline(): string | null;
  /** The kiosk's clock, epoch ms (the simulator may shift it). */
  now(): number;
  /** Staff and technician service mode (issue 8); without it an operator card gets the "not here" notice. */
  service?: OperatorPorts;
  /** Extended-time mode is on for this customer (issue 18); read each time a timer starts. */
  extendedTime?(): boolean;
}

/** The customer timers in force now (doubled in extended-time mode). */
export function timingOf(deps: FlowDeps): FlowTiming {
  return customerTiming(deps.timing, deps.extendedTime?.() ?? false);
}

/** The answer of an invoked HQ operation, read by the outcome guards: `outcome` (or `decision`, for identity). */
function answerOf(event: FlowEvent): string | undefined {
  const output = (event as { output?: { outcome?: string; decision?: string } }).output;
  return output?.outcome ?? output?.decision;
}

export function kioskSetup(deps: FlowDeps) {
  const cardNumber = (): string => {
    if (!deps.vault.cardNumber) throw new Error('no card in session');
    return deps.vault.cardNumber;
  };
  const stamp = (context: FlowContext): { actor: JournalActor; sessionId: string | null } => ({
    actor: context.maskedCard ? { kind: 'customer', maskedCard: context.maskedCard } : { kind: 'customer' },
    sessionId: context.sessionId,
  });
  const serviceModeOpen = (context: FlowContext) => deps.service !== undefined && context.outOfServiceReason !== 'journalUnavailable';

  return setup({
    types: { context: {} as FlowContext, events: {} as FlowEvent, tags: {} as KioskTag },
    actors: {
      readCard: fromPromise<CardReadOutcome>(() => deps.cardReader.readCard()),
      ejectCard: fromPromise<'ok' | 'fault'>(() => deps.cardReader.eject()),
      captureCard: fromPromise<'ok' | 'binFull' | 'fault'>(() => deps.cardReader.capture()),
      authenticate: fromPromise<AuthenticateCardResponse, { sessionId: string }>(({ input }) => deps.hq.authenticateCard(input.sessionId, cardNumber(), deps.vault.loginPin)),
      identify: fromPromise<IdentifyCardResponse, { sessionId: string }>(({ input }) => deps.hq.identifyCard(input.sessionId, cardNumber())),
      scanIdentity: fromPromise<DocumentScanOutcome>(({ signal }) => deps.idScanner.scanIdentity(timingOf(deps).documentScanTimeoutMs, signal)),
      scanCertificate: fromPromise<CertificateScanOutcome, { kind: CertificateKind }>(({ input, signal }) => deps.idScanner.scanCertificate(input.kind, timingOf(deps).documentScanTimeoutMs, signal)),
      verifyIdentity: fromPromise<VerifyIdentityResponse, { sessionId: string }>(({ input }) => {
        const document = deps.vault.document;
        if (!document) throw new Error('no document in session');
        return deps.hq.verifyIdentity(input.sessionId, document);
      }),
      resetPin: fromPromise<ResetPinResponse, { sessionId: string }>(({ input }) => deps.hq.resetPin(input.sessionId, deps.vault.newPin)),
      reviewLimit: fromPromise<LimitIncreaseResponse, { sessionId: string; requested: number; certificate: IncomeCertificate | null; declarations: FlowContext['declarations'] }>(({ input }) =>
        deps.hq.reviewLimitIncrease(input.sessionId, input.requested, input.certificate, input.declarations
          ? { annualIncome: input.declarations.annualIncomeYen, employment: input.declarations.employment, otherLendersBorrowing: input.declarations.otherBorrowingYen }
          : null)),
      answerLimitOffer: fromPromise<LimitOfferAnswerResponse, { sessionId: string; accept: boolean }>(({ input }) => deps.hq.answerLimitOffer(input.sessionId, input.accept)),
      decreaseLimit: fromPromise<LimitDecreaseResponse, { sessionId: string; newLimit: number }>(({ input }) => deps.hq.decreaseLimit(input.sessionId, input.newLimit)),
      checkPrinter: fromPromise<PrinterReadiness>(() => deps.printer.readiness()),
      printDocument: fromPromise<PrintOutcome>(() => {
        const document = deps.vault.contractDocument;
        if (!document) throw new Error('no contract document in session');
        return deps.printer.print(document);
      }),
      reportDocumentDelivery: fromPromise<DocumentDeliveryAck, DocumentDeliveryReport>(({ input }) => deps.hq.reportDocumentDelivery(input)),
      serviceMode: createOperatorMachine({
        ...(deps.service ?? NO_OPERATOR_PORTS),
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
      inactivity: () => timingOf(deps).inactivityMs,
      tick: () => deps.timing.tickMs,
      notice: () => timingOf(deps).noticeMs,
      goodbye: () => timingOf(deps).goodbyeMs,
      printRetry: () => deps.timing.documentPrintRetryMs,
      takeDocument: () => timingOf(deps).takeDocumentMs,
    },
    guards: {
      lastSecond: ({ context }) => context.secondsLeft <= 1,
      pinEntered: ({ event }) => event.type === 'PIN' && event.result === 'enter',
      newPinsMatch: ({ event }) => event.type === 'PIN' && event.result === 'enter' && deps.vault.newPin.sameAs(deps.vault.confirmPin),
      chose: ({ event }, params: { choice: Choice | Choice[] }) =>
        event.type === 'CHOOSE' && (Array.isArray(params.choice) ? params.choice.includes(event.choice) : event.choice === params.choice),
      closing: ({ context }) => context.closing !== null,
      noCustomer: ({ context }) => context.summary === null,
      hasCustomer: ({ context }) => context.summary !== null,
      moreScanAttempts: ({ context }) => context.scanAttempt < deps.timing.maxScanAttempts,
      amountFor: ({ context }, params: { direction: 'increase' | 'decrease' }) => context.amountSelected !== null && context.amountDirection === params.direction,
      operatorOnly: ({ context }) => context.operatorOnly,
      declinedToEject: ({ context }) => context.afterDecline === 'eject',
      /**
       * Increases close one hour before closing (DOMAIN.md, "Hours"): said
       * before the customer picks an amount (issue 14). HQ applies the same
       * rule again; an unknown deadline leaves the decision to HQ.
       */
      increasesClosed: () => {
        const deadline = deps.increaseDeadline();
        return deadline !== null && deps.now() >= Date.parse(deadline);
      },
      /** Operators can log in while out of service, except when the journal is down (no action without a journal entry). */
      operatorEntry: ({ context }) => serviceModeOpen(context),
      serviceModeConfigured: () => deps.service !== undefined,
      /** HQ's answer to the operation just invoked (`outcome`, or `decision` for identity). */
      answered: ({ event }, params: { answer: string | string[] }) => {
        const answer = answerOf(event);
        return answer !== undefined && (Array.isArray(params.answer) ? params.answer.includes(answer) : answer === params.answer);
      },
      /** Who HQ says holds the card it authenticated. */
      holder: ({ event }, params: { kind: 'customer' | 'operator' }) => {
        const output = (event as { output?: AuthenticateCardResponse }).output;
        return output?.outcome === 'ok' && output.holder.kind === params.kind;
      },
      scanFailedBecause: ({ event }, params: { reason: string }) => {
        const output = (event as { output?: { ok?: boolean; reason?: string } }).output;
        return output?.ok === false && output.reason === params.reason;
      },
      /** HQ refused a limit review for this reason (e.g. too close to closing, DOMAIN.md "Hours"). */
      limitRefusedFor: ({ event }, params: { reason: LimitReasonCode }) => {
        const output = (event as { output?: LimitIncreaseResponse }).output;
        return output !== undefined && output.reasons.includes(params.reason);
      },
      /** A card movement finished (`ok`), as opposed to a fault. */
      deviceDone: ({ event }) => (event as { output?: unknown }).output === 'ok',
      /** HQ refused with this reason (a `notAccepted` identity answer's customer-safe class). */
      refusedBecause: ({ event }, params: { answer: string }) => (event as { output?: { reason?: unknown } }).output?.reason === params.answer,
      scanRead: ({ event }) => (event as { output?: { ok?: boolean } }).output?.ok === true,
      noticeWithoutChoices: ({ context }) => (context.notice?.choices.length ?? 0) === 0,
      // The contract-change document (customer/contract-document.ts).
      printerReady: ({ event }) => (event as { output?: PrinterReadiness }).output?.ready === true,
      printed: ({ event }) => (event as { output?: PrintOutcome }).output?.ok === true,
      morePrintAttempts: ({ context }) => context.printAttempt < deps.timing.documentPrintAttempts,
      documentToPrint: () => deps.vault.contractDocument !== null,
      hasLimitResult: ({ context }) => context.limitResult !== null,
    },
    actions: {
      startWarning: assign({ secondsLeft: () => timingOf(deps).inactivityWarningSeconds }),
      countDown: assign({ secondsLeft: ({ context }) => Math.max(0, context.secondsLeft - 1) }),
      acceptCards: () => { void deps.cardReader.setAcceptingCards(true).catch(() => undefined); },
      refuseCards: () => { void deps.cardReader.setAcceptingCards(false).catch(() => undefined); },
      /** Out of service the slot stays open for operator cards when service mode exists (a customer's card comes back with a notice). */
      outOfServiceCards: ({ context }) => { void deps.cardReader.setAcceptingCards(serviceModeOpen(context)).catch(() => undefined); },
      rememberReason: assign(({ event }) =>
        event.type === 'SERVICE_UNAVAILABLE' ? { outOfServiceReason: event.reason, resumesAt: event.resumesAt ?? null, serviceNotice: event.notice ?? null } : {}),
      rememberClosing: assign(({ event }) =>
        event.type === 'SERVICE_UNAVAILABLE' ? { closing: { reason: event.reason, resumesAt: event.resumesAt ?? null, notice: event.notice ?? null } } : {}),
      forgetClosing: assign({ closing: null }),
      applyClosing: assign(({ context }) =>
        context.closing ? { outOfServiceReason: context.closing.reason, resumesAt: context.closing.resumesAt, serviceNotice: context.closing.notice, closing: null } : {}),
      newSession: assign(() => ({ ...INITIAL_SESSION, sessionId: deps.newSessionId() })),
      clearSession: assign(() => {
        deps.vault.wipe();
        return { ...INITIAL_SESSION, operatorOnly: false };
      }),
      wipePins: () => {
        deps.vault.loginPin.wipe();
        deps.vault.newPin.wipe();
        deps.vault.confirmPin.wipe();
      },
      wipeLoginPin: () => deps.vault.loginPin.wipe(),
      wipeNewPins: () => { deps.vault.newPin.wipe(); deps.vault.confirmPin.wipe(); },
      wipeConfirmPin: () => deps.vault.confirmPin.wipe(),
      forgetDocument: () => { deps.vault.document = null; },
      /** HQ's contract-change document from the answer just received, to print (it names the customer: the vault holds it). */
      keepContractDocument: ({ event }) => {
        const output = (event as { output?: { contractDocument?: FlowContractDocument } }).output;
        deps.vault.contractDocument = output?.contractDocument ?? null;
      },
      forgetContractDocument: () => { deps.vault.contractDocument = null; },
      /** The last try failed: not delivered, and why (the printer's answer, or a fault when the port threw). */
      rememberPrintFailure: assign(({ event }) => {
        const output = (event as { output?: PrintOutcome }).output;
        return { documentDelivered: false, printFailure: output && !output.ok ? output.failure : 'hardwareError' as const };
      }),
      trackPin: assign(({ event }) => (event.type === 'PIN' ? { pinDigits: event.count } : {})),
      clearPinDigits: assign({ pinDigits: 0 }),
      showNotice: assign((_, params: Notice) => ({ notice: params })),
      /** A fixed change of the context, for outcome tables (customer/outcomes.ts). */
      patch: assign((_, params: Partial<FlowContext>) => params),
      cancelledByCustomer: assign({ ending: 'customerCancelled' as const }),
      /**
       * The journaled-action discipline (journaled.ts): `journal` appends
       * before the next step or raises JOURNAL_FAILED; `recordWhileEnding`
       * is for card-return and session-end entries, never holding the card back.
       */
      ...journalActions<FlowContext, FlowEvent>(deps.journal, stamp),
    },
  });
}

export type KioskSetup = ReturnType<typeof kioskSetup>;
