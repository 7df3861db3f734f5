/**
 * HQ's own secrets: the X25519 key kiosks encrypt PIN blocks to, the Ed25519
 * key that signs journal receipts and HQ's answers to kiosk routes (the
 * kiosk pins them; each may be a set of several keys while one rotates,
 * key-set.ts; the signed texts are domain-separated by their first line,
 * src/shared/journal/batch-signing.ts and src/shared/hq-api/answer-signing.ts),
 * and the server pepper (a secret kept out
 * of the database, so a stolen database alone cannot test PIN guesses or
 * look up card numbers). Generated on first run into the data folder, files
 * readable by the owner only; in memory with `--memory`.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HQ_ADMIN_TOKEN_FILE, HQ_SECRETS_FOLDER } from '../../shared/hq-api/data-folder';
import type { HqKeysResponse } from '../../shared/hq-api/keys';

/**
 * One key of a set (issue 16: keys rotate without a flag day): `next` is
 * published and opens PIN blocks but signs nothing yet; `active` also signs
 * answers and receipts and is the key kiosks are told to encrypt to;
 * `retired` is neither published nor used (key-set.ts).
 */
export type HqKeyState = 'next' | 'active' | 'retired';

export interface HqKeyPair {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  state: Exclude<HqKeyState, 'retired'>;
}

/**
 * HQ's keys. The `pin*` and `receipt*` fields are the active keys (what
 * signs, what kiosks encrypt to); the sets hold every live key, oldest
 * first, the active one among them.
 */
export interface HqKeys {
  pinPrivateKey: KeyObject;
  pinPublicKey: KeyObject;
  pinKeyId: string;
  receiptPrivateKey: KeyObject;
  receiptPublicKey: KeyObject;
  receiptKeyId: string;
  /** Live PIN-encryption keys (X25519): HQ opens a PIN block with whichever its key id names. */
  pinKeySet: readonly HqKeyPair[];
  /** Live receipt keys (Ed25519), published so kiosks that pin the set accept the next one's signatures. */
  receiptKeySet: readonly HqKeyPair[];
  /** Ids of retired keys: a PIN block for one is refused as such (`pinBlockKeyRetired`). */
  retiredKeyIds: readonly string[];
}

/** 32 random bytes; never leaves HQ. */
export type Pepper = Buffer;

/** First 16 hex digits of SHA-256 over the SPKI DER: names a public key in PIN blocks and receipts. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * The public half, as GET /v1/hq-keys answers it and as a kiosk pins it in
 * its config (`hq.keys`; `npm run hq -- keys` prints it).
 */
export function hqKeysResponse(keys: HqKeys): HqKeysResponse {
  return {
    pinEncryption: { algorithm: 'X25519', keyId: keys.pinKeyId, publicKeyPem: publicKeyPem(keys.pinPublicKey) },
    receiptSigning: { algorithm: 'Ed25519', keyId: keys.receiptKeyId, publicKeyPem: publicKeyPem(keys.receiptPublicKey) },
    pinEncryptionSet: keys.pinKeySet.map((k) => ({ algorithm: 'X25519' as const, keyId: k.keyId, publicKeyPem: publicKeyPem(k.publicKey), state: k.state })),
    receiptSigningSet: keys.receiptKeySet.map((k) => ({ algorithm: 'Ed25519' as const, keyId: k.keyId, publicKeyPem: publicKeyPem(k.publicKey), state: k.state })),
  };
}

/** A live key from its private half. */
export function keyPair(privateKey: KeyObject, state: HqKeyPair['state']): HqKeyPair {
  const publicKey = createPublicKey(privateKey);
  return { keyId: keyIdOf(publicKey), privateKey, publicKey, state };
}

/** HQ's keys from its sets (each with exactly one active key: key-set.ts checks that). */
export function keysFromSets(pinKeySet: readonly HqKeyPair[], receiptKeySet: readonly HqKeyPair[], retiredKeyIds: readonly string[]): HqKeys {
  const pin = pinKeySet.find((k) => k.state === 'active');
  const receipt = receiptKeySet.find((k) => k.state === 'active');
  if (!pin || !receipt) throw new Error('HQ key set without an active PIN and receipt key');
  return {
    pinPrivateKey: pin.privateKey, pinPublicKey: pin.publicKey, pinKeyId: pin.keyId,
    receiptPrivateKey: receipt.privateKey, receiptPublicKey: receipt.publicKey, receiptKeyId: receipt.keyId,
    pinKeySet, receiptKeySet, retiredKeyIds,
  };
}

