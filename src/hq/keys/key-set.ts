/**
 * HQ's key sets (issue 16): the PIN-encryption and receipt keys rotate
 * without a flag day. The secrets folder's `key-set.json` lists every key
 * of each kind, oldest first, with its file and state:
 *
 * - `keys rotate` makes a new X25519 and a new Ed25519 key, `next`: HQ
 *   publishes them beside the active ones (GET /v1/hq-keys) and opens PIN
 *   blocks made for them, but still signs with the active keys, so kiosks
 *   pinned to the old set keep working while the fleet re-pins the new one;
 * - `keys retire --key-id ID` retires a key: when it was the active one, the
 *   oldest `next` of its kind becomes active (and signs from then on). A
 *   retired key is not published, and a PIN block made for it is refused
 *   (`pinBlockKeyRetired`); its file stays in the folder, never read.
 *
 * Without `key-set.json` (no rotation yet) the folder's two key files are
 * the active keys, as before key sets. The document is checked strictly
 * when HQ loads it, every problem named, never a key's value: exactly one
 * active key of each kind, each live key's file present with the key its
 * id names. Every instance must be restarted after a change (docs/hq.md, "Keys").
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MAX_LIVE_KEYS } from '../../shared/hq-api/keys';
import { keyPair, keysFromSets, SECRET_FILES, type HqKeyPair, type HqKeys } from './hq-keys';

export const KEY_SET_FILE = 'key-set.json';

const KeyEntry = z.object({
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  file: z.string().regex(/^[a-z0-9][a-z0-9.-]*\.pem$/, 'a file name in the secrets folder'),
  state: z.enum(['next', 'active', 'retired']),
}).strict();
type KeyEntry = z.infer<typeof KeyEntry>;

export const KeySetDocument = z.object({
  version: z.literal(1),
  pinEncryption: z.array(KeyEntry).min(1),
  receiptSigning: z.array(KeyEntry).min(1),
}).strict();
export type KeySetDocument = z.infer<typeof KeySetDocument>;

type Kind = 'pinEncryption' | 'receiptSigning';
const KIND: Record<Kind, { type: 'x25519' | 'ed25519'; prefix: string; legacyFile: string; current: (keys: HqKeys) => string }> = {
  pinEncryption: { type: 'x25519', prefix: 'pin-x25519', legacyFile: SECRET_FILES.pinKeyPem, current: (keys) => keys.pinKeyId },
  receiptSigning: { type: 'ed25519', prefix: 'receipt-ed25519', legacyFile: SECRET_FILES.receiptKeyPem, current: (keys) => keys.receiptKeyId },
};
const KINDS = Object.keys(KIND) as Kind[];

/** The key set's problems, each naming the file and the entry; never a key's value. */
export class KeySetError extends Error {}

