/**
 * The view model main pushes to the renderer: one discriminated union of
 * screens (`switch (view.screen)` in the renderer), plus presentation
 * settings that outlive a screen. Never holds a PIN, track data or an
 * unmasked card number.
 */
import { z } from 'zod';
import { Locale } from './intents';

export const Hours = z.object({ open: z.string(), close: z.string() }).strict();

export const OutOfServiceReason = z.enum([
  'starting', 'closedHours', 'maintenance', 'journalUnavailable', 'cardReaderFault', 'hqUnreachable', 'technician',
]);
export type OutOfServiceReason = z.infer<typeof OutOfServiceReason>;

/** Call centre (DOMAIN.md, "Hours and maintenance"). */
export const CallCentre = z.object({
  number: z.string(),
  womensLine: z.string(),
  operatorHours: z.string(),
}).strict();

export const ScreenView = z.discriminatedUnion('screen', [
  z.object({ screen: z.literal('starting') }).strict(),
  z.object({
    screen: z.literal('idle'),
    hoursToday: Hours.nullable(),
  }).strict(),
  z.object({
    screen: z.literal('outOfService'),
    reason: OutOfServiceReason,
    /** ISO instant when service is expected back, when known. */
    resumesAt: z.string().nullable(),
    callCentre: CallCentre,
  }).strict(),
]);
export type ScreenView = z.infer<typeof ScreenView>;
export type ScreenName = ScreenView['screen'];

export const ViewModel = z.object({
  /** Increases with every push, so a renderer can drop stale views. */
  revision: z.number().int().nonnegative(),
  locale: Locale,
  largeText: z.boolean(),
  view: ScreenView,
}).strict();
export type ViewModel = z.infer<typeof ViewModel>;