function keysFrom(pinPrivateKey: KeyObject, receiptPrivateKey: KeyObject): HqKeys {
  return keysFromSets([keyPair(pinPrivateKey, 'active')], [keyPair(receiptPrivateKey, 'active')], []);
}

export function generateHqKeys(): HqKeys {
  return keysFrom(generateKeyPairSync('x25519').privateKey, generateKeyPairSync('ed25519').privateKey);
}

export function generatePepper(): Pepper {
  return randomBytes(32);
}

export interface HqSecrets {
  keys: HqKeys;
  pepper: Pepper;
  /** Bearer token for /admin routes (fleet view). */
  adminToken: string;
  created: boolean;
}

const FILES = {
  pinKey: 'pin-x25519.pem',
  receiptKey: 'receipt-ed25519.pem',
  pepper: 'pepper.hex',
  adminToken: HQ_ADMIN_TOKEN_FILE,
} as const;

/** Where HQ keeps its secrets inside its data folder (`--data DIR`): one place for the layout. */
export function secretsDir(dataDir: string): string {
  return join(dataDir, HQ_SECRETS_FOLDER);
}

/** The admin token's file, for people told where to find it (the console's password, the /admin bearer). */
export function adminTokenFile(dataDir: string): string {
  return join(secretsDir(dataDir), FILES.adminToken);
}

export function generateSecrets(): HqSecrets {
  return { keys: generateHqKeys(), pepper: generatePepper(), adminToken: randomBytes(24).toString('base64url'), created: true };
}

/** The four secrets as text, wherever they were read from (files or environment). */
export interface SecretTexts {
  pinKeyPem: string;
  receiptKeyPem: string;
  pepperHex: string;
  adminToken: string;
}

/** Files of a secrets folder, by secret (the layout `keys init` writes). */
export const SECRET_FILES: Record<keyof SecretTexts, string> = {
  pinKeyPem: FILES.pinKey,
  receiptKeyPem: FILES.receiptKey,
  pepperHex: FILES.pepper,
  adminToken: FILES.adminToken,
};

/** Fresh secrets as the text stored for them. */
export function newSecretTexts(): SecretTexts {
  return {
    pinKeyPem: generateKeyPairSync('x25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    receiptKeyPem: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    pepperHex: generatePepper().toString('hex'),
    adminToken: randomBytes(24).toString('base64url'),
  };
}

/** Checks and parses the secrets; `where(name)` says where a bad one came from (never its value). */
export function secretsFromTexts(texts: SecretTexts, where: (name: keyof SecretTexts) => string, created = false): HqSecrets {
  const pepperHex = texts.pepperHex.trim();
  const adminToken = texts.adminToken.trim();
  if (!/^[0-9a-f]{64}$/.test(pepperHex)) throw new Error(`${where('pepperHex')} must hold 64 hex digits`);
  if (adminToken.length < 16) throw new Error(`${where('adminToken')} must hold at least 16 characters`);
  const pinPrivateKey = createPrivateKey(texts.pinKeyPem);
  const receiptPrivateKey = createPrivateKey(texts.receiptKeyPem);
  if (pinPrivateKey.asymmetricKeyType !== 'x25519') throw new Error(`${where('pinKeyPem')} is not an X25519 key`);
  if (receiptPrivateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${where('receiptKeyPem')} is not an Ed25519 key`);
  return { keys: keysFrom(pinPrivateKey, receiptPrivateKey), pepper: Buffer.from(pepperHex, 'hex'), adminToken, created };
}

/**
 * Loads the secrets from `dir`, creating any that are missing (owner-only
 * permissions). The embedded, single-instance HQ only: with a shared
 * PostgreSQL, HQ loads them strictly (shared-secrets.ts).
 */
export function loadOrCreateSecrets(dir: string): HqSecrets {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = (name: string) => join(dir, name);
  const fresh = newSecretTexts();
  let created = false;
  const readOrCreate = (name: keyof SecretTexts): string => {
    const file = path(SECRET_FILES[name]);
    if (existsSync(file)) return readFileSync(file, 'utf8');
    writeFileSync(file, fresh[name], { mode: 0o600 });
    chmodSync(file, 0o600);
    created = true;
    return fresh[name];
  };
  const texts = { pinKeyPem: readOrCreate('pinKeyPem'), receiptKeyPem: readOrCreate('receiptKeyPem'), pepperHex: readOrCreate('pepperHex'), adminToken: readOrCreate('adminToken') };
  return secretsFromTexts(texts, (name) => path(SECRET_FILES[name]), created);
}
