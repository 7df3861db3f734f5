/**
 * Service mode (issue 8) as its own XState v5 machine, invoked by the kiosk
 * machine once HQ has authenticated a staff or technician card and its PIN.
 * This file is the session shell: log-in, the menu by role, the card slot
 * (swapping cards, the retain bin) and log-out; the work itself is in
 * staff-assist.ts and technician.ts, on the same setup (operator-setup.ts).
 * Like the customer flow, every state shows one screen (its tag, read by
 * operator-view.ts), every wait is an invoked actor, every timer a state.
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
 */
import { and, assign } from 'xstate';
import { countdown, inactivityStates } from '../inactivity';
import { initialOperatorContext } from './operator-context';
import { operatorSetup, type OperatorDeps } from './operator-setup';
import { staffAssistStates } from './staff-assist';
import { technicianStates } from './technician';

export type { OperatorDeps } from './operator-setup';
export type { OperatorContext, OperatorEvent, OperatorInput, HeldCard } from './operator-context';

export function createOperatorMachine(deps: OperatorDeps) {
  const s = operatorSetup(deps);
  const IDLE = inactivityStates('#service.timedOut');

  return s.createMachine({
    id: 'service',
    initial: 'entering',
    context: ({ input }) => initialOperatorContext(input),
    on: {
      AVAILABILITY: { actions: assign({ outOfService: ({ event }) => event.outOfService }) },
      NOT_PERMITTED: { actions: { type: 'showBanner', params: { banner: 'notPermitted' } } },
      JOURNAL_FAILED: '.ending',
      // Taking the operator's own card logs out; taking any other card only means it is no longer held.
      CARD_REMOVED: [
        { guard: 'holdsOwnCard', target: '.cardTaken' },
        { actions: assign({ heldCard: 'none' as const }) },
      ],
    },
    states: {
      entering: {
        tags: 'screen:ejectingCard',
        entry: [
          { type: 'journal', params: ({ context }) => ({ type: context.operator.role === 'staff' ? 'staff.loggedIn' : 'technician.loggedIn', payload: {} }) },
          { type: 'journal', params: ({ context }) => ({ type: 'session.started', payload: { kind: context.operator.role } }) },
          'forgetCard',
        ],
        // The card is presented at the slot and held there while the operator works.
        invoke: { src: 'presentCard', onDone: 'menu', onError: 'menu' },
      },

      menu: {
        tags: 'screen:loggingOut',
        always: [{ guard: 'isStaff', target: 'staffMenu' }, { target: 'technicianMenu' }],
      },

      ...staffAssistStates(s, deps),
      ...technicianStates(s),

      /** Take your own card, then insert the other one (a customer's for staff, a test card for technicians). */
      swapCard: {
        initial: 'takeOwnCard',
        states: {
          takeOwnCard: {
            ...IDLE,
            tags: 'screen:swapTakeOwnCard',
            always: { guard: 'holdsNoCard', target: 'insertCard' },
            on: {
              // Expected here: not a log-out.
              CARD_REMOVED: { target: 'insertCard', actions: assign({ heldCard: 'none' as const }) },
              ACTION: { guard: { type: 'is', params: { action: 'back' } }, target: '#service.returnFromSwap' },
            },
          },
          insertCard: {
            tags: 'screen:swapInsertCard',
            entry: 'acceptCards',
            exit: 'refuseCards',
            // The swap window is the service inactivity timeout: no card held, nobody there, log out.
            after: { swap: { target: '#service.timedOut', actions: { type: 'showBanner', params: { banner: 'swapTimedOut' } } } },
            on: {
              CARD_INSERTED: 'reading',
              ACTION: { guard: { type: 'is', params: { action: 'back' } }, target: '#service.returnFromSwap' },
            },
          },
          reading: {
            tags: 'screen:readingCard',
            invoke: {
              src: 'readCard',
              onDone: [
                {
                  guard: and(['cardRead', { type: 'swapFor', params: { purpose: 'customerCard' } as const }]),
                  target: '#service.lookingUpCard',
                  actions: ({ event }) => { deps.vault.cardNumber = event.output.ok ? event.output.cardNumber : null; },
                },
                // A test card needs no HQ: it is held for the reader tests, its number is never used.
                { guard: { type: 'swapFor', params: { purpose: 'testCard' } }, target: '#service.presentingTestCard' },
                { target: '#service.returningCard', actions: { type: 'showBanner', params: { banner: 'cardUnreadable' } } },
              ],
              onError: { target: '#service.returningCard', actions: { type: 'showBanner', params: { banner: 'cardUnreadable' } } },
            },
          },
        },
      },

      returnFromSwap: {
        tags: 'screen:loggingOut',
        always: [{ guard: { type: 'swapFor', params: { purpose: 'customerCard' } }, target: 'staffMenu' }, { target: 'devices' }],
      },

      /** Not the card we wanted: back to the slot for the operator to take, then the menu. */
      returningCard: {
        tags: 'screen:ejectingCard',
        invoke: { src: 'presentCard', onDone: { target: 'menu', actions: assign({ heldCard: 'other' as const }) }, onError: 'menu' },
      },

      // ---- captured cards (staff and technicians) ----

      capturedCards: {
        ...IDLE,
        tags: 'screen:capturedCards',
        entry: ['loadRetainBin', { type: 'operatorAction', params: { staff: 'capturedCardsViewed', technician: 'journalInspected', note: 'captured cards' } }],
        on: {
          ACTION: [
            {
              guard: { type: 'is', params: { action: 'recordBinEmptied' } },
              actions: ['emptyRetainBin', 'loadRetainBin', { type: 'showBanner', params: { banner: 'binEmptied' } }],
            },
            { guard: { type: 'is', params: { action: 'back' } }, target: 'menu', actions: 'clearBanner' },
          ],
        },
      },

      // ---- the end of a service session ----

      timedOut: {
        tags: 'screen:loggingOut',
        entry: assign({ ending: 'timeout' as const }),
        always: 'loggingOut',
      },

      cardTaken: {
        tags: 'screen:loggingOut',
        entry: assign({ ending: 'cardRemoved' as const, heldCard: 'none' as const }),
        always: 'loggingOut',
      },

      loggingOut: {
        tags: 'screen:loggingOut',
        entry: [
          'wipePins',
          'forgetCustomer',
          { type: 'recordWhileEnding', params: ({ context }) => ({ type: context.operator.role === 'staff' ? 'staff.loggedOut' : 'technician.loggedOut', payload: { reason: context.ending } }) },
          { type: 'recordWhileEnding', params: { type: 'session.ended', payload: { reason: 'loggedOut' } } },
        ],
        invoke: {
          src: 'endSession',
          input: ({ context }) => ({ sessionId: context.sessionId }),
          onDone: [{ guard: 'holdsAnyCard', target: 'takeCard' }, { target: 'done' }],
        },
      },

      /** A card still at the slot: "please take your card", then it is captured, as for customers (issue 7). */
      takeCard: {
        tags: 'screen:takeCard',
        entry: assign({ secondsLeft: () => deps.timing.takeCardSeconds }),
        on: { CARD_REMOVED: 'done' },
        ...countdown('#service.capturingNotTaken'),
      },

      capturingNotTaken: {
        tags: 'screen:loggingOut',
        invoke: {
          src: 'captureCard',
          onDone: { target: 'done', actions: { type: 'recordWhileEnding', params: { type: 'card.captured', payload: { reason: 'notTaken' } } } },
          onError: 'done',
        },
      },

      /**
       * The journal refused an entry: stop at once, without another HQ call;
       * a card still at the slot is given back (or captured if not taken),
       * as at any log-out.
       */
      ending: {
        tags: 'screen:loggingOut',
        entry: ['wipePins', 'forgetCustomer'],
        always: [{ guard: 'holdsAnyCard', target: 'takeCard' }, { target: 'done' }],
      },

      done: { tags: 'screen:loggingOut', type: 'final' },
    },
  });
}

export type OperatorMachine = ReturnType<typeof createOperatorMachine>;
