/** PIN re-set and lock clearing: both need a verified identity in the same session (DOMAIN.md, "Security lock"). */
import { z } from 'zod';
import { SessionId } from './common';
import { PinBlock } from './pin-block';

/** Why a new PIN is refused (DOMAIN.md, "PIN choice"). */
/** Same set as HQ's pin-strength rules (src/hq/policy/pin-strength.ts); HQ's type check fails if they drift. */
export const WeakPinReason = z.enum(['notFourDigits', 'repeatedDigits', 'sequential', 'birthDate', 'denyListed']);
export type WeakPinReason = z.infer<typeof WeakPinReason>;

export const ResetPinRequest = z.object({
  sessionId: SessionId,
  /** Encrypted with purpose `newPin`. The kiosk asks for the PIN twice and compares before sending. */
  newPinBlock: PinBlock,
}).strict();
export type ResetPinRequest = z.infer<typeof ResetPinRequest>;

export const ResetPinResponse = z.discriminatedUnion('outcome', [
  /** The new PIN is stored; the failed-attempt counter and any lock are cleared with it. */
  z.object({ outcome: z.literal('pinChanged'), lockCleared: z.boolean() }).strict(),
  z.object({ outcome: z.literal('weakPin'), reason: WeakPinReason }).strict(),
]);
export type ResetPinResponse = z.infer<typeof ResetPinResponse>;

export const ClearLockResponse = z.object({
  outcome: z.literal('lockCleared'),
  /** False when the card was not locked (the counter is cleared anyway). */
  wasLocked: z.boolean(),
}).strict();
export type ClearLockResponse = z.infer<typeof ClearLockResponse>;