function readDocument(dir: string): KeySetDocument | null {
  const file = join(dir, KEY_SET_FILE);
  if (!existsSync(file)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new KeySetError(`${file}: not JSON`);
  }
  const parsed = KeySetDocument.safeParse(json);
  if (!parsed.success) throw new KeySetError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

function writeDocument(dir: string, document: KeySetDocument): void {
  const file = join(dir, KEY_SET_FILE);
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  // One rename: an instance starting meanwhile reads the old document or the new, never half of one.
  renameSync(temporary, file);
}

/** The document as it stands: `key-set.json`, or the two key files of a folder never rotated, active. */
function currentDocument(dir: string, keys: HqKeys): KeySetDocument {
  return readDocument(dir) ?? {
    version: 1,
    pinEncryption: [{ keyId: keys.pinKeyId, file: KIND.pinEncryption.legacyFile, state: 'active' }],
    receiptSigning: [{ keyId: keys.receiptKeyId, file: KIND.receiptSigning.legacyFile, state: 'active' }],
  };
}

/**
 * HQ's keys as the folder's key set has them (unchanged when there is no
 * `key-set.json`). `keys` were loaded the one-key way (a file or an
 * environment variable); their ids must be in the set, or the folder and
 * the environment disagree. Throws KeySetError naming every problem.
 */
export function withKeySet(keys: HqKeys, dir: string): HqKeys {
  const document = readDocument(dir);
  if (!document) return keys;
  const where = join(dir, KEY_SET_FILE);
  const problems: string[] = [];
  const sets = {} as Record<Kind, HqKeyPair[]>;
  const retired: string[] = [];
  for (const kind of KINDS) {
    const entries = document[kind];
    sets[kind] = [];
    if (entries.filter((e) => e.state === 'active').length !== 1) problems.push(`${kind}: exactly one key must be active`);
    if (entries.filter((e) => e.state !== 'retired').length > MAX_LIVE_KEYS) problems.push(`${kind}: more than ${MAX_LIVE_KEYS} live keys`);
    if (new Set(entries.map((e) => e.keyId)).size !== entries.length) problems.push(`${kind}: a key id is listed twice`);
    if (!entries.some((e) => e.keyId === KIND[kind].current(keys))) problems.push(`${kind}: the key in ${KIND[kind].legacyFile} (or its environment variable) is not listed`);
    entries.forEach((entry, i) => {
      if (entry.state === 'retired') {
        retired.push(entry.keyId);
        return;
      }
      const file = join(dir, entry.file);
      try {
        const privateKey = createPrivateKey(readFileSync(file, 'utf8'));
        if (privateKey.asymmetricKeyType !== KIND[kind].type) {
          problems.push(`${kind}[${i}] (${entry.file}): not an ${KIND[kind].type} key`);
          return;
        }
        const pair = keyPair(privateKey, entry.state as HqKeyPair['state']);
        if (pair.keyId !== entry.keyId) problems.push(`${kind}[${i}] (${entry.file}): holds key ${pair.keyId}, not ${entry.keyId}`);
        else sets[kind].push(pair);
      } catch {
        problems.push(`${kind}[${i}]: ${file} is missing or not a private key`);
      }
    });
  }
  if (problems.length > 0) throw new KeySetError(`${where}: ${problems.join('; ')}`);
  return keysFromSets(sets.pinEncryption, sets.receiptSigning, retired);
}

/**
 * `keys rotate`: a new PIN and receipt key, `next`, in files of their own
 * (owner-only, never overwriting) and in `key-set.json`. Refused while a
 * `next` key waits: one rotation at a time. Answers the new key ids.
 */
export function rotateKeySet(dir: string, keys: HqKeys): { pinKeyId: string; receiptKeyId: string } {
  const document = currentDocument(dir, keys);
  const waiting = KINDS.flatMap((kind) => document[kind].filter((e) => e.state === 'next').map((e) => e.keyId));
  if (waiting.length > 0) throw new KeySetError(`keys ${waiting.join(', ')} are already next; retire the active keys (or these) before rotating again`);
  const added = {} as Record<Kind, string>;
  for (const kind of KINDS) {
    const pair = keyPair(kind === 'pinEncryption' ? generateKeyPairSync('x25519').privateKey : generateKeyPairSync('ed25519').privateKey, 'next');
    const file = `${KIND[kind].prefix}-${pair.keyId}.pem`;
    writeFileSync(join(dir, file), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    chmodSync(join(dir, file), 0o600);
    document[kind].push({ keyId: pair.keyId, file, state: 'next' });
    added[kind] = pair.keyId;
  }
  writeDocument(dir, document);
  return { pinKeyId: added.pinEncryption, receiptKeyId: added.receiptSigning };
}

/**
 * `keys retire --key-id ID ...`: each named key retired. An active key
 * hands over to the oldest `next` key of its kind; retiring an active key
 * with no `next` beside it is refused (HQ would have none: rotate first),
 * and so is an id the set does not hold live. Nothing is written unless
 * every id is accepted.
 */
export function retireKeys(dir: string, keys: HqKeys, keyIds: readonly string[]): { retired: string[]; activated: string[] } {
  const document = currentDocument(dir, keys);
  const activated: string[] = [];
  const problems: string[] = [];
  for (const keyId of keyIds) {
    const kind = KINDS.find((k) => document[k].some((e) => e.keyId === keyId && e.state !== 'retired'));
    if (!kind) {
      problems.push(`${keyId}: no live key has this id`);
      continue;
    }
    const entry = document[kind].find((e) => e.keyId === keyId)!;
    if (entry.state === 'active') {
      const successor: KeyEntry | undefined = document[kind].find((e) => e.state === 'next');
      if (!successor) {
        problems.push(`${keyId}: the only active ${kind} key; run keys rotate first`);
        continue;
      }
      successor.state = 'active';
      activated.push(successor.keyId);
    }
    entry.state = 'retired';
  }
  if (problems.length > 0) throw new KeySetError(problems.join('; '));
  writeDocument(dir, document);
  return { retired: [...keyIds], activated };
}
