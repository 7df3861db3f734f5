/**
 * HQ key sets (issue 16): the folder's key-set.json loaded strictly
 * (key-set.ts), and the kiosk's checks of a pinned set and its use of it
 * (trusted-hq-keys.ts, answer-verifier.ts, the receipt verifier).
 */
import { createHash, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hqKeysResponse, type HqKeys } from '../../../src/hq/keys/hq-keys';
import { signReceipt } from '../../../src/hq/journal-ingest/ingest-batch';
import { KEY_SET_FILE, KeySetError, retireKeys, rotateKeySet, withKeySet, type KeySetDocument } from '../../../src/hq/keys/key-set';
import { keySetCommand } from '../../../src/hq/keys/key-set-command';
import { initSharedSecrets } from '../../../src/hq/keys/shared-secrets';
import { checkAnswerSignature } from '../../../src/main/hq-client/answer-verifier';
import { trustHqKeys, type TrustedHqKeys } from '../../../src/main/hq-client/trusted-hq-keys';
import { hqReceiptVerifier } from '../../../src/main/sync/hq-journal-push-client';
import { answerSigningString, HQ_ANSWER_HEADERS } from '../../../src/shared/hq-api/answer-signing';

let dir: string;
let initial: HqKeys;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hq-key-set-'));
  initial = initSharedSecrets(dir).keys;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const documentOf = () => JSON.parse(readFileSync(join(dir, KEY_SET_FILE), 'utf8')) as KeySetDocument;
const writeDocument = (document: unknown) => writeFileSync(join(dir, KEY_SET_FILE), JSON.stringify(document));

describe('the key set in the secrets folder', () => {
  it('leaves a folder never rotated as it was: its two keys, active', () => {
    expect(withKeySet(initial, dir)).toBe(initial);
  });

  it('adds next keys on rotate, keeping the active ones signing', () => {
    const added = rotateKeySet(dir, initial);
    const keys = withKeySet(initial, dir);
    expect(keys.pinKeyId).toBe(initial.pinKeyId);
    expect(keys.receiptKeyId).toBe(initial.receiptKeyId);
    expect(keys.pinKeySet.map((k) => [k.keyId, k.state])).toEqual([[initial.pinKeyId, 'active'], [added.pinKeyId, 'next']]);
    expect(keys.receiptKeySet.map((k) => [k.keyId, k.state])).toEqual([[initial.receiptKeyId, 'active'], [added.receiptKeyId, 'next']]);
    const retired = retireKeys(dir, keys, [initial.pinKeyId]);
    expect(retired.activated).toEqual([added.pinKeyId]);
    const after = withKeySet(initial, dir);
    expect(after.pinKeyId).toBe(added.pinKeyId);
    expect(after.retiredKeyIds).toEqual([initial.pinKeyId]);
    // The receipt key was not named: it stays active, the next one waits.
    expect(after.receiptKeyId).toBe(initial.receiptKeyId);
  });

  it('`keys rotate` prints the new set to pin and the retire command; `keys retire` needs a key id', () => {
    expect(() => keySetCommand('rotate', dir, initial, ['0000000000000000'])).toThrow(/takes no --key-id/);
    const printed = keySetCommand('rotate', dir, initial, []);
    const rotated = withKeySet(initial, dir);
    const next = rotated.pinKeySet[1]!.keyId;
    expect(printed).toContain(`keys retire --key-id ${initial.pinKeyId} --key-id ${initial.receiptKeyId}`);
    const pinnedBlock = JSON.parse(printed.slice(printed.indexOf('{'))) as { hq: { keys: ReturnType<typeof hqKeysResponse> } };
    expect(pinnedBlock.hq.keys).toEqual(hqKeysResponse(rotated));
    expect(() => keySetCommand('retire', dir, rotated, [])).toThrow(/needs --key-id/);
    expect(keySetCommand('retire', dir, rotated, [initial.pinKeyId])).toContain(`active now: ${next}`);
  });

  it('refuses a document with two active keys, a missing file, a file holding another key, or without the folder\'s key, naming each', () => {
    rotateKeySet(dir, initial);
    const document = documentOf();
    writeDocument({ ...document, pinEncryption: document.pinEncryption.map((e) => ({ ...e, state: 'active' })) });
    expect(() => withKeySet(initial, dir)).toThrow(/pinEncryption: exactly one key must be active/);

    writeDocument({ ...document, receiptSigning: [document.receiptSigning[0], { ...document.receiptSigning[1], file: 'gone.pem' }] });
    expect(() => withKeySet(initial, dir)).toThrow(/receiptSigning\[1\]: .*gone\.pem is missing or not a private key/);

    writeDocument({ ...document, pinEncryption: [document.pinEncryption[0], { ...document.pinEncryption[1], file: document.pinEncryption[0]!.file }] });
    expect(() => withKeySet(initial, dir)).toThrow(new RegExp(`pinEncryption\\[1\\] \\(pin-x25519.pem\\): holds key ${initial.pinKeyId}, not ${document.pinEncryption[1]!.keyId}`));

    writeDocument({ ...document, pinEncryption: [{ ...document.pinEncryption[1], state: 'active' }] });
    expect(() => withKeySet(initial, dir)).toThrow(/pinEncryption: the key in pin-x25519.pem \(or its environment variable\) is not listed/);

    writeFileSync(join(dir, KEY_SET_FILE), '{');
    expect(() => withKeySet(initial, dir)).toThrow(KeySetError);
  });
});

