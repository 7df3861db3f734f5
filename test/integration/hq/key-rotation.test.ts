/**
 * HQ's keys rotate without a flag day (issue 16) on both stores: `keys
 * rotate` adds a next PIN and receipt key; during the overlap a kiosk pinned
 * to the old keys (the single-pair form) and one pinned to the new set both
 * authenticate with a PIN and verify HQ's signed answers, and HQ opens a
 * block made for the next key. After `keys retire`, HQ signs with the new
 * key; a PIN block under the old key is refused as `pinBlockKeyRetired`
 * before any card is looked at (no attempt counted), and the kiosk still
 * pinned to the old keys gets a clear error, not a crash.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHqApp } from '../../../src/hq/app';
import { hqKeysResponse, type HqKeys } from '../../../src/hq/keys/hq-keys';
import { KeySetError, retireKeys, rotateKeySet, withKeySet } from '../../../src/hq/keys/key-set';
import { initSharedSecrets, loadSharedSecrets } from '../../../src/hq/keys/shared-secrets';
import { HqClient } from '../../../src/main/hq-client/hq-client';
import { trustHqKeys, type TrustedHqKeys } from '../../../src/main/hq-client/trusted-hq-keys';
import type { HqKeysResponse } from '../../../src/shared/hq-api/keys';
import { newSessionId, openStore, pinBuffer, startHarness, STORES, TEST_SCRYPT_COST, type HqHarness } from './hq-harness';

describe.each(STORES)('HQ key rotation on %s', (kind) => {
  let hq: HqHarness;
  let dir: string;
  let initial: HqKeys;
  const apps: FastifyInstance[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hq-key-rotation-'));
    const secrets = initSharedSecrets(dir);
    initial = secrets.keys;
    hq = await startHarness(kind, { reuse: { store: await openStore(kind), secrets } });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await hq?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** HQ as it is after a restart on the secrets folder: the same store, the folder's keys. */
  const restartedHq = async (): Promise<{ url: string; keys: HqKeys }> => {
    const keys = withKeySet(loadSharedSecrets({ dir, env: {} }).keys, dir);
    const app = await buildHqApp({ db: hq.db, keys, pepper: hq.secrets.pepper, clock: () => hq.clock.now, logger: false, operatorPasswordCost: TEST_SCRYPT_COST });
    apps.push(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, keys };
  };
  const trusted = (keys: HqKeysResponse): TrustedHqKeys => {
    const result = trustHqKeys(keys);
    if (!result.ok) throw new Error(result.problems.join('; '));
    return result.keys;
  };
  /** The pinned form kiosks had before key sets: one key of each kind. */
  const singlePair = (keys: HqKeys): HqKeysResponse => {
    const { pinEncryption, receiptSigning } = hqKeysResponse(keys);
    return { pinEncryption, receiptSigning };
  };
  const kiosk = (url: string, pinnedKeys: TrustedHqKeys, fetchImpl?: typeof fetch) => new HqClient({
    baseUrl: url, kioskId: hq.kioskId, privateKey: hq.kioskKey, clock: () => hq.clock.now, pinnedKeys, ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  const attempts = async (cardId: number) => Number((await hq.db.query<{ failed_pin_attempts: number }>('SELECT failed_pin_attempts FROM cards WHERE card_id = $1', [cardId])).rows[0]!.failed_pin_attempts);
  /** The PIN blocks' key ids a kiosk sent, by watching its requests. */
  const watching = (seen: string[], refuseKeyList = false): typeof fetch => async (input, init) => {
    if (refuseKeyList && String(input).endsWith('/v1/hq-keys')) throw new TypeError('fetch failed');
    if (typeof init?.body !== 'undefined' && init.body !== null) {
      const body = JSON.parse(Buffer.from(init.body as Uint8Array).toString('utf8')) as { pinBlock?: { keyId: string } };
      if (body.pinBlock) seen.push(body.pinBlock.keyId);
    }
    return fetch(input, init);
  };

  it('keeps kiosks pinned to the old keys working while the next keys are published, then refuses the retired key cleanly', async () => {
    const oldPinned = trusted(singlePair(initial));
    const card = await hq.newCustomerCard({ pin: '4826' });

    // Rotate: next keys beside the active ones.
    const added = rotateKeySet(dir, initial);
    expect(() => rotateKeySet(dir, initial)).toThrow(KeySetError);
    const overlap = await restartedHq();
    const published = await (await fetch(`${overlap.url}/v1/hq-keys`)).json() as HqKeysResponse;
    expect(published.pinEncryption.keyId).toBe(initial.pinKeyId);
    expect(published.pinEncryptionSet?.map((k) => [k.keyId, k.state])).toEqual([[initial.pinKeyId, 'active'], [added.pinKeyId, 'next']]);
    expect(published.receiptSigningSet?.map((k) => [k.keyId, k.state])).toEqual([[initial.receiptKeyId, 'active'], [added.receiptKeyId, 'next']]);
    const newPinned = trusted(published);

    for (const pinned of [oldPinned, newPinned]) {
      const seen: string[] = [];
      const result = await kiosk(overlap.url, pinned, watching(seen)).authenticateCard({ sessionId: newSessionId(), cardNumber: card.cardNumber, pinDigits: pinBuffer('4826') });
      // ok: HQ's answer verified with a pinned key, and the PIN block opened.
      expect(result).toMatchObject({ ok: true, value: { outcome: 'ok' } });
      // Both encrypt to the key HQ lists as active.
      expect(seen).toEqual([initial.pinKeyId]);
    }
    // HQ's key list out of reach: the newest pinned key, which HQ opens while it is next.
    const seen: string[] = [];
    const fallback = await kiosk(overlap.url, newPinned, watching(seen, true)).authenticateCard({ sessionId: newSessionId(), cardNumber: card.cardNumber, pinDigits: pinBuffer('4826') });
    expect(fallback).toMatchObject({ ok: true, value: { outcome: 'ok' } });
    expect(seen).toEqual([added.pinKeyId]);

    // Retire the old keys: the next ones become active.
    expect(() => retireKeys(dir, overlap.keys, ['0000000000000000'])).toThrow(/no live key/);
    expect(retireKeys(dir, overlap.keys, [initial.pinKeyId, initial.receiptKeyId])).toEqual({
      retired: [initial.pinKeyId, initial.receiptKeyId], activated: [added.pinKeyId, added.receiptKeyId],
    });
    expect(() => retireKeys(dir, withKeySet(initial, dir), [added.pinKeyId])).toThrow(/only active pinEncryption key; run keys rotate first/);
    const after = await restartedHq();
    const now = await (await fetch(`${after.url}/v1/hq-keys`)).json() as HqKeysResponse;
    expect(now.pinEncryption.keyId).toBe(added.pinKeyId);
    expect(JSON.stringify(now)).not.toContain(initial.pinKeyId);
    expect(JSON.stringify(now)).not.toContain(initial.receiptKeyId);

    // The kiosk that pinned the new set goes on, now with the new keys.
    const seenAfter: string[] = [];
    expect(await kiosk(after.url, newPinned, watching(seenAfter)).authenticateCard({ sessionId: newSessionId(), cardNumber: card.cardNumber, pinDigits: pinBuffer('4826') }))
      .toMatchObject({ ok: true, value: { outcome: 'ok' } });
    expect(seenAfter).toEqual([added.pinKeyId]);

    // A PIN block under the retired key (a wrong PIN in it): refused by code before any card is looked at.
    const stale: TrustedHqKeys = { pin: oldPinned.pin, receipt: newPinned.receipt, receiptKeys: newPinned.receiptKeys! };
    const refused = await kiosk(after.url, stale).authenticateCard({ sessionId: newSessionId(), cardNumber: card.cardNumber, pinDigits: pinBuffer('0000') });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'http', status: 400, code: 'pinBlockKeyRetired' } });
    expect(await attempts(card.cardId)).toBe(0);

    // The kiosk still pinned to the old keys alone: HQ's answers are no longer signed by a key it trusts; a clear error, nothing read.
    const oldKiosk = await kiosk(after.url, oldPinned).authenticateCard({ sessionId: newSessionId(), cardNumber: card.cardNumber, pinDigits: pinBuffer('0000') });
    expect(oldKiosk).toEqual({ ok: false, error: { kind: 'badAnswerSignature', status: 400, problem: 'unknownKey' } });
    expect(await attempts(card.cardId)).toBe(0);
    // HQ is still serving.
    expect((await fetch(`${after.url}/health`)).status).toBe(200);
  });
});
