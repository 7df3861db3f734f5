/**
 * The kiosk's top-level flow as an explicit XState v5 machine
 * (ARCHITECTURE.md, "Flows"): each state maps to one screen of the view
 * model. Customer, staff and technician sessions grow inside `inService`.
 */
import { assign, setup } from 'xstate';
import type { OutOfServiceReason } from '../../shared/bridge';

export interface KioskContext {
  outOfServiceReason: OutOfServiceReason;
  resumesAt: string | null;
}

export type KioskEvent =
  | { type: 'SERVICE_READY' }
  | { type: 'SERVICE_UNAVAILABLE'; reason: OutOfServiceReason; resumesAt?: string | null };

export const kioskMachine = setup({
  types: { context: {} as KioskContext, events: {} as KioskEvent },
  actions: {
    rememberReason: assign(({ event }) =>
      event.type === 'SERVICE_UNAVAILABLE' ? { outOfServiceReason: event.reason, resumesAt: event.resumesAt ?? null } : {}),
  },
}).createMachine({
  id: 'kiosk',
  initial: 'starting',
  context: { outOfServiceReason: 'starting', resumesAt: null },
  on: {
    SERVICE_UNAVAILABLE: { target: '.outOfService', actions: 'rememberReason' },
  },
  states: {
    starting: { on: { SERVICE_READY: 'idle' } },
    idle: {},
    outOfService: { on: { SERVICE_READY: 'idle' } },
  },
});
