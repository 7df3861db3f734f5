/**
 * HQ's secrets when several instances share one PostgreSQL (issue 19): every
 * instance must hold the same pepper (card-number index, PIN hashes), the
 * same PIN-encryption key (kiosks encrypt to it), the same receipt key
 * (kiosks pin it) and the same admin token. An instance that invented its
 * own would answer `unknownCard` for every card, so with a database URL HQ
 * loads them strictly and refuses to start without them; `npm run hq --
 * keys init` creates them once, explicitly.
 *
 * Where from, per secret: the environment variable when set (a secrets
 * manager or KMS injects it), else its file in the secrets folder
 * (`--secrets DIR`, HQ_SECRETS_DIR, or DATA/keys), the layout `keys init`
 * writes. docs/hq.md, "Running HQ for a fleet".
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newSecretTexts, SECRET_FILES, secretsFromTexts, type HqSecrets, type SecretTexts } from './hq-keys';

/** The environment variable that carries each secret, beside its file. */
export const SECRET_ENV: Record<keyof SecretTexts, string> = {
  pinKeyPem: 'HQ_PIN_PRIVATE_KEY_PEM',
  receiptKeyPem: 'HQ_RECEIPT_PRIVATE_KEY_PEM',
  pepperHex: 'HQ_PEPPER_HEX',
  adminToken: 'HQ_ADMIN_TOKEN',
};

const NAMES = Object.keys(SECRET_FILES) as (keyof SecretTexts)[];

/** Thrown when shared secrets are missing: the message says which, and how to make them (never a value). */
export class MissingSecretsError extends Error {}

/**
 * Loads all four secrets from the environment or `dir`; any one missing is
 * a refusal to start (MissingSecretsError), never a fresh secret.
 */
export function loadSharedSecrets(source: { dir?: string; env?: NodeJS.ProcessEnv }): HqSecrets {
  const env = source.env ?? process.env;
  const missing: string[] = [];
  const texts = {} as SecretTexts;
  const origin = {} as Record<keyof SecretTexts, string>;
  for (const name of NAMES) {
    const fromEnv = env[SECRET_ENV[name]];
    const file = source.dir ? join(source.dir, SECRET_FILES[name]) : undefined;
    if (fromEnv) {
      texts[name] = fromEnv;
      origin[name] = `environment variable ${SECRET_ENV[name]}`;
    } else if (file && existsSync(file)) {
      texts[name] = readFileSync(file, 'utf8');
      origin[name] = file;
    } else {
      missing.push(file ? `${SECRET_ENV[name]} or ${file}` : SECRET_ENV[name]);
    }
  }
  if (missing.length > 0) {
    throw new MissingSecretsError(
      `HQ on a shared database needs its shared secrets and will not invent new ones (another instance could not read this one's cards or PINs); missing: ${missing.join(', ')}. `
      + 'Create them once with `npm run hq -- keys init --secrets DIR` and give every instance the same folder or environment (docs/hq.md, "Running HQ for a fleet").',
    );
  }
  return secretsFromTexts(texts, (name) => origin[name]);
}

/**
 * `keys init`: writes fresh secrets into `dir` (owner-only). Refuses when
 * any is already there: replacing a pepper or key orphans every card, PIN
 * and pinned kiosk made with the old one.
 */
export function initSharedSecrets(dir: string): HqSecrets {
  const present = NAMES.map((name) => join(dir, SECRET_FILES[name])).filter((file) => existsSync(file));
  if (present.length > 0) throw new Error(`${present.join(', ')} already exist; keys init never replaces a secret (cards, PINs and pinned kiosks depend on them)`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const texts = newSecretTexts();
  for (const name of NAMES) {
    const file = join(dir, SECRET_FILES[name]);
    writeFileSync(file, texts[name], { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  return secretsFromTexts(texts, (name) => join(dir, SECRET_FILES[name]), true);
}
