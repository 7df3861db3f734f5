/**
 * Branch staff at the machine (issue 8; DOMAIN.md, "PIN re-set and lock
 * clearing"): find the customer by card or member number, scan the
 * document and see HQ's result field by field, confirm it, clear the lock,
 * and step away while the customer types a new PIN twice. HQ decides every
 * step again (src/hq/staff/); every step is journaled with the staff id and
 * the customer's masked card.
 */
import { and, assign } from 'xstate';
import type { ServiceBanner, StaffIdentityView } from '../../../shared/bridge';
import { maskCardNumber } from '../../../shared/domain/card-number';
import { toHalfWidth } from '../../../shared/domain/half-width';
import type { StaffRefusal } from '../../../shared/hq-api';
import { inactivityStates } from '../inactivity';
import { WEAK_PIN_MESSAGE } from '../pin-messages';
import { documentScannedEntry, scannedDocument } from '../scanned-document';
import { type OperatorDeps, type OperatorSetup } from './operator-setup';

const MEMBER_NUMBER_LENGTH = 9;

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

const refusalBanner = (output: { outcome: string; reason?: unknown }): ServiceBanner | null =>
  output.outcome === 'refused' && typeof output.reason === 'string' && output.reason in REFUSAL_BANNER ? REFUSAL_BANNER[output.reason as StaffRefusal] : null;

