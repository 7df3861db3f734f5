/**
 * Keys derived from the pepper, one per use, so that the card-number index
 * and the PIN hash never share a key (NIST SP 800-108 style domain
 * separation with HMAC-SHA256).
 */
import { createHmac } from 'node:crypto';
import type { Pepper } from './hq-keys';

export interface DerivedKeys {
  /** HMAC key for `cards.card_number_hmac`. */
  cardIndexKey: Buffer;
  /** HMAC key applied to a PIN before scrypt. */
  pinPepperKey: Buffer;
}

export function deriveKeys(pepper: Pepper): DerivedKeys {
  const derive = (label: string) => createHmac('sha256', pepper).update(label).digest();
  return { cardIndexKey: derive('card-number-index/v1'), pinPepperKey: derive('pin-hash-pepper/v1') };
}

export function cardNumberHmac(keys: DerivedKeys, cardNumber: string): string {
  return createHmac('sha256', keys.cardIndexKey).update(cardNumber).digest('hex');
}
