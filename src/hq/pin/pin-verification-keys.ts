/**
 * The keys of the keyed PIN verification value (issue 19; docs/hq.md, "PIN
 * verification at fleet scale", design B): HMAC-SHA256 keys held apart from
 * the database and from the pepper, the way banks keep the PVV key in an HSM
 * (ISO 9564-1 §6 on PIN verification; PCI PIN Security Requirement 18-3 on
 * keys never stored in the clear beside the data they protect). Here the
 * HSM's stand-in is a file or an environment variable; `mac` is the one
 * operation an HSM would expose, so a real one replaces this class without
 * touching its callers.
 *
 * Several keys may be live at once, newest first: new PINs are stored
 * under the first, values under the others still verify and are re-stored
 * under the first at the card's next correct PIN (card-authentication.ts),
 * so a key rotates without a flag day and can be dropped once no stored
 * value names it (`npm run hq -- keys pvv-usage` counts them).
 *
 * Text form: one key per line, 64 hex digits, newest first; `#` comments.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The environment variables that carry the keys (a KMS injects the text) or name their file. */
export const PVV_KEYS_ENV = { text: 'HQ_PVV_KEYS_HEX', file: 'HQ_PVV_KEYS_FILE' } as const;

/** A missing, malformed or misplaced key file or variable: the message names it (never a key), and HQ refuses to start. */
export class PinVerificationKeysError extends Error {}

export class PinVerificationKeys {
  readonly #keys: ReadonlyMap<string, Buffer>;
  /** The key id new values are stored under. */
  readonly currentKeyId: string;

  private constructor(keys: Buffer[]) {
    const map = new Map<string, Buffer>();
    for (const key of keys) map.set(pvvKeyId(key), key);
    this.#keys = map;
    this.currentKeyId = pvvKeyId(keys[0]!);
  }

  /** Parses the text form; `where` names its origin in errors (never a value). */
  static fromText(text: string, where: string): PinVerificationKeys {
    const lines = keyLines(text);
    if (lines.length === 0) throw new PinVerificationKeysError(`${where} holds no PIN verification key`);
    const keys = lines.map((line, index) => {
      if (!/^[0-9a-f]{64}$/.test(line)) throw new PinVerificationKeysError(`${where}: key ${index + 1} must be 64 lower-case hex digits`);
      return Buffer.from(line, 'hex');
    });
    if (new Set(keys.map(pvvKeyId)).size !== keys.length) throw new PinVerificationKeysError(`${where} lists the same key twice`);
    return new PinVerificationKeys(keys);
  }

  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  has(keyId: string): boolean {
    return this.#keys.has(keyId);
  }

  /** HMAC-SHA256 under the named key; null when HQ does not hold it (a value under a dropped key verifies nothing). */
  mac(keyId: string, data: Buffer): Buffer | null {
    const key = this.#keys.get(keyId);
    return key ? createHmac('sha256', key).update(data).digest() : null;
  }
}

/** The key lines of the text form: comments and blank lines dropped. */
function keyLines(text: string): string[] {
  return text.split('\n').map((line) => line.replace(/#.*/, '').trim()).filter((line) => line.length > 0);
}

/** A key's public name: 8 hex digits of a labelled SHA-256, stored in every value so HQ knows which key to ask. */
export function pvvKeyId(key: Buffer): string {
  return createHash('sha256').update('pin-verification-key-id/v1').update(key).digest('hex').slice(0, 8);
}

/**
 * The keys from the environment (`HQ_PVV_KEYS_HEX`, or the file
 * `HQ_PVV_KEYS_FILE`) or `file`; null when none is configured (PINs stay
 * scrypt). A file inside the secrets folder is refused: the point of the
 * key is that whoever copies the folder with the pepper does not have it.
 */
export function loadPinVerificationKeys(source: { file?: string; env?: NodeJS.ProcessEnv; secretsDir?: string }): PinVerificationKeys | null {
  const env = source.env ?? process.env;
  const fromEnv = env[PVV_KEYS_ENV.text];
  if (fromEnv) return PinVerificationKeys.fromText(fromEnv.replace(/[,\s]+/g, '\n'), `environment variable ${PVV_KEYS_ENV.text}`);
  const file = source.file ?? (env[PVV_KEYS_ENV.file] || undefined);
  if (!file) return null;
  if (!existsSync(file)) throw new PinVerificationKeysError(`${PVV_KEYS_ENV.file} / --pvv-keys: ${file} does not exist (create it with \`npm run hq -- keys pvv-rotate --pvv-keys ${file}\`)`);
  if (source.secretsDir && existsSync(source.secretsDir) && sameFolder(dirname(realpathSync(file)), realpathSync(source.secretsDir))) {
    throw new PinVerificationKeysError(`${PVV_KEYS_ENV.file} / --pvv-keys: ${file} is in the secrets folder beside the pepper; keep the PIN verification keys apart (docs/hq.md, "PIN verification at fleet scale")`);
  }
  return PinVerificationKeys.fromText(readFileSync(file, 'utf8'), file);
}

function sameFolder(a: string, b: string): boolean {
  return resolve(a) === resolve(b);
}

/**
 * `keys pvv-rotate`: creates the key file with one key, or puts a new key
 * first in it (the old ones stay, verifying until their values are
 * re-stored). Owner-only permissions. Answers the new key's id.
 */
export function rotatePinVerificationKeys(file: string): { keyId: string; keyIds: string[] } {
  const oldText = existsSync(file) ? readFileSync(file, 'utf8') : '';
  // Checked before anything is written: a malformed file is refused, not extended.
  if (oldText) PinVerificationKeys.fromText(oldText, file);
  const fresh = randomBytes(32);
  const oldLines = keyLines(oldText);
  writeFileSync(file, `# PIN verification keys, newest first (docs/hq.md, "PIN verification at fleet scale")\n${[fresh.toString('hex'), ...oldLines].join('\n')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  fresh.fill(0);
  const now = PinVerificationKeys.fromText(readFileSync(file, 'utf8'), file);
  return { keyId: now.currentKeyId, keyIds: now.keyIds };
}
