/** The checks every HQ key passes before the kiosk uses it, pinned or fetched (trusted-hq-keys.ts). */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateHqKeys, hqKeysResponse } from '../../../src/hq/keys/hq-keys';
import { trustHqKeys } from '../../../src/main/hq-client/trusted-hq-keys';

const keys = generateHqKeys();
const good = hqKeysResponse(keys);

describe('trustHqKeys', () => {
  it('takes HQ\'s keys as GET /v1/hq-keys answers them', () => {
    const trusted = trustHqKeys(good);
    expect(trusted.ok).toBe(true);
    if (!trusted.ok) return;
    expect(trusted.keys.pin.keyId).toBe(keys.pinKeyId);
    expect(trusted.keys.pin.publicKey.equals(keys.pinPublicKey)).toBe(true);
    expect(trusted.keys.receipt.publicKey.equals(keys.receiptPublicKey)).toBe(true);
  });

  it('refuses a keyId that does not name its key', () => {
    const other = generateHqKeys();
    expect(trustHqKeys({ ...good, pinEncryption: { ...good.pinEncryption, keyId: other.pinKeyId } }))
      .toEqual({ ok: false, problems: [`pinEncryption.keyId: ${other.pinKeyId} does not name this key (its id is ${keys.pinKeyId})`] });
  });

  it('refuses keys of the wrong algorithm, naming both', () => {
    const swapped = {
      pinEncryption: { ...good.pinEncryption, publicKeyPem: good.receiptSigning.publicKeyPem },
      receiptSigning: { ...good.receiptSigning, publicKeyPem: good.pinEncryption.publicKeyPem },
    };
    expect(trustHqKeys(swapped)).toEqual({
      ok: false,
      problems: ['pinEncryption.publicKeyPem: a ed25519 key, expected x25519', 'receiptSigning.publicKeyPem: a x25519 key, expected ed25519'],
    });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(trustHqKeys({ ...good, receiptSigning: { ...good.receiptSigning, publicKeyPem: rsa } }))
      .toEqual({ ok: false, problems: ['receiptSigning.publicKeyPem: a rsa key, expected ed25519'] });
  });

  it('refuses a PEM that is not a key at all', () => {
    const garbage = '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n';
    expect(trustHqKeys({ ...good, pinEncryption: { ...good.pinEncryption, publicKeyPem: garbage } }))
      .toEqual({ ok: false, problems: ['pinEncryption.publicKeyPem: not a public key'] });
  });
});
