/**
 * HQ's public keys as the kiosk trusts them: the X25519 key PIN blocks are
 * encrypted to and the Ed25519 key journal receipts are signed with
 * (src/shared/hq-api/keys.ts). They come either pinned in the kiosk's config
 * (`hq.keys`, production: GET /v1/hq-keys is the one unsigned kiosk route, so
 * a kiosk that fetches keys trusts whoever answers first) or from HQ.
 *
 * Either way the same checks apply before a key is used: each PEM is an SPKI
 * public key of the declared algorithm, and each keyId is the first 16 hex
 * digits of SHA-256 over that key's SPKI DER, as HQ names its keys
 * (src/hq/keys/hq-keys.ts `keyIdOf`). A config or an HQ answer that fails
 * them is refused with every problem named, and no key from it is used.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { HqKeysResponse } from '../../shared/hq-api/keys';
import type { HqPinKey } from './pin-block';

export interface TrustedHqKeys {
  pin: HqPinKey;
  receipt: { publicKey: KeyObject; keyId: string };
}

export type TrustedHqKeysResult = { ok: true; keys: TrustedHqKeys } | { ok: false; problems: string[] };

function spkiKeyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

function checkedKey(
  name: 'pinEncryption' | 'receiptSigning',
  entry: { keyId: string; publicKeyPem: string },
  keyType: 'x25519' | 'ed25519',
  problems: string[],
): KeyObject | null {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(entry.publicKeyPem);
  } catch {
    problems.push(`${name}.publicKeyPem: not a public key`);
    return null;
  }
  if (publicKey.asymmetricKeyType !== keyType) {
    problems.push(`${name}.publicKeyPem: a ${publicKey.asymmetricKeyType ?? 'unknown'} key, expected ${keyType}`);
    return null;
  }
  const keyId = spkiKeyId(publicKey);
  if (keyId !== entry.keyId) {
    problems.push(`${name}.keyId: ${entry.keyId} does not name this key (its id is ${keyId})`);
    return null;
  }
  return publicKey;
}

/** Checks HQ's keys (from the config or from HQ) and turns them into key objects. */
export function trustHqKeys(keys: HqKeysResponse): TrustedHqKeysResult {
  const problems: string[] = [];
  const pin = checkedKey('pinEncryption', keys.pinEncryption, 'x25519', problems);
  const receipt = checkedKey('receiptSigning', keys.receiptSigning, 'ed25519', problems);
  if (!pin || !receipt) return { ok: false, problems };
  return {
    ok: true,
    keys: {
      pin: { publicKey: pin, keyId: keys.pinEncryption.keyId },
      receipt: { publicKey: receipt, keyId: keys.receiptSigning.keyId },
    },
  };
}
