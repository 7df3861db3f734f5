/**
 * Reading the card and logging in with the PIN (DOMAIN.md, "Card" and
 * "PIN"; issue 5). The card number goes to the session vault, the context
 * keeps only its mask; HQ's answer to card and PIN goes through one table.
 */
import { and, assign } from 'xstate';
import type { CardAuthOutcome } from '../../../shared/hq-api';
import { maskCardNumber } from '../../../shared/domain/card-number';
import { inactivityStates } from '../inactivity';
import type { FlowDeps, KioskSetup } from '../kiosk-setup';
import { notice } from './context';
import { outcomeTransitions, type OutcomeRow } from './outcomes';

const identified = (outcome: 'wrongPin' | 'locked' | 'suspended' | 'lostOrStolen' | 'expired' | 'unknown') =>
  ({ type: 'identification.result', payload: { method: 'cardAndPin', outcome } }) as const;

/**
 * HQ's refusals of a card and PIN. A wrong PIN says so and nothing more
 * (DOMAIN.md, "Security lock": no count of remaining tries); a card
 * reported lost or stolen is kept (captured); the others come back with a
 * notice and the call centre.
 */
const AUTH_REFUSALS: Record<Exclude<CardAuthOutcome, 'ok'>, OutcomeRow> = {
  wrongPin: { target: 'login', set: { pinMessage: 'wrongPin' }, journal: identified('wrongPin') },
  locked: { target: 'lockedNotice', journal: identified('locked') },
  suspended: { target: 'noticeThenEject', notice: notice('accountSuspended', ['finish'], true), journal: identified('suspended') },
  captureCard: { target: 'capturing', notice: notice('cardCaptured', [], true), set: { ending: 'captured', captureReason: 'lostOrStolen' }, journal: identified('lostOrStolen') },
  expired: { target: 'noticeThenEject', notice: notice('cardExpired', ['finish'], true), journal: identified('expired') },
  unknownCard: { target: 'noticeThenEject', notice: notice('cardUnknown', ['finish'], true), journal: identified('unknown') },
};

export function loginStates(s: KioskSetup, deps: FlowDeps) {
  const INACTIVITY = inactivityStates('#kiosk.session.timedOut');
  return {
    reading: s.createStateConfig({
      tags: 'screen:readingCard',
      invoke: {
        src: 'readCard',
        onDone: [
          {
            guard: 'scanRead',
            target: 'choosingPath',
            actions: [
              assign(({ event }) => {
                const number = event.output.ok ? event.output.cardNumber : '';
                deps.vault.cardNumber = number;
                return { maskedCard: maskCardNumber(number) };
              }),
              // Committed before any HQ operation uses the card (issue 12).
              { type: 'journal', params: ({ context }) => ({ type: 'card.read', payload: { maskedCard: context.maskedCard ?? '' } }) },
            ],
          },
          {
            target: 'noticeThenEject',
            actions: [
              { type: 'showNotice', params: notice('cardUnreadable') },
              {
                type: 'journal',
                params: ({ event }) => ({
                  type: 'card.invalid',
                  payload: { reason: !event.output.ok && (event.output.reason === 'cardTooShort' || event.output.reason === 'cardTooLong') ? event.output.reason : 'unreadable' },
                }),
              },
            ],
          },
        ],
        onError: { target: 'aborting', actions: { type: 'showNotice', params: notice('deviceFault', [], true) } },
      },
    }),

    choosingPath: s.createStateConfig({
      tags: 'screen:readingCard',
      always: [{ guard: 'operatorOnly', target: 'identifying' }, { guard: 'closing', target: 'closingNotice' }, { target: 'login' }],
    }),

    login: s.createStateConfig({
      ...INACTIVITY,
      tags: ['screen:login', 'pad:loginPin'],
      entry: ['clearPinDigits', 'wipeLoginPin'],
      on: {
        PIN: [
          { guard: 'pinEntered', target: 'authenticating' },
          { actions: ['trackPin', assign({ pinMessage: null })] },
        ],
        CHOOSE: { guard: { type: 'chose', params: { choice: 'forgotPin' } }, target: 'identifying', actions: assign({ purpose: 'forgotPin' as const }) },
        CANCEL: { target: 'ejecting', actions: 'cancelledByCustomer' },
      },
    }),

    authenticating: s.createStateConfig({
      tags: 'screen:authenticating',
      invoke: {
        src: 'authenticate',
        input: ({ context }) => ({ sessionId: context.sessionId ?? '' }),
        onDone: [
          {
            // Out of service: a customer who got this far (HQ said "operator card" before) is not served.
            guard: and(['operatorOnly', { type: 'holder', params: { kind: 'customer' } as const }]),
            target: 'noticeThenEject',
            actions: { type: 'showNotice', params: notice('notInService', ['finish']) },
          },
          {
            guard: { type: 'holder', params: { kind: 'customer' } },
            target: 'menu',
            actions: [
              assign(({ event }) => (event.output.outcome === 'ok' && event.output.holder.kind === 'customer' ? { summary: event.output.holder, pinMessage: null } : {})),
              { type: 'journal', params: { type: 'identification.result', payload: { method: 'cardAndPin', outcome: 'ok' } } },
              { type: 'journal', params: { type: 'session.started', payload: { kind: 'customer' } } },
            ],
          },
          {
            // Staff and technician cards open service mode for their role (issue 8).
            guard: and([{ type: 'holder', params: { kind: 'operator' } as const }, 'serviceModeConfigured']),
            target: '#kiosk.service',
            actions: [
              assign(({ event }) => {
                if (event.output.outcome !== 'ok' || event.output.holder.kind !== 'operator') return {};
                const { staffId, name, role, permissions, cardMasked } = event.output.holder;
                return { operator: { staffId, name, role, permissions, cardMasked }, maskedCard: cardMasked };
              }),
              {
                type: 'journal',
                params: ({ context }) => ({
                  type: 'identification.result', actor: { kind: 'system' },
                  payload: { method: context.operator?.role === 'technician' ? 'technicianCard' : 'staffCard', outcome: 'ok' },
                }),
              },
            ],
          },
          // Without service mode an operator card is not for this machine.
          { guard: { type: 'answered', params: { answer: 'ok' } }, target: 'noticeThenEject', actions: { type: 'showNotice', params: notice('serviceCardNotHere') } },
          ...outcomeTransitions(AUTH_REFUSALS),
        ],
        onError: 'hqFailed',
      },
      exit: 'wipeLoginPin',
    }),

    lockedNotice: s.createStateConfig({
      ...INACTIVITY,
      tags: 'screen:lockedNotice',
      on: {
        CHOOSE: [
          { guard: { type: 'chose', params: { choice: 'clearLock' } }, target: 'identifying', actions: assign({ purpose: 'clearLock' as const }) },
          { guard: { type: 'chose', params: { choice: 'finish' } }, target: 'ejecting' },
        ],
        CANCEL: 'ejecting',
      },
    }),
  };
}
