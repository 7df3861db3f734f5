/**
 * The kiosk's flow as one explicit XState v5 machine (ARCHITECTURE.md,
 * "Flows"): this file is the shell (starting, idle, out of service, a
 * customer session, service mode, and the step between sessions); the
 * session's states come from customer/*.ts, one file per concern, all built
 * on the same setup (kiosk-setup.ts). Every state that shows something
 * carries its screen as a tag (screen-tags.ts); every timer is a state.
 * Secrets (the card number, PIN digits) live in the session vault, outside
 * the context, so a snapshot can be inspected or logged safely.
 */
import { assign, sendTo } from 'xstate';
import { cardReturnStates } from './customer/card-return';
import { INITIAL_SESSION, notice } from './customer/context';
import { identityStates } from './customer/identity';
import { contractDocumentStates } from './customer/contract-document';
import { limitStates } from './customer/limit';
import { loginStates } from './customer/login';
import { noticeStates } from './customer/notices';
import { kioskSetup, type FlowDeps } from './kiosk-setup';

export type { FlowDeps } from './kiosk-setup';
export type { FlowContext, FlowEvent, Notice, Purpose } from './customer/context';

export function createKioskMachine(deps: FlowDeps) {
  const s = kioskSetup(deps);
  return s.createMachine({
    id: 'kiosk',
    initial: 'starting',
    context: { ...INITIAL_SESSION, outOfServiceReason: 'starting', resumesAt: null, serviceNotice: null, closing: null, operatorOnly: false },
    states: {
      starting: {
        tags: 'screen:starting',
        on: {
          SERVICE_READY: 'idle',
          SERVICE_UNAVAILABLE: { target: 'outOfService', actions: 'rememberReason' },
        },
      },

      outOfService: {
        tags: 'screen:outOfService',
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
        tags: 'screen:idle',
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
          { type: 'journal', params: { type: 'card.inserted', payload: {} } },
        ],
        on: {
          SERVICE_UNAVAILABLE: { actions: 'rememberClosing' },
          SERVICE_READY: { actions: 'forgetClosing' },
          DEVICE_FAULT: { target: '.aborting', actions: { type: 'showNotice', params: notice('deviceFault', [], true) } },
          JOURNAL_FAILED: '.journalFailed',
        },
        states: {
          ...loginStates(s, deps),
          ...identityStates(s, deps),
          ...limitStates(s),
          ...contractDocumentStates(s, deps),
          ...noticeStates(s),
          ...cardReturnStates(s, deps),
        },
      },

      /**
       * Staff and technician service mode (issue 8): its own machine
       * (operator/operator-machine.ts); this state only forwards what it
       * needs. Service conditions change around it (a technician takes the
       * kiosk out of service), and apply when the operator leaves.
       */
      service: {
        tags: 'screen:operator',
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
          SERVICE_READY: { actions: ['forgetClosing', sendTo('service', { type: 'AVAILABILITY', outOfService: false })] },
        },
      },

      /** Between sessions: wipe everything, then idle or out of service. */
      sessionEnd: {
        tags: 'screen:goodbye',
        entry: 'clearSession',
        always: [
          { guard: 'closing', target: 'outOfService', actions: 'applyClosing' },
          { target: 'idle' },
        ],
      },
    },
  });
}

export type KioskMachine = ReturnType<typeof createKioskMachine>;
