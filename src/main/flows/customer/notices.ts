/**
 * Notices and the ways a session is cut short: a notice then the menu or
 * the card, service closing mid-session, inactivity, HQ away, a device
 * fault, and a journal that cannot take an entry (issue 12: no customer
 * operation runs without its journal entry; the card still comes back).
 * What is recorded here is recorded while ending (journaled.ts): it never
 * holds the card back.
 */
import { assign } from 'xstate';
import { inactivityStates } from '../inactivity';
import type { KioskSetup } from '../kiosk-setup';
import { notice } from './context';

export function noticeStates(s: KioskSetup) {
  const INACTIVITY = inactivityStates('#kiosk.session.timedOut');
  return {
    noticeThenMenu: s.createStateConfig({
      ...INACTIVITY,
      tags: 'screen:notice',
      on: {
        CHOOSE: [
          { guard: { type: 'chose', params: { choice: 'continue' } }, target: 'menu' },
          { target: 'ejecting' },
        ],
        CANCEL: 'ejecting',
      },
    }),

    /** A notice, then the card comes back: by a button, or by itself after a while. */
    noticeThenEject: s.createStateConfig({
      tags: 'screen:notice',
      after: { notice: { guard: 'noticeWithoutChoices', target: 'ejecting' } },
      on: { CHOOSE: 'ejecting', CANCEL: 'ejecting' },
    }),

    closingNotice: s.createStateConfig({
      tags: 'screen:notice',
      entry: { type: 'showNotice', params: notice('maintenanceStarting', ['finish']) },
      after: { notice: 'ejecting' },
      on: { CHOOSE: 'ejecting', CANCEL: 'ejecting' },
    }),

    timedOut: s.createStateConfig({
      tags: 'screen:notice',
      entry: [
        { type: 'showNotice', params: notice('sessionTimedOut') },
        assign({ ending: 'timedOut' as const }),
        'wipePins',
        { type: 'recordWhileEnding', params: { type: 'session.timedOut', payload: { stage: 'input' } } },
      ],
      after: { notice: 'ejecting' },
    }),

    hqFailed: s.createStateConfig({
      tags: 'screen:notice',
      entry: [
        { type: 'showNotice', params: notice('hqUnavailable', [], true) },
        assign({ ending: 'aborted' as const }),
        'wipePins',
        { type: 'recordWhileEnding', params: { type: 'session.aborted', payload: { reason: 'hqUnavailable' } } },
      ],
      after: { notice: 'ejecting' },
      on: { CHOOSE: 'ejecting' },
    }),

    aborting: s.createStateConfig({
      tags: 'screen:notice',
      entry: [
        assign({ ending: 'aborted' as const }),
        'wipePins',
        { type: 'recordWhileEnding', params: { type: 'session.aborted', payload: { reason: 'deviceFault' } } },
      ],
      after: { notice: 'ejecting' },
    }),

    /**
     * The journal refused an entry: nothing more is asked of HQ, the card
     * comes back, and the availability monitor (which the journal adapter
     * has told) takes the kiosk out of service when the session is over.
     */
    journalFailed: s.createStateConfig({
      tags: 'screen:notice',
      entry: [
        { type: 'showNotice', params: notice('deviceFault', [], true) },
        assign({ ending: 'aborted' as const }),
        'wipePins',
        { type: 'recordWhileEnding', params: { type: 'session.aborted', payload: { reason: 'journalUnavailable' } } },
      ],
      after: { notice: 'ejecting' },
      on: { CHOOSE: 'ejecting' },
    }),
  };
}
