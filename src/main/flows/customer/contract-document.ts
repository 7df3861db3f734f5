/**
 * The contract-change document (極度額変更の書面) at the machine: 貸金業法
 * art. 17 requires a document to the customer when the credit limit
 * changes, and HQ owns its text (issue 14; docs/policy.md, "The
 * contract-change document").
 *
 * - Before a change is asked of HQ (a review that may approve at once, the
 *   acceptance of an offer, a decrease) the printer is asked for its
 *   real-time status. Paper out, cover open, offline or a fault: the change
 *   is not asked for, the customer is sent to the counter or the call
 *   centre, and that is journaled.
 * - After HQ's change the document is printed, tried again a bounded number
 *   of times, and each failed try journaled; the outcome goes to HQ, which
 *   lists undelivered documents for staff to reissue.
 * - The customer is then asked to take the slip (or told it could not be
 *   printed), for a while, and the flow goes on where the change left it.
 */
import { assign } from 'xstate';
import type { DocumentDeliveryFailure } from '../../../shared/hq-api/contract-document';
import type { FlowDeps, KioskSetup } from '../kiosk-setup';
import type { PrinterReadiness, PrintOutcome } from '../ports';
import { notice } from './context';

type Change = 'increase' | 'offerAcceptance' | 'decrease';

/** What the printer said when it could not take a document; a port that threw counts as a fault. */
const notReadyReason = (event: unknown): DocumentDeliveryFailure => {
  const output = (event as { output?: PrinterReadiness }).output;
  return output && !output.ready ? output.reason : 'hardwareError';
};
const printFailure = (event: unknown): { failure: DocumentDeliveryFailure; started: boolean } => {
  const output = (event as { output?: PrintOutcome }).output;
  return output && !output.ok ? { failure: output.failure, started: output.started } : { failure: 'hardwareError', started: false };
};

export function contractDocumentStates(s: KioskSetup, deps: FlowDeps) {
  const documentOf = () => {
    const document = deps.vault.contractDocument;
    if (!document) throw new Error('no contract document in session');
    return document;
  };

  /** The printer's status before a change; `next` is the state that asks HQ for it. */
  const printerCheck = (change: Change, next: string) => {
    const refuse = [
      { type: 'showNotice' as const, params: notice('printerUnavailable', ['continue', 'finish'], true) },
      { type: 'journal' as const, params: ({ event }: { event: unknown }) => ({ type: 'limit.changeNotConfirmed' as const, payload: { change, printer: notReadyReason(event) } }) },
    ];
    return s.createStateConfig({
      tags: 'screen:checkingPrinter',
      invoke: {
        src: 'checkPrinter',
        onDone: [{ guard: 'printerReady', target: next }, { target: 'noticeThenMenu', actions: refuse }],
        onError: { target: 'noticeThenMenu', actions: refuse },
      },
    });
  };

  /** A try failed: journaled, then another try after a pause, or recorded as not delivered. */
  const failedTry = [
    {
      type: 'journal' as const,
      params: ({ context, event }: { context: { printAttempt: number }; event: unknown }) => {
        const { failure, started } = printFailure(event);
        const document = documentOf();
        return { type: 'contractDocument.printFailed' as const, payload: { documentId: document.documentId, kind: document.kind, attempt: context.printAttempt, failure, started } };
      },
    },
  ];
  const lastTryFailed = [
    ...failedTry,
    'rememberPrintFailure' as const,
    {
      type: 'journal' as const,
      params: ({ context, event }: { context: { printAttempt: number }; event: unknown }) => {
        const document = documentOf();
        return { type: 'contractDocument.notDelivered' as const, payload: { documentId: document.documentId, kind: document.kind, attempts: context.printAttempt, failure: printFailure(event).failure } };
      },
    },
  ];

  return {
    checkPrinterForIncrease: printerCheck('increase', 'reviewing'),
    checkPrinterForOffer: printerCheck('offerAcceptance', 'answeringOffer'),
    checkPrinterForDecrease: printerCheck('decrease', 'decreasing'),

    printingDocument: s.createStateConfig({
      tags: 'screen:printingDocument',
      entry: assign(({ context }) => ({ printAttempt: context.printAttempt + 1 })),
      invoke: {
        src: 'printDocument',
        onDone: [
          {
            guard: 'printed',
            target: 'reportingDelivery',
            actions: [
              assign({ documentDelivered: true, printFailure: null }),
              {
                type: 'journal',
                params: ({ context }) => {
                  const document = documentOf();
                  return { type: 'contractDocument.printed', payload: { documentId: document.documentId, kind: document.kind, attempts: context.printAttempt } };
                },
              },
            ],
          },
          { guard: 'morePrintAttempts', target: 'printRetryWait', actions: failedTry },
          { target: 'reportingDelivery', actions: lastTryFailed },
        ],
        onError: [
          { guard: 'morePrintAttempts', target: 'printRetryWait', actions: failedTry },
          { target: 'reportingDelivery', actions: lastTryFailed },
        ],
      },
    }),

    /** Bounded retries with a pause between (a timer is a state: ARCHITECTURE.md, "Flows"). */
    printRetryWait: s.createStateConfig({
      tags: 'screen:printingDocument',
      after: { printRetry: 'printingDocument' },
    }),

    /** HQ hears whether the customer got the paper; an HQ that does not answer leaves the document on staff's list as never reported. */
    reportingDelivery: s.createStateConfig({
      tags: 'screen:printingDocument',
      invoke: {
        src: 'reportDocumentDelivery',
        input: ({ context }) => {
          const document = documentOf();
          const attempts = Math.max(1, context.printAttempt);
          return context.documentDelivered
            ? { documentId: document.documentId, delivered: true as const, attempts }
            : { documentId: document.documentId, delivered: false as const, attempts, failure: context.printFailure ?? 'hardwareError' };
        },
        onDone: { target: 'documentSlip', actions: 'forgetContractDocument' },
        onError: {
          target: 'documentSlip',
          actions: [
            { type: 'journal', params: ({ context }) => ({ type: 'contractDocument.reportFailed', payload: { documentId: documentOf().documentId, delivered: context.documentDelivered === true } }) },
            'forgetContractDocument',
          ],
        },
      },
    }),

    /** "Please take your document" (or: it could not be printed, the counter will give it); a key or the timeout moves on. */
    documentSlip: s.createStateConfig({
      tags: 'screen:documentSlip',
      after: { takeDocument: 'afterDocument' },
      on: { CHOOSE: 'afterDocument', CANCEL: 'afterDocument', TOUCH: {} },
    }),

    /** Back where the change left the customer: the increase's result, or the decrease's notice. */
    afterDocument: s.createStateConfig({
      tags: 'screen:printingDocument',
      always: [
        { guard: 'hasLimitResult', target: 'limitResult', actions: assign({ printAttempt: 0 }) },
        { target: 'noticeThenMenu', actions: assign({ printAttempt: 0 }) },
      ],
    }),
  };
}
