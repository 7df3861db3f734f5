/**
 * The keyed PIN verification value (issue 19, design B; docs/hq.md, "PIN
 * verification at fleet scale") through HQ's real routes on both stores:
 * a card stored as scrypt moves to a PVV at its next correct PIN, a key
 * rotation moves it again, wrong PINs still count and lock exactly, and an
 * HQ that lost its PVV key answers "try later" without counting anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import { buildHqApp } from '../../../src/hq/app';
import { createHqLogger } from '../../../src/hq/logging';
import { HqClient } from '../../../src/main/hq-client/hq-client';
import { pinHashUsage } from '../../../src/hq/pin/pin-hash-usage';
import { PinVerificationKeys } from '../../../src/hq/pin/pin-verification-keys';
import { newSessionId, pinBuffer, secretsInLogs, startHarness, STORES, TEST_SCRYPT_COST, type HqHarness } from './hq-harness';

const KEY_OLD = '1'.repeat(64);
const KEY_NEW = '2'.repeat(64);

describe.each(STORES)('keyed PIN verification value on %s', (kind) => {
  let hq: HqHarness;
  const apps: FastifyInstance[] = [];
  beforeAll(async () => { hq = await startHarness(kind, { lockThreshold: 4 }); });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await hq?.close();
  });

  /** Another HQ on the same store and secrets, holding these PVV keys (or none), as after a restart with another key file. */
  async function hqWith(keysText: string | null): Promise<{ client: HqClient; logLines: string[] }> {
    const logLines: string[] = [];
    const app = await buildHqApp({
      db: hq.db, keys: hq.secrets.keys, pepper: hq.secrets.pepper, clock: () => hq.clock.now, adminToken: hq.adminToken,
      pinVerification: keysText ? PinVerificationKeys.fromText(keysText, 'test keys') : null,
      policy: { lockThreshold: 4 }, operatorPasswordCost: TEST_SCRYPT_COST,
      logger: createHqLogger({ level: 'debug', destination: new Writable({ write(chunk, _encoding, done) { logLines.push(String(chunk)); done(); } }) }),
    });
    apps.push(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return { client: new HqClient({ baseUrl: url, kioskId: hq.kioskId, privateKey: hq.kioskKey, clock: () => hq.clock.now }), logLines };
  }
  const storedPin = async (cardId: number) =>
    (await hq.db.query<{ pin_hash: string; failed_pin_attempts: number; locked: boolean }>('SELECT pin_hash, failed_pin_attempts, locked_at IS NOT NULL AS locked FROM cards WHERE card_id = $1', [cardId])).rows[0]!;
  const authenticate = (client: HqClient, cardNumber: string, pin: string) =>
    client.authenticateCard({ sessionId: newSessionId(), cardNumber, pinDigits: pinBuffer(pin) });

  it('moves a scrypt card to a PVV at its next correct PIN, then to a new key after a rotation', async () => {
    const card = await hq.newCustomerCard({ pin: '4826' });
    expect((await storedPin(card.cardId)).pin_hash).toMatch(/^scrypt\$/);

    const withOld = await hqWith(KEY_OLD);
    const first = await authenticate(withOld.client, card.cardNumber, card.pin);
    expect(first.ok && first.value.outcome).toBe('ok');
    const oldId = PinVerificationKeys.fromText(KEY_OLD, 't').currentKeyId;
    expect((await storedPin(card.cardId)).pin_hash).toMatch(new RegExp(`^pvv\\$1\\$${oldId}\\$`));
    // A wrong PIN does not re-store anything.
    const before = (await storedPin(card.cardId)).pin_hash;
    const wrong = await authenticate(withOld.client, card.cardNumber, '9513');
    expect(wrong.ok && wrong.value.outcome).toBe('wrongPin');
    expect((await storedPin(card.cardId)).pin_hash).toBe(before);

    const rotated = await hqWith(`${KEY_NEW}\n${KEY_OLD}`);
    const newId = PinVerificationKeys.fromText(KEY_NEW, 't').currentKeyId;
    expect(await pinHashUsage(hq.db)).toMatchObject({ [`pvv:${oldId}`]: 1 });
    const second = await authenticate(rotated.client, card.cardNumber, card.pin);
    expect(second.ok && second.value.outcome).toBe('ok');
    const after = await storedPin(card.cardId);
    expect(after.pin_hash).toMatch(new RegExp(`^pvv\\$1\\$${newId}\\$`));
    // The correct PIN cleared the wrong one.
    expect(after.failed_pin_attempts).toBe(0);
    const usage = await pinHashUsage(hq.db);
    expect(usage[`pvv:${oldId}`]).toBeUndefined();
    expect(usage[`pvv:${newId}`]).toBe(1);
  });

  it('counts concurrent wrong PINs exactly and locks at the threshold', async () => {
    const card = await hq.newCustomerCard({ pin: '4826' });
    const pvvHq = await hqWith(KEY_NEW);
    expect((await authenticate(pvvHq.client, card.cardNumber, card.pin)).ok).toBe(true);
    const answers = await Promise.all(Array.from({ length: 10 }, () => authenticate(pvvHq.client, card.cardNumber, '9513')));
    const outcomes = answers.map((a) => (a.ok ? a.value.outcome : a.error.kind));
    expect(outcomes.filter((o) => o === 'wrongPin')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'locked')).toHaveLength(7);
    expect(await storedPin(card.cardId)).toMatchObject({ failed_pin_attempts: 4, locked: true });
  });

  it('an HQ without the PVV key answers "try later", counts nothing and says why in its log, never the PIN', async () => {
    const card = await hq.newCustomerCard({ pin: '4826' });
    const pvvHq = await hqWith(KEY_NEW);
    expect((await authenticate(pvvHq.client, card.cardNumber, card.pin)).ok).toBe(true);
    const keyless = await hqWith(null);
    for (const pin of [card.pin, '9513']) {
      const answer = await authenticate(keyless.client, card.cardNumber, pin);
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error).toMatchObject({ kind: 'http', code: 'internalError' });
    }
    expect(await storedPin(card.cardId)).toMatchObject({ failed_pin_attempts: 0, locked: false });
    const { rows } = await hq.db.query<{ outcome: string; reason_codes: string[] }>(
      "SELECT outcome, reason_codes FROM operation_log WHERE card_id = $1 AND outcome = 'error'", [card.cardId]);
    expect(rows).toEqual([{ outcome: 'error', reason_codes: ['pinKeyUnavailable'] }, { outcome: 'error', reason_codes: ['pinKeyUnavailable'] }]);
    expect(keyless.logLines.some((line) => line.includes('which this HQ does not hold'))).toBe(true);
    expect(secretsInLogs(keyless.logLines, { cardNumbers: [card.cardNumber], pins: [card.pin] })).toEqual([]);
  });
});
