/**
 * What the PIN screen says when HQ refuses a new PIN as guessable (DOMAIN.md,
 * "PIN"): one message per reason HQ gives, shared by the customer's own
 * re-set and the staff-assisted one.
 */
import type { PinMessage } from '../../shared/bridge';
import type { WeakPinReason } from '../../shared/hq-api';

export const WEAK_PIN_MESSAGE: Record<WeakPinReason, PinMessage> = {
  notFourDigits: 'weakCommon',
  repeatedDigits: 'weakRepeated',
  sequential: 'weakSequential',
  birthDate: 'weakBirthDate',
  denyListed: 'weakCommon',
};