describe('a kiosk pinning a set', () => {
  const rotatedSet = () => {
    rotateKeySet(dir, initial);
    return withKeySet(initial, dir);
  };
  const trusted = (keys: HqKeys): TrustedHqKeys => {
    const result = trustHqKeys(hqKeysResponse(keys));
    if (!result.ok) throw new Error(result.problems.join('; '));
    return result.keys;
  };

  it('trusts every key of the set, and refuses a set whose active key is not the single-pair one or that lists a key twice', () => {
    const keys = rotatedSet();
    const pinned = trusted(keys);
    expect(pinned.pinKeys?.map((k) => k.keyId)).toEqual(keys.pinKeySet.map((k) => k.keyId));
    expect(pinned.receiptKeys?.map((k) => k.keyId)).toEqual(keys.receiptKeySet.map((k) => k.keyId));

    const published = hqKeysResponse(keys);
    const flipped = { ...published, pinEncryptionSet: published.pinEncryptionSet!.map((k) => ({ ...k, state: k.state === 'active' ? 'next' as const : 'active' as const })) };
    expect(trustHqKeys(flipped)).toEqual({ ok: false, problems: [`pinEncryptionSet: its one active key must be the pinEncryption key (${keys.pinKeyId})`] });
    const twice = { ...published, receiptSigningSet: [published.receiptSigningSet![0]!, { ...published.receiptSigningSet![0]!, state: 'next' as const }] };
    expect(trustHqKeys(twice)).toEqual({ ok: false, problems: ['receiptSigningSet: a key is listed twice'] });
    const lying = { ...published, pinEncryptionSet: [published.pinEncryptionSet![0]!, { ...published.pinEncryptionSet![1]!, keyId: '0123456789abcdef' }] };
    expect(trustHqKeys(lying)).toMatchObject({ ok: false, problems: [expect.stringMatching(/^pinEncryptionSet\[1\]\.keyId: 0123456789abcdef does not name this key/)] });
  });

  it('accepts answers and receipts signed by any pinned key, and nothing signed by a key outside the set', () => {
    const keys = rotatedSet();
    const next = keys.receiptKeySet[1]!;
    const request = { kioskId: 'KIOSK-TEST-01', method: 'GET', path: '/v1/calendar', nonce: 'AAAAAAAAAAAAAAAAAAAAAA' };
    const body = Buffer.from('{}');
    const signed = (keyId: string, privateKey: HqKeys['receiptPrivateKey']) => {
      const text = answerSigningString({ ...request, status: 200, bodySha256: createHash('sha256').update(body).digest('hex') });
      if (!text.ok) throw new Error(text.problem);
      return new Headers({ [HQ_ANSWER_HEADERS.keyId]: keyId, [HQ_ANSWER_HEADERS.signature]: sign(null, Buffer.from(text.value), privateKey).toString('base64') });
    };
    const check = (pinned: TrustedHqKeys, headers: Headers) => checkAnswerSignature({ keys: pinned, headers, request, status: 200, body });
    expect(check(trusted(keys), signed(next.keyId, next.privateKey))).toEqual({ ok: true });
    expect(check(trusted(keys), signed(keys.receiptKeyId, keys.receiptPrivateKey))).toEqual({ ok: true });
    // The old single-pair pin knows the active key only.
    expect(check(trusted(initial), signed(next.keyId, next.privateKey))).toEqual({ ok: false, problem: 'unknownKey' });

    const receipt = signReceipt(next.privateKey, { kioskId: 'KIOSK-TEST-01', ackedThrough: 3, headHash: 'a'.repeat(64), issuedAt: '2026-06-10T03:00:00.000Z' });
    const verifierFor = (pinned: TrustedHqKeys) => hqReceiptVerifier({ trustedKeys: async () => ({ ok: true as const, value: pinned }) });
    return Promise.all([
      expect(verifierFor(trusted(keys))(receipt)).resolves.toBe(true),
      expect(verifierFor(trusted(initial))(receipt)).resolves.toBe(false),
    ]);
  });
});
