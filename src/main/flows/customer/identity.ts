/**
 * Identity on the spot, for a forgotten PIN, a security lock or a PIN
 * change (DOMAIN.md, "PIN re-set and lock clearing"; issue 7): HQ
 * identifies the card, the customer places an identity document, HQ
 * compares it with the record, and the customer sets a new PIN twice. The
 * kiosk only reports what it read; HQ decides (src/hq/identity/).
 */
import { and, assign } from 'xstate';
import type { NoticeKind } from '../../../shared/bridge';
import type { IdentifyCardResponse, IdentityRefusalClass } from '../../../shared/hq-api';
import { inactivityStates } from '../inactivity';
import type { FlowDeps, KioskSetup } from '../kiosk-setup';
import { WEAK_PIN_MESSAGE } from '../pin-messages';
import { documentScannedEntry } from '../scanned-document';
import { notice } from './context';
import { outcomeTransitions, type OutcomeRow } from './outcomes';

/** HQ's answers to a card presented without a PIN, other than "identified" and "operator card". */
const IDENTIFY_REFUSALS: Partial<Record<IdentifyCardResponse['outcome'], OutcomeRow>> = {
  captureCard: { target: 'capturing', notice: notice('cardCaptured', [], true), set: { ending: 'captured', captureReason: 'lostOrStolen' } },
  expired: { target: 'noticeThenEject', notice: notice('cardExpired', ['finish'], true) },
  unknownCard: { target: 'noticeThenEject', notice: notice('cardUnknown', ['finish'], true) },
};

/**
 * HQ's verdict on the document, by the customer-safe class it gives
 * (issue 13): never which field failed, never whether HQ holds a document
 * of that kind. Each refusal is journaled with its class only.
 */
const refused = (reason: IdentityRefusalClass, kind: NoticeKind): OutcomeRow => ({
  target: '#kiosk.session.noticeThenEject',
  notice: notice(kind, ['finish'], true),
  journal: { type: 'identification.result', payload: { method: 'cardAndDocument', outcome: IDENTITY_OUTCOME[reason] } },
});
const IDENTITY_OUTCOME = {
  expired: 'documentExpired', unreadable: 'documentUnreadable', notAcceptedHere: 'documentNotAccepted', tryStaff: 'identityLocked', contactUs: 'suspended',
} as const satisfies Record<IdentityRefusalClass, string>;
const VERIFY_REFUSALS: Record<IdentityRefusalClass, OutcomeRow> = {
  expired: refused('expired', 'documentExpired'),
  unreadable: refused('unreadable', 'documentUnreadable'),
  notAcceptedHere: refused('notAcceptedHere', 'documentNotAccepted'),
  tryStaff: refused('tryStaff', 'tooManyAttempts'),
  contactUs: refused('contactUs', 'accountSuspended'),
};

