/**
 * The menu and the credit-limit changes (DOMAIN.md, "Limit increase and
 * decrease"; Money Lending Business Act art. 13 and 13-2 as HQ applies
 * them, src/hq/policy/limit-review.ts). The kiosk collects the amount and
 * the declarations and shows HQ's decision; every request is journaled
 * before HQ hears of it.
 */
import { and, assign } from 'xstate';
import { inactivityStates } from '../inactivity';
import type { KioskSetup } from '../kiosk-setup';
import { CertificateRefusal } from '../../../shared/bridge/views';
import { notice, type LimitDecision } from './context';

/** The first certificate refusal among HQ's reasons, if any. */
function certificateRefusalIn(reasons: readonly string[]): CertificateRefusal | null {
  for (const reason of reasons) {
    const parsed = CertificateRefusal.safeParse(reason);
    if (parsed.success) return parsed.data;
  }
  return null;
}

export function limitStates(s: KioskSetup) {
  const INACTIVITY = inactivityStates('#kiosk.session.timedOut');
  return {
    menu: s.createStateConfig({
      ...INACTIVITY,
      tags: 'screen:menu',
      entry: assign({ amountSelected: null, declarations: null, certificate: null, incomeCertificate: null, certificateRefusal: null, limitResult: null, pinMessage: null }),
      always: [
        { guard: 'closing', target: 'closingNotice' },
        { guard: 'noCustomer', target: 'ejecting' },
      ],
      on: {
        CHOOSE: [
          { guard: { type: 'chose', params: { choice: 'changePin' } }, target: 'documentScan', actions: assign({ purpose: 'changePin' as const }) },
          {
            guard: and([{ type: 'chose', params: { choice: 'limitIncrease' } as const }, 'increasesClosed']),
            target: 'noticeThenMenu',
            actions: { type: 'showNotice', params: notice('limitRefusedNearClosing', ['continue', 'finish']) },
          },
          { guard: { type: 'chose', params: { choice: 'limitIncrease' } }, target: 'amountEntry', actions: assign({ amountDirection: 'increase' as const }) },
          { guard: { type: 'chose', params: { choice: 'limitDecrease' } }, target: 'amountEntry', actions: assign({ amountDirection: 'decrease' as const }) },
          { guard: { type: 'chose', params: { choice: 'finish' } }, target: 'ejecting' },
        ],
        CANCEL: 'ejecting',
      },
    }),

    amountEntry: s.createStateConfig({
      ...INACTIVITY,
      tags: 'screen:amountEntry',
      on: {
        SET_AMOUNT: { actions: assign({ amountSelected: ({ event }) => event.amountYen }) },
        CHOOSE: [
          { guard: and([{ type: 'chose', params: { choice: 'confirm' } as const }, { type: 'amountFor', params: { direction: 'increase' } as const }]), target: 'declarations' },
          { guard: and([{ type: 'chose', params: { choice: 'confirm' } as const }, { type: 'amountFor', params: { direction: 'decrease' } as const }]), target: 'confirmDecrease' },
          { guard: { type: 'chose', params: { choice: 'back' } }, target: 'menu' },
        ],
        CANCEL: 'menu',
      },
    }),

    declarations: s.createStateConfig({
      ...INACTIVITY,
      tags: 'screen:declarations',
      on: {
        DECLARE: {
          // The printer first: an approval changes the limit at once, and its document must be printable (contract-document.ts).
          target: 'checkPrinterForIncrease',
          actions: assign({ declarations: ({ event }) => ({ annualIncomeYen: event.annualIncomeYen, employment: event.employment, otherBorrowingYen: event.otherBorrowingYen }) }),
        },
        CHOOSE: { guard: { type: 'chose', params: { choice: 'back' } }, target: 'amountEntry' },
        CANCEL: 'menu',
      },
    }),

    reviewing: s.createStateConfig({
      tags: 'screen:reviewingLimit',
      // Committed before HQ reviews (issue 12): a review the journal cannot hold does not start.
      entry: {
        type: 'journal',
        params: ({ context }) => ({
          type: 'limit.reviewRequested',
          // The certificate by kind and year only: the holder's name and the income go to HQ, not the journal (docs/journal.md).
          payload: {
            requestedLimitYen: context.amountSelected ?? 0, currentLimitYen: context.summary?.creditLimit ?? 0, incomeCertificateProvided: context.incomeCertificate !== null,
            ...(context.incomeCertificate ? { incomeCertificate: { kind: context.incomeCertificate.kind, incomeYear: context.incomeCertificate.incomeYear } } : {}),
          },
        }),
      },
      invoke: {
        src: 'reviewLimit',
        input: ({ context }) => ({ sessionId: context.sessionId ?? '', requested: context.amountSelected ?? 0, certificate: context.incomeCertificate, declarations: context.declarations }),
        onDone: [
          {
            // Less than asked: an offer, applied only if the customer accepts it (issue 14).
            guard: { type: 'answered', params: { answer: 'partiallyApproved' } },
            target: 'limitOffer',
            actions: [
              assign(({ context, event }) => ({
                limitResult: { outcome: 'partiallyApproved' as const, requestedLimit: context.amountSelected ?? 0, creditLimit: event.output.approvedLimit ?? event.output.creditLimit },
              })),
              {
                type: 'journal',
                params: ({ event }) => ({
                  type: 'limit.reviewDecided',
                  payload: { decision: 'partiallyApproved', ...(event.output.approvedLimit !== undefined ? { approvedLimitYen: event.output.approvedLimit } : {}), reasonCodes: event.output.reasons },
                }),
              },
            ],
          },
          {
            guard: { type: 'answered', params: { answer: ['approved', 'declined'] } },
            target: 'limitResult',
            actions: [
              assign(({ context, event }) => {
                const out = event.output;
                return {
                  limitResult: { outcome: out.outcome as LimitDecision, requestedLimit: context.amountSelected ?? 0, creditLimit: out.creditLimit },
                  summary: context.summary ? { ...context.summary, creditLimit: out.creditLimit, available: Math.max(0, out.creditLimit - context.summary.balance) } : null,
                };
              }),
              'keepContractDocument',
              {
                type: 'journal',
                params: ({ event }) => ({
                  type: 'limit.reviewDecided',
                  payload: { decision: event.output.outcome as LimitDecision, ...(event.output.approvedLimit !== undefined ? { approvedLimitYen: event.output.approvedLimit } : {}), reasonCodes: event.output.reasons },
                }),
              },
            ],
          },
          {
            guard: { type: 'answered', params: { answer: 'documentsRequired' } },
            target: 'certificateChoice',
            actions: [
              // A refused certificate is dropped; the next screen says why (docs/policy.md, "Income certificates").
              assign(({ event }) => ({ incomeCertificate: null, certificateRefusal: certificateRefusalIn(event.output.reasons) })),
              { type: 'journal', params: ({ event }) => ({ type: 'limit.reviewDecided', payload: { decision: 'moreDocumentsRequired', reasonCodes: event.output.reasons } }) },
            ],
          },
          {
            guard: { type: 'limitRefusedFor', params: { reason: 'tooCloseToClosing' } },
            target: 'noticeThenMenu',
            actions: [
              { type: 'showNotice', params: notice('limitRefusedNearClosing', ['continue', 'finish']) },
              { type: 'journal', params: ({ event }) => ({ type: 'limit.reviewDecided', payload: { decision: 'tooCloseToClosing', reasonCodes: event.output.reasons } }) },
            ],
          },
          {
            // No credit-bureau answer (art. 13): HQ decided nothing; the customer is told the review cannot be completed now.
            guard: { type: 'limitRefusedFor', params: { reason: 'bureauUnavailable' } },
            target: 'noticeThenMenu',
            actions: [
              { type: 'showNotice', params: notice('limitReviewUnavailable', ['continue', 'finish'], true) },
              { type: 'journal', params: ({ event }) => ({ type: 'limit.reviewDecided', payload: { decision: 'notReviewed', reasonCodes: event.output.reasons } }) },
            ],
          },
          { target: 'noticeThenMenu', actions: { type: 'showNotice', params: notice('limitRefusedHours', ['continue', 'finish']) } },
        ],
        onError: 'hqFailed',
      },
    }),

    certificateChoice: s.createStateConfig({
      ...INACTIVITY,
      tags: 'screen:certificateChoice',
      on: {
        CHOOSE_CERTIFICATE: { target: 'certificateScan', actions: assign({ certificate: ({ event }) => event.kind }) },
        CANCEL: 'menu',
        CHOOSE: { guard: { type: 'chose', params: { choice: 'back' } }, target: 'menu' },
      },
    }),

    certificateScan: s.createStateConfig({
      initial: 'scanning',
      entry: assign({ scanAttempt: 1, scanUnreadable: false }),
      on: { CANCEL: '#kiosk.session.menu' },
      states: {
        unreadable: {
          ...INACTIVITY,
          tags: 'screen:scanCertificateAgain',
          on: { CHOOSE: { guard: { type: 'chose', params: { choice: ['continue', 'retry'] } }, target: 'scanning' } },
        },
        scanning: {
          tags: 'screen:scanCertificate',
          invoke: {
            src: 'scanCertificate',
            input: ({ context }) => ({ kind: context.certificate ?? 'withholdingSlip' }),
            onDone: [
              {
                guard: 'scanRead',
                target: '#kiosk.session.checkPrinterForIncrease',
                actions: assign({ incomeCertificate: ({ event }) => (event.output.ok ? event.output.certificate : null), certificateRefusal: null }),
              },
              { guard: 'moreScanAttempts', target: 'unreadable', actions: assign({ scanAttempt: ({ context }) => context.scanAttempt + 1, scanUnreadable: true }) },
              { target: '#kiosk.session.noticeThenMenu', actions: { type: 'showNotice', params: notice('documentUnreadable', ['continue', 'finish']) } },
            ],
            onError: { target: '#kiosk.session.aborting', actions: { type: 'showNotice', params: notice('deviceFault', [], true) } },
          },
        },
      },
    }),

    limitResult: s.createStateConfig({
      ...INACTIVITY,
      tags: 'screen:limitResult',
      // A changed limit's document is printed before the result stays on screen (contract-document.ts).
      always: { guard: 'documentToPrint', target: 'printingDocument' },
      on: {
        CHOOSE: [
          { guard: { type: 'chose', params: { choice: 'continue' } }, target: 'menu' },
          { target: 'ejecting' },
        ],
        CANCEL: 'ejecting',
      },
    }),

    limitOffer: s.createStateConfig({
      ...INACTIVITY,
      tags: 'screen:limitOffer',
      on: {
        CHOOSE: [
          { guard: { type: 'chose', params: { choice: 'acceptOffer' } }, target: 'checkPrinterForOffer', actions: assign({ offerAccepted: true }) },
          { guard: { type: 'chose', params: { choice: 'declineOffer' } }, target: 'answeringOffer', actions: assign({ offerAccepted: false, afterDecline: 'menu' as const }) },
        ],
        CANCEL: { target: 'answeringOffer', actions: assign({ offerAccepted: false, afterDecline: 'eject' as const }) },
      },
    }),

    /** The answer goes to HQ, journaled first; a decline leaves the limit as it was. */
    answeringOffer: s.createStateConfig({
      tags: 'screen:answeringOffer',
      entry: {
        type: 'journal',
        params: ({ context }) => ({ type: 'limit.offerAnswered', payload: { accepted: context.offerAccepted, offeredLimitYen: context.limitResult?.creditLimit ?? 0 } }),
      },
      invoke: {
        src: 'answerLimitOffer',
        input: ({ context }) => ({ sessionId: context.sessionId ?? '', accept: context.offerAccepted }),
        onDone: [
          {
            guard: { type: 'answered', params: { answer: 'accepted' } },
            target: 'limitResult',
            actions: [
              assign(({ context, event }) => (event.output.outcome === 'accepted'
                ? {
                  limitResult: { outcome: 'approved' as const, requestedLimit: context.amountSelected ?? 0, creditLimit: event.output.creditLimit },
                  summary: context.summary ? { ...context.summary, creditLimit: event.output.creditLimit, available: Math.max(0, event.output.creditLimit - context.summary.balance) } : null,
                }
                : {})),
              'keepContractDocument',
              { type: 'journal', params: ({ event }) => ({ type: 'limit.offerResult', payload: { outcome: 'accepted', creditLimitYen: event.output.creditLimit } }) },
            ],
          },
          {
            guard: { type: 'answered', params: { answer: 'noOffer' } },
            target: 'noticeThenMenu',
            actions: [
              { type: 'showNotice', params: notice('limitOfferExpired', ['continue', 'finish']) },
              { type: 'journal', params: ({ event }) => ({ type: 'limit.offerResult', payload: { outcome: 'noOffer', creditLimitYen: event.output.creditLimit } }) },
            ],
          },
          {
            guard: 'declinedToEject',
            target: 'ejecting',
            actions: { type: 'journal', params: ({ event }) => ({ type: 'limit.offerResult', payload: { outcome: 'declined', creditLimitYen: event.output.creditLimit } }) },
          },
          {
            target: 'menu',
            actions: { type: 'journal', params: ({ event }) => ({ type: 'limit.offerResult', payload: { outcome: 'declined', creditLimitYen: event.output.creditLimit } }) },
          },
        ],
        onError: 'hqFailed',
      },
    }),

    confirmDecrease: s.createStateConfig({
      ...INACTIVITY,
      tags: 'screen:confirmDecrease',
      on: {
        CHOOSE: [
          { guard: { type: 'chose', params: { choice: 'confirm' } }, target: 'checkPrinterForDecrease' },
          { guard: { type: 'chose', params: { choice: 'back' } }, target: 'amountEntry' },
        ],
        CANCEL: 'menu',
      },
    }),

    decreasing: s.createStateConfig({
      tags: 'screen:decreasingLimit',
      // Committed before HQ applies it (issue 12).
      entry: {
        type: 'journal',
        params: ({ context }) => ({ type: 'limit.decreaseRequested', payload: { fromLimitYen: context.summary?.creditLimit ?? 0, toLimitYen: context.amountSelected ?? 0 } }),
      },
      invoke: {
        src: 'decreaseLimit',
        input: ({ context }) => ({ sessionId: context.sessionId ?? '', newLimit: context.amountSelected ?? 0 }),
        onDone: [
          {
            guard: { type: 'answered', params: { answer: 'decreased' } },
            target: 'printingDocument',
            actions: [
              assign(({ context, event }) => (event.output.outcome === 'decreased' && context.summary
                ? { summary: { ...context.summary, creditLimit: event.output.creditLimit, available: Math.max(0, event.output.creditLimit - context.summary.balance) }, notice: notice('limitDecreased', ['continue', 'finish']) }
                : {})),
              'keepContractDocument',
              {
                type: 'journalIf',
                params: ({ event }) => (event.output.outcome === 'decreased' ? { type: 'limit.decreased', payload: { fromLimitYen: event.output.previousLimit, toLimitYen: event.output.creditLimit } } : null),
              },
            ],
          },
          { target: 'amountEntry' },
        ],
        onError: 'hqFailed',
      },
    }),
  };
}
