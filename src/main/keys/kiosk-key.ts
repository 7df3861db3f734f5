/**
 * The kiosk's Ed25519 identity key: it signs every HQ request and every
 * journal batch (ARCHITECTURE.md, "Journal and sync"). Made on first start
 * when missing, readable by the kiosk's user only; HQ knows the public half
 * from enrolment.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { groupFingerprint, keyFingerprint } from '../../shared/hq-api/key-fingerprint';

export interface KioskKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPath: string;
}

export function loadOrCreateKioskKey(privateKeyPath: string): KioskKey {
  const publicKeyPath = privateKeyPath.replace(/(\.pem)?$/, '.pub.pem');
  if (!existsSync(privateKeyPath)) {
    mkdirSync(dirname(privateKeyPath), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(privateKeyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  chmodSync(privateKeyPath, 0o600);
  const privateKey = createPrivateKey(readFileSync(privateKeyPath));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${privateKeyPath}: not an Ed25519 key`);
  const publicKey = createPublicKey(privateKey);
  writeFileSync(publicKeyPath, publicKey.export({ type: 'spki', format: 'pem' }));
  return { privateKey, publicKey, publicKeyPath };
}

/**
 * The key's fingerprint as the technician reads it to HQ's administrator
 * for enrolment (issue 16; src/shared/hq-api/key-fingerprint.ts: SHA-256 of
 * the SPKI DER, grouped hex; `openssl pkey -pubin -in KEY.pub.pem -outform
 * DER | sha256sum` gives the same digits).
 */
export async function kioskKeyFingerprint(publicKey: KeyObject): Promise<string> {
  return groupFingerprint(await keyFingerprint(publicKey.export({ type: 'spki', format: 'der' })));
}