export function identityStates(s: KioskSetup, deps: FlowDeps) {
  const INACTIVITY = inactivityStates('#kiosk.session.timedOut');
  return {
    identifying: s.createStateConfig({
      tags: 'screen:identifyingCard',
      invoke: {
        src: 'identify',
        input: ({ context }) => ({ sessionId: context.sessionId ?? '' }),
        onDone: [
          {
            guard: and(['operatorOnly', { type: 'answered', params: { answer: 'cardIdentified' } as const }]),
            target: 'noticeThenEject',
            actions: { type: 'showNotice', params: notice('notInService', ['finish']) },
          },
          { guard: { type: 'answered', params: { answer: 'cardIdentified' } }, target: 'documentScan' },
          // An operator card: its PIN opens service mode (issue 8); operators re-set their PIN at HQ, not here.
          { guard: and([{ type: 'answered', params: { answer: 'operatorCard' } as const }, 'serviceModeConfigured']), target: 'login', actions: assign({ purpose: 'login' as const }) },
          { guard: { type: 'answered', params: { answer: 'operatorCard' } }, target: 'noticeThenEject', actions: { type: 'showNotice', params: notice('serviceCardNotHere') } },
          ...outcomeTransitions(IDENTIFY_REFUSALS),
          { target: 'noticeThenEject', actions: { type: 'showNotice', params: notice('cardUnknown', ['finish'], true) } },
        ],
        onError: 'hqFailed',
      },
    }),

    documentScan: s.createStateConfig({
      // The scanner watches the glass as soon as this screen shows: the
      // customer only places the document (issue 7, "guide to place the
      // document, scanning progress, result").
      initial: 'scanning',
      entry: assign({ scanAttempt: 1, scanUnreadable: false }),
      on: { CANCEL: { target: 'ejecting', actions: 'cancelledByCustomer' } },
      states: {
        unreadable: {
          ...INACTIVITY,
          tags: 'screen:scanIdentityAgain',
          on: { CHOOSE: { guard: { type: 'chose', params: { choice: ['continue', 'retry'] } }, target: 'scanning' } },
        },
        scanning: {
          tags: 'screen:scanIdentity',
          invoke: {
            src: 'scanIdentity',
            onDone: [
              {
                guard: 'scanRead',
                target: 'verifying',
                actions: [
                  assign(({ event }) => {
                    deps.vault.document = event.output.ok ? event.output.document : null;
                    return { documentKind: event.output.ok ? event.output.document.kind : null, scanUnreadable: false };
                  }),
                  // Committed before HQ is asked to compare it (issue 12).
                  { type: 'journalIf', params: ({ event }) => documentScannedEntry(event.output) },
                ],
              },
              {
                guard: { type: 'scanFailedBecause', params: { reason: 'expired' } },
                target: '#kiosk.session.noticeThenEject',
                actions: [
                  { type: 'showNotice', params: notice('documentExpired', ['finish'], true) },
                  { type: 'journalIf', params: ({ event }) => documentScannedEntry(event.output) },
                ],
              },
              { guard: 'moreScanAttempts', target: 'unreadable', actions: assign({ scanAttempt: ({ context }) => context.scanAttempt + 1, scanUnreadable: true }) },
              { target: '#kiosk.session.noticeThenEject', actions: { type: 'showNotice', params: notice('documentUnreadable', ['finish'], true) } },
            ],
            onError: { target: '#kiosk.session.aborting', actions: { type: 'showNotice', params: notice('deviceFault', [], true) } },
          },
        },
        verifying: {
          tags: 'screen:verifyingIdentity',
          invoke: {
            src: 'verifyIdentity',
            input: ({ context }) => ({ sessionId: context.sessionId ?? '' }),
            onDone: [
              { guard: { type: 'answered', params: { answer: 'verified' } }, target: '#kiosk.session.newPin' },
              ...outcomeTransitions(VERIFY_REFUSALS, 'refusedBecause'),
            ],
            onError: '#kiosk.session.hqFailed',
          },
          // The document is needed only for HQ's comparison.
          exit: 'forgetDocument',
        },
      },
    }),

    newPin: s.createStateConfig({
      ...INACTIVITY,
      tags: ['screen:newPin', 'pad:newPin'],
      entry: ['clearPinDigits', 'wipeNewPins'],
      on: {
        PIN: [
          { guard: 'pinEntered', target: 'confirmNewPin' },
          { actions: ['trackPin', assign({ pinMessage: null })] },
        ],
        CANCEL: { target: 'ejecting', actions: ['cancelledByCustomer', 'wipePins'] },
      },
    }),

    confirmNewPin: s.createStateConfig({
      ...INACTIVITY,
      tags: ['screen:confirmNewPin', 'pad:confirmPin'],
      entry: 'clearPinDigits',
      on: {
        PIN: [
          { guard: 'newPinsMatch', target: 'settingPin', actions: 'wipeConfirmPin' },
          { guard: 'pinEntered', target: 'newPin', actions: assign({ pinMessage: 'pinsDidNotMatch' as const }) },
          { actions: 'trackPin' },
        ],
        CANCEL: { target: 'ejecting', actions: ['cancelledByCustomer', 'wipePins'] },
      },
    }),

    settingPin: s.createStateConfig({
      tags: 'screen:settingPin',
      // Committed before HQ is asked (issue 12): a request the journal cannot hold is not sent.
      entry: { type: 'journal', params: ({ context }) => ({ type: 'pin.resetRequested', payload: { identityDocument: context.documentKind ?? 'driversLicence' } }) },
      invoke: {
        src: 'resetPin',
        input: ({ context }) => ({ sessionId: context.sessionId ?? '' }),
        onDone: [
          {
            guard: { type: 'answered', params: { answer: 'pinChanged' } },
            target: 'pinChangedNotice',
            actions: [
              assign(({ event }) => ({ lockWasCleared: event.output.outcome === 'pinChanged' && event.output.lockCleared, pinMessage: null })),
              { type: 'journal', params: ({ context }) => ({ type: 'pin.reset', payload: { outcome: 'changed', identityDocument: context.documentKind ?? 'driversLicence' } }) },
              { type: 'journalIf', params: ({ context }) => (context.lockWasCleared ? { type: 'lock.cleared', payload: { identityDocument: context.documentKind ?? 'driversLicence', withPinReset: true } } : null) },
            ],
          },
          {
            target: 'newPin',
            actions: [
              assign(({ event }) => ({ pinMessage: event.output.outcome === 'weakPin' ? WEAK_PIN_MESSAGE[event.output.reason] : null })),
              { type: 'journal', params: ({ context }) => ({ type: 'pin.reset', payload: { outcome: 'refusedGuessable', identityDocument: context.documentKind ?? 'driversLicence' } }) },
            ],
          },
        ],
        onError: 'hqFailed',
      },
      exit: 'wipePins',
    }),

    pinChangedNotice: s.createStateConfig({
      ...INACTIVITY,
      tags: 'screen:pinChanged',
      on: {
        CHOOSE: [
          { guard: and([{ type: 'chose', params: { choice: 'continue' } as const }, 'hasCustomer']), target: 'menu' },
          { target: 'ejecting' },
        ],
        CANCEL: 'ejecting',
      },
    }),
  };
}
