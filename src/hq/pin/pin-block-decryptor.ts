/**
 * HQ's side of the PIN transport (src/shared/hq-api/pin-block.ts): X25519
 * with the kiosk's ephemeral key, HKDF-SHA256, AES-256-GCM with the binding
 * as additional data. Replay is checked by the caller against the store
 * (`recordPinBlockNonce`) only after the block proves authentic, so garbage
 * cannot use up nonces.
 */
import { createDecipheriv, createPublicKey, diffieHellman, hkdfSync } from 'node:crypto';
import {
  PIN_BLOCK_HKDF_INFO,
  PIN_BLOCK_MAX_AGE_MS,
  pinBlockAdditionalData,
  type PinBlock,
  type PinBlockPurpose,
} from '../../shared/hq-api/pin-block';
import type { HqKeys } from '../keys/hq-keys';
import { readPinField } from './pin-field';

export type PinBlockProblem = 'unknownKey' | 'retiredKey' | 'stale' | 'invalid';

export type DecryptedPin = { ok: true; pinDigits: Buffer } | { ok: false; problem: PinBlockProblem };

export function decryptPinBlock(
  block: PinBlock,
  binding: { kioskId: string; sessionId: string; purpose: PinBlockPurpose },
  keys: Pick<HqKeys, 'pinKeySet' | 'retiredKeyIds'>,
  now: Date,
): DecryptedPin {
  // Any live key (next or active) opens a block made for it (issue 16: keys rotate without a flag day).
  const hqKey = keys.pinKeySet.find((k) => k.keyId === block.keyId);
  if (!hqKey) return { ok: false, problem: keys.retiredKeyIds.includes(block.keyId) ? 'retiredKey' : 'unknownKey' };
  if (Math.abs(now.getTime() - block.createdAt) > PIN_BLOCK_MAX_AGE_MS) return { ok: false, problem: 'stale' };
  let shared: Buffer | undefined;
  let key: Buffer | undefined;
  let field: Buffer | undefined;
  try {
    const ephemeral = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: block.ephemeralPublicKey }, format: 'jwk' });
    shared = diffieHellman({ privateKey: hqKey.privateKey, publicKey: ephemeral });
    const salt = Buffer.concat([Buffer.from(block.ephemeralPublicKey, 'base64url'), rawX25519(hqKey.publicKey)]);
    key = Buffer.from(hkdfSync('sha256', shared, salt, PIN_BLOCK_HKDF_INFO, 32));
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(block.iv, 'base64url'), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(pinBlockAdditionalData({ ...binding, keyId: block.keyId, nonce: block.nonce, createdAt: block.createdAt }), 'utf8'));
    decipher.setAuthTag(Buffer.from(block.tag, 'base64url'));
    field = Buffer.concat([decipher.update(Buffer.from(block.ciphertext, 'base64url')), decipher.final()]);
    const pinDigits = readPinField(field);
    return pinDigits ? { ok: true, pinDigits } : { ok: false, problem: 'invalid' };
  } catch {
    // Bad point, wrong binding, tampered ciphertext: GCM authentication fails. One answer for all.
    return { ok: false, problem: 'invalid' };
  } finally {
    shared?.fill(0);
    key?.fill(0);
    field?.fill(0);
  }
}

function rawX25519(publicKey: import('node:crypto').KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  return Buffer.from(jwk.x ?? '', 'base64url');
}
