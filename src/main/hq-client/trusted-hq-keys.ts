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
 *
 * While HQ rotates a key (issue 16) the keys come as sets: every key of a
 * set is trusted (answers and receipts signed by any verify; PIN blocks go
 * to the one HQ lists as active, hq-client.ts).
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { HqKeysResponse } from '../../shared/hq-api/keys';
import type { HqPinKey } from './pin-block';

export interface TrustedHqKeys {
  /** The key HQ listed as active for PIN blocks when the keys were pinned or fetched. */
  pin: HqPinKey;
  /** Likewise for receipts and answers. */
  receipt: { publicKey: KeyObject; keyId: string };
  /** Every trusted PIN key, oldest first (issue 16: a set while HQ rotates); absent: `pin` alone. */
  pinKeys?: readonly HqPinKey[];
  /** Every trusted receipt key: an answer or receipt signed by any of them is HQ's. Absent: `receipt` alone. */
  receiptKeys?: readonly { publicKey: KeyObject; keyId: string }[];
}

/** The trusted PIN keys, oldest first. */
export const pinKeysOf = (keys: TrustedHqKeys): readonly HqPinKey[] => keys.pinKeys ?? [keys.pin];
/** The trusted receipt keys. */
export const receiptKeysOf = (keys: TrustedHqKeys): readonly { publicKey: KeyObject; keyId: string }[] => keys.receiptKeys ?? [keys.receipt];

export type TrustedHqKeysResult = { ok: true; keys: TrustedHqKeys } | { ok: false; problems: string[] };

function spkiKeyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

function checkedKey(
  name: string,
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

/**
 * A set (issue 16), checked like a single key, entry by entry; it must hold
 * each key once and list the single-pair field's key as its one active key.
 */
function checkedSet(
  name: 'pinEncryptionSet' | 'receiptSigningSet',
  set: readonly { keyId: string; publicKeyPem: string; state: 'next' | 'active' }[] | undefined,
  active: { keyId: string },
  keyType: 'x25519' | 'ed25519',
  problems: string[],
): { publicKey: KeyObject; keyId: string }[] | null {
  if (set === undefined) return null;
  const keys = set.map((entry, i) => {
    const publicKey = checkedKey(`${name}[${i}]`, entry, keyType, problems);
    return publicKey ? { publicKey, keyId: entry.keyId } : null;
  });
  if (new Set(set.map((e) => e.keyId)).size !== set.length) problems.push(`${name}: a key is listed twice`);
  const listedActive = set.filter((e) => e.state === 'active');
  if (listedActive.length !== 1 || listedActive[0]!.keyId !== active.keyId) problems.push(`${name}: its one active key must be the ${name.replace('Set', '')} key (${active.keyId})`);
  return keys.every((k) => k !== null) ? keys as { publicKey: KeyObject; keyId: string }[] : null;
}

/** Checks HQ's keys (from the config or from HQ, the single-pair form or with sets) and turns them into key objects. */
export function trustHqKeys(keys: HqKeysResponse): TrustedHqKeysResult {
  const problems: string[] = [];
  const pin = checkedKey('pinEncryption', keys.pinEncryption, 'x25519', problems);
  const receipt = checkedKey('receiptSigning', keys.receiptSigning, 'ed25519', problems);
  // A set is checked against a single key that passed (a bad one is named once, above).
  const pinKeys = pin ? checkedSet('pinEncryptionSet', keys.pinEncryptionSet, keys.pinEncryption, 'x25519', problems) : null;
  const receiptKeys = receipt ? checkedSet('receiptSigningSet', keys.receiptSigningSet, keys.receiptSigning, 'ed25519', problems) : null;
  if (!pin || !receipt || problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    keys: {
      pin: { publicKey: pin, keyId: keys.pinEncryption.keyId },
      receipt: { publicKey: receipt, keyId: keys.receiptSigning.keyId },
      ...(pinKeys ? { pinKeys } : {}),
      ...(receiptKeys ? { receiptKeys } : {}),
    },
  };
}
