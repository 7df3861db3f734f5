/**
 * Keys derived from the pepper, one per use, so that the card-number index
 * and the PIN hash never share a key (NIST SP 800-108 style domain
 * separation with HMAC-SHA256); beside them, the PIN verification keys
 * when HQ holds them (not derived: kept apart from the pepper on purpose,
 * src/hq/pin/pin-verification-keys.ts).
 */
import { createHmac } from 'node:crypto';
import type { PinKeys } from '../pin/pin-hash';
import type { PinVerificationKeys } from '../pin/pin-verification-keys';
import type { Pepper } from './hq-keys';

export interface DerivedKeys extends PinKeys {
  /** HMAC key for `cards.card_number_hmac`. */
  cardIndexKey: Buffer;
  /** HMAC key applied to a PIN before scrypt or the PVV. */
  pinPepperKey: Buffer;
}

export function deriveKeys(pepper: Pepper, pinVerification: PinVerificationKeys | null = null): DerivedKeys {
  const derive = (label: string) => createHmac('sha256', pepper).update(label).digest();
  return { cardIndexKey: derive('card-number-index/v1'), pinPepperKey: derive('pin-hash-pepper/v1'), pinVerification };
}

export function cardNumberHmac(keys: Pick<DerivedKeys, 'cardIndexKey'>, cardNumber: string): string {
  return createHmac('sha256', keys.cardIndexKey).update(cardNumber).digest('hex');
}