export function staffAssistStates(s: OperatorSetup, deps: OperatorDeps) {
  const IDLE = inactivityStates('#service.timedOut');

  return {
    staffMenu: s.createStateConfig({
      ...IDLE,
      tags: 'screen:staffMenu',
      entry: 'forgetCustomer',
      on: {
        ACTION: [
          { guard: { type: 'is', params: { action: 'lookupByCard' } }, target: 'swapCard', actions: ['clearBanner', assign({ swapPurpose: 'customerCard' as const })] },
          { guard: { type: 'is', params: { action: 'lookupByMemberNumber' } }, target: 'memberNumber', actions: 'clearBanner' },
          { guard: { type: 'is', params: { action: 'viewCapturedCards' } }, target: 'capturedCards', actions: 'clearBanner' },
          { guard: { type: 'is', params: { action: 'takeOutOfService' } }, actions: { type: 'setOutOfService', params: { on: true } } },
          { guard: { type: 'is', params: { action: 'returnToService' } }, actions: { type: 'setOutOfService', params: { on: false } } },
          { guard: { type: 'is', params: { action: 'logout' } }, target: 'loggingOut', actions: assign({ ending: 'logout' as const }) },
        ],
      },
    }),

    memberNumber: s.createStateConfig({
      ...IDLE,
      tags: 'screen:memberNumber',
      entry: assign({ memberDigits: '' }),
      on: {
        MEMBER_KEY: [
          { guard: and(['memberKeyEnter', { type: 'memberDigits', params: { length: MEMBER_NUMBER_LENGTH } as const }]), target: 'lookingUpMember', actions: 'clearBanner' },
          { guard: 'memberKeyEnter', actions: { type: 'showBanner', params: { banner: 'memberNumberIncomplete' } } },
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
        ACTION: { guard: { type: 'is', params: { action: 'back' } }, target: 'staffMenu' },
      },
    }),

    lookingUpMember: s.createStateConfig({
      tags: 'screen:lookingUp',
      invoke: {
        src: 'lookup',
        input: ({ context }) => ({ sessionId: context.sessionId, by: { kind: 'memberNumber' as const, memberNumber: context.memberDigits } }),
        onDone: [
          {
            guard: { type: 'answered', params: { answer: 'found' } },
            target: 'customer',
            actions: [
              assign(({ event }) => (event.output.outcome === 'found' ? { customer: event.output.customer, identity: null, confirmed: false } : {})),
              { type: 'operatorAction', params: { staff: 'customerLookedUp', note: 'by member number' } },
            ],
          },
          {
            target: 'memberNumber',
            actions: [{ type: 'showBanner', params: { banner: 'customerNotFound' } }, { type: 'operatorAction', params: { staff: 'customerNotFound', note: 'by member number' } }],
          },
        ],
        onError: { target: 'staffMenu', actions: 'showHqError' },
      },
    }),

    lookingUpCard: s.createStateConfig({
      tags: 'screen:lookingUp',
      invoke: {
        src: 'lookup',
        input: ({ context }) => {
          const cardNumber = deps.vault.cardNumber;
          if (!cardNumber) throw new Error('no card read');
          return { sessionId: context.sessionId, by: { kind: 'card' as const, cardNumber } };
        },
        onDone: [
          {
            guard: { type: 'answered', params: { answer: 'found' } },
            target: 'presentingCustomerCard',
            actions: [
              assign(({ event }) => (event.output.outcome === 'found' ? { customer: event.output.customer, identity: null, confirmed: false } : {})),
              { type: 'operatorAction', params: { staff: 'customerLookedUp', note: 'by card' } },
            ],
          },
          {
            guard: { type: 'answered', params: { answer: 'captureCard' } },
            target: 'capturingLostCard',
            actions: [
              { type: 'journal', params: { type: 'identification.result', payload: { method: 'staffCard', outcome: 'lostOrStolen' } } },
              { type: 'journal', params: () => ({ type: 'card.read', payload: { maskedCard: maskCardNumber(deps.vault.cardNumber ?? '') } }) },
            ],
          },
          {
            target: 'returningCard',
            actions: [
              assign(({ event }) => ({ banner: event.output.outcome === 'operatorCard' ? 'operatorCardGiven' as const : 'customerNotFound' as const })),
              { type: 'operatorAction', params: { staff: 'customerNotFound', note: 'by card' } },
            ],
          },
        ],
        onError: { target: 'returningCard', actions: 'showHqError' },
      },
      exit: 'forgetCard',
    }),

    presentingCustomerCard: s.createStateConfig({
      tags: 'screen:ejectingCard',
      invoke: { src: 'presentCard', onDone: { target: 'customer', actions: assign({ heldCard: 'other' as const }) }, onError: 'customer' },
    }),

    capturingLostCard: s.createStateConfig({
      tags: 'screen:ejectingCard',
      invoke: {
        src: 'captureCard',
        onDone: {
          target: 'menu',
          actions: [
            assign({ heldCard: 'none' as const, banner: 'cardCaptured' as const }),
            { type: 'journal', params: { type: 'card.captured', payload: { reason: 'lostOrStolen' } } },
          ],
        },
        onError: { target: 'menu', actions: { type: 'showBanner', params: { banner: 'cardCaptured' } } },
      },
    }),

    customer: s.createStateConfig({
      ...IDLE,
      tags: 'screen:customer',
      on: {
        ACTION: [
          { guard: { type: 'is', params: { action: 'scanIdentity' } }, target: 'scanning', actions: 'clearBanner' },
          { guard: and([{ type: 'is', params: { action: 'confirmIdentity' } as const }, 'identityVerified']), target: 'confirming', actions: 'clearBanner' },
          { guard: and([{ type: 'is', params: { action: 'unlockAndSetPin' } as const }, 'identityConfirmed']), target: 'clearingLock', actions: 'clearBanner' },
          { guard: { type: 'is', params: { action: ['finishCustomer', 'back'] } }, target: 'staffMenu', actions: 'clearBanner' },
        ],
      },
    }),

    scanning: s.createStateConfig({
      tags: 'screen:scanningDocument',
      entry: assign({ scanUnreadable: false }),
      invoke: {
        src: 'scanIdentity',
        onDone: [
          {
            // An expired document still goes to HQ: staff are shown which field failed.
            guard: 'documentRead',
            target: 'verifying',
            actions: [
              assign(({ event }) => {
                const document = scannedDocument(event.output)?.document ?? null;
                deps.vault.document = document;
                return { documentKind: document?.kind ?? null };
              }),
              // Committed before HQ compares it (issue 12).
              { type: 'journalIf', params: ({ event }) => documentScannedEntry(event.output) },
            ],
          },
          { target: 'customer', actions: assign({ scanUnreadable: true, banner: 'documentUnreadable' as const }) },
        ],
        onError: { target: 'customer', actions: assign({ scanUnreadable: true, banner: 'documentUnreadable' as const }) },
      },
    }),

    verifying: s.createStateConfig({
      tags: 'screen:verifyingIdentity',
      invoke: {
        src: 'verifyIdentity',
        input: ({ context }) => ({ sessionId: context.sessionId }),
        onDone: {
          target: 'customer',
          actions: [
            assign(({ context, event }) => {
              const out = event.output;
              return { identity: { decision: out.decision, documentKind: context.documentKind, fields: 'fields' in out ? out.fields : null }, confirmed: false, banner: IDENTITY_BANNER[out.decision] };
            }),
            {
              type: 'operatorAction',
              params: ({ event }) => ({ staff: event.output.decision === 'verified' ? 'identityChecked' : 'identityRefused', ...(event.output.reasons.length ? { note: event.output.reasons.join(' ') } : {}) }),
            },
          ],
        },
        onError: { target: 'customer', actions: 'showHqError' },
      },
      exit: 'forgetDocument',
    }),

    confirming: s.createStateConfig({
      tags: 'screen:confirming',
      invoke: {
        src: 'confirmIdentity',
        input: ({ context }) => ({ sessionId: context.sessionId }),
        onDone: [
          {
            guard: { type: 'answered', params: { answer: 'confirmed' } },
            target: 'customer',
            actions: [assign({ confirmed: true, banner: 'identityConfirmed' as const }), { type: 'operatorAction', params: { staff: 'identityConfirmed' } }],
          },
          { target: 'customer', actions: assign(({ event }) => ({ banner: refusalBanner(event.output) })) },
        ],
        onError: { target: 'customer', actions: 'showHqError' },
      },
    }),

    clearingLock: s.createStateConfig({
      tags: 'screen:clearingLock',
      invoke: {
        src: 'clearLock',
        input: ({ context }) => ({ sessionId: context.sessionId }),
        onDone: [
          {
            guard: { type: 'answered', params: { answer: 'lockCleared' } },
            target: 'stepAway',
            actions: [
              assign(({ context }) => ({ banner: 'lockCleared' as const, customer: context.customer ? { ...context.customer, locked: false } : null })),
              { type: 'operatorAction', params: { staff: 'lockCleared' } },
              {
                type: 'journalIf',
                params: ({ context, event }) => (event.output.outcome === 'lockCleared' && event.output.wasLocked
                  ? { type: 'lock.cleared', payload: { identityDocument: context.documentKind ?? 'driversLicence', withPinReset: false } }
                  : null),
              },
            ],
          },
          {
            target: 'customer',
            actions: [
              assign(({ event }) => ({ banner: refusalBanner(event.output) })),
              { type: 'operatorAction', params: ({ event }) => ({ staff: 'unlockRefused', ...(event.output.outcome === 'refused' ? { note: event.output.reason } : {}) }) },
            ],
          },
        ],
        onError: { target: 'customer', actions: 'showHqError' },
      },
    }),

    /** The staff member steps away; the customer's own PIN entry follows (issue 8: "set a new PIN privately"). */
    stepAway: s.createStateConfig({
      ...IDLE,
      tags: 'screen:stepAway',
      on: {
        ACTION: [
          { guard: { type: 'is', params: { action: 'customerReady' } }, target: 'customerNewPin', actions: ['clearBanner', assign({ pinMessage: null })] },
          { guard: { type: 'is', params: { action: 'back' } }, target: 'customer', actions: { type: 'showBanner', params: { banner: 'pinNotChanged' } } },
        ],
      },
    }),

    customerNewPin: s.createStateConfig({
      ...IDLE,
      tags: ['screen:customerNewPin', 'pad:newPin'],
      entry: ['clearPinDigits', 'wipePins'],
      on: {
        PIN: [
          { guard: 'pinEntered', target: 'customerConfirmPin' },
          { actions: ['trackPin', assign({ pinMessage: null })] },
        ],
        CANCEL: { target: 'customer', actions: ['wipePins', { type: 'showBanner', params: { banner: 'pinNotChanged' } }] },
      },
    }),

    customerConfirmPin: s.createStateConfig({
      ...IDLE,
      tags: ['screen:customerConfirmPin', 'pad:confirmPin'],
      entry: 'clearPinDigits',
      on: {
        PIN: [
          { guard: 'newPinsMatch', target: 'settingPin', actions: 'wipeConfirmPin' },
          { guard: 'pinEntered', target: 'customerNewPin', actions: assign({ pinMessage: 'pinsDidNotMatch' as const }) },
          { actions: 'trackPin' },
        ],
        CANCEL: { target: 'customer', actions: ['wipePins', { type: 'showBanner', params: { banner: 'pinNotChanged' } }] },
      },
    }),

    settingPin: s.createStateConfig({
      tags: 'screen:settingPin',
      // Committed before HQ is asked (issue 12).
      entry: { type: 'journal', params: ({ context }) => ({ type: 'pin.resetRequested', payload: { identityDocument: context.documentKind ?? 'driversLicence' } }) },
      invoke: {
        src: 'resetPin',
        input: ({ context }) => ({ sessionId: context.sessionId }),
        onDone: [
          {
            guard: { type: 'answered', params: { answer: 'pinChanged' } },
            target: 'customer',
            actions: [
              assign(({ context }) => ({ banner: 'pinChanged' as const, pinMessage: null, customer: context.customer ? { ...context.customer, locked: false } : null })),
              { type: 'journal', params: ({ context }) => ({ type: 'pin.reset', payload: { outcome: 'changed', identityDocument: context.documentKind ?? 'driversLicence' } }) },
              { type: 'operatorAction', params: { staff: 'pinReset' } },
            ],
          },
          {
            guard: { type: 'answered', params: { answer: 'weakPin' } },
            target: 'customerNewPin',
            actions: [
              assign(({ event }) => ({ pinMessage: event.output.outcome === 'weakPin' ? WEAK_PIN_MESSAGE[event.output.reason] : null })),
              { type: 'journal', params: ({ context }) => ({ type: 'pin.reset', payload: { outcome: 'refusedGuessable', identityDocument: context.documentKind ?? 'driversLicence' } }) },
            ],
          },
          {
            target: 'customer',
            actions: [
              assign(({ event }) => ({ banner: refusalBanner(event.output) ?? 'pinNotChanged' as const })),
              { type: 'operatorAction', params: ({ event }) => ({ staff: 'pinResetRefused', ...(event.output.outcome === 'refused' ? { note: event.output.reason } : {}) }) },
            ],
          },
        ],
        onError: { target: 'customer', actions: 'showHqError' },
      },
      exit: 'wipePins',
    }),
  };
}
