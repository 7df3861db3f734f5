/**
 * The card comes back, or is kept (DOMAIN.md, "Card"; issue 7: a countdown
 * to take it, then it is captured), and the session ends. These steps run
 * whatever the journal says (journaled.ts, `recordWhileEnding`): a card is
 * never held back because an entry could not be written.
 */
import { assign } from 'xstate';
import { countdown } from '../inactivity';
import { timingOf, type FlowDeps, type KioskSetup } from '../kiosk-setup';
import { notice, type FlowContext } from './context';

const ejectReason = (context: FlowContext) =>
  context.ending === 'customerCancelled' ? 'customerRequest' as const : context.ending === 'aborted' ? 'error' as const : 'sessionEnded' as const;

const JAMMED = [
  { type: 'showNotice' as const, params: notice('deviceFault', [], true) },
  { type: 'patch' as const, params: { ending: 'aborted' as const, captureReason: 'jam' as const } },
];

export function cardReturnStates(s: KioskSetup, deps: FlowDeps) {
  return {
    ejecting: s.createStateConfig({
      tags: 'screen:ejectingCard',
      entry: 'wipePins',
      invoke: {
        src: 'ejectCard',
        onDone: [
          {
            guard: 'deviceDone',
            target: 'takeCard',
            actions: { type: 'recordWhileEnding', params: ({ context }) => ({ type: 'card.ejected', payload: { reason: ejectReason(context) } }) },
          },
          { target: 'capturing', actions: JAMMED },
        ],
        onError: { target: 'capturing', actions: JAMMED },
      },
    }),

    takeCard: s.createStateConfig({
      tags: 'screen:takeCard',
      entry: assign({ secondsLeft: () => timingOf(deps).takeCardSeconds }),
      on: {
        CARD_REMOVED: { target: 'goodbye', actions: { type: 'recordWhileEnding', params: { type: 'card.taken', payload: {} } } },
      },
      ...countdown('#kiosk.session.capturingNotTaken'),
    }),

    capturingNotTaken: s.createStateConfig({
      tags: 'screen:capturingCard',
      entry: assign({ notice: () => notice('cardCaptured', [], true), ending: 'captured' as const, captureReason: 'notTaken' as const }),
      always: 'capturing',
    }),

    capturing: s.createStateConfig({
      tags: 'screen:capturingCard',
      invoke: {
        src: 'captureCard',
        onDone: {
          target: 'captured',
          actions: { type: 'recordWhileEnding', params: ({ context }) => ({ type: 'card.captured', payload: { reason: context.captureReason } }) },
        },
        onError: 'captured',
      },
    }),

    captured: s.createStateConfig({
      tags: 'screen:notice',
      entry: assign({ notice: ({ context }) => context.notice ?? notice('cardCaptured', [], true) }),
      after: { notice: 'goodbye' },
      on: { CHOOSE: 'goodbye' },
    }),

    goodbye: s.createStateConfig({
      tags: 'screen:goodbye',
      entry: { type: 'recordWhileEnding', params: ({ context }) => ({ type: 'session.ended', payload: { reason: context.ending === 'customerCancelled' ? 'customerCancelled' : 'completed' } }) },
      invoke: { src: 'endSession', input: ({ context }) => ({ sessionId: context.sessionId }) },
      after: { goodbye: '#kiosk.sessionEnd' },
    }),
  };
}
