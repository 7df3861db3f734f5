import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSessionId, pinBuffer, secretsInLogs, startHarness, STORES, type HqHarness } from './hq-harness';

describe.each(STORES)('card authentication on %s', (kind) => {
  let hq: HqHarness;
  const cardNumbersUsed: string[] = [];
  const pinsUsed: string[] = [];
  beforeAll(async () => { hq = await startHarness(kind, { lockThreshold: 4 }); });
  afterAll(async () => { await hq?.close(); });

  async function card(options: Parameters<HqHarness['newCustomerCard']>[0] = {}) {
    const c = await hq.newCustomerCard(options);
    cardNumbersUsed.push(c.cardNumber);
    pinsUsed.push(c.pin);
    return c;
  }
  const authenticate = (cardNumber: string, pin: string, sessionId = newSessionId(), client = hq.client) =>
    client.authenticateCard({ sessionId, cardNumber, pinDigits: pinBuffer(pin) });
  const counter = async (cardId: number) =>
    (await hq.db.query<{ failed_pin_attempts: number; locked: boolean }>('SELECT failed_pin_attempts, locked_at IS NOT NULL AS locked FROM cards WHERE card_id = $1', [cardId])).rows[0]!;
  const operations = async (cardId: number) =>
    (await hq.db.query<{ operation: string; outcome: string; reason_codes: string[]; card_masked: string }>('SELECT operation, outcome, reason_codes, card_masked FROM operation_log WHERE card_id = $1 ORDER BY entry_id', [cardId])).rows;

  it('answers ok with a masked summary for the right PIN and journals it', async () => {
    const c = await card({ creditLimit: 300_000, balance: 120_000 });
    const sessionId = newSessionId();
    const result = await authenticate(c.cardNumber, c.pin, sessionId);
    expect(result).toEqual({
      ok: true,
      value: {
        outcome: 'ok', sessionId,
        holder: { kind: 'customer', cardMasked: `${c.cardNumber.slice(0, 6)}******${c.cardNumber.slice(-4)}`, nameKanji: '試験 花子', nameKana: 'シケン ハナコ', creditLimit: 300_000, balance: 120_000, available: 180_000 },
      },
    });
    const log = await operations(c.cardId);
    expect(log).toEqual([{ operation: 'cardAuthentication', outcome: 'ok', reason_codes: [], card_masked: expect.stringMatching(/^\d{6}\*{6}\d{4}$/) }]);
  });

  it('locks the card after the policy\'s count of wrong PINs without revealing how many remain', async () => {
    const c = await card({ pin: '4826' });
    const answers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await authenticate(c.cardNumber, '9513');
      expect(r.ok).toBe(true);
      if (r.ok) {
        answers.push(r.value.outcome);
        // A wrong-PIN answer carries nothing but the outcome: no count, no "tries left".
        if (r.value.outcome === 'wrongPin') expect(Object.keys(r.value)).toEqual(['outcome']);
      }
    }
    expect(answers).toEqual(['wrongPin', 'wrongPin', 'wrongPin', 'locked']);
    expect(await counter(c.cardId)).toEqual({ failed_pin_attempts: 4, locked: true });
    // Locked: even the right PIN is refused, and the counter does not move.
    const right = await authenticate(c.cardNumber, c.pin);
    expect(right.ok && right.value.outcome).toBe('locked');
    expect(await counter(c.cardId)).toEqual({ failed_pin_attempts: 4, locked: true });
    const log = await operations(c.cardId);
    expect(log.map((e) => [e.outcome, e.reason_codes])).toEqual([
      ['wrongPin', ['wrongPin']], ['wrongPin', ['wrongPin']], ['wrongPin', ['wrongPin']],
      ['locked', ['wrongPin', 'lockThresholdReached']], ['locked', ['alreadyLocked']],
    ]);
  });

  it('counts consecutive wrong PINs only: a right PIN resets the counter', async () => {
    const c = await card();
    await authenticate(c.cardNumber, '0000');
    await authenticate(c.cardNumber, '0000');
    expect((await counter(c.cardId)).failed_pin_attempts).toBe(2);
    const ok = await authenticate(c.cardNumber, c.pin);
    expect(ok.ok && ok.value.outcome).toBe('ok');
    expect(await counter(c.cardId)).toEqual({ failed_pin_attempts: 0, locked: false });
  });

  it('keeps the counter at the threshold when wrong PINs arrive from two kiosks at once', async () => {
    const c = await card();
    const second = await hq.enrollKiosk();
    const attempts = 12;
    const results = await Promise.all(Array.from({ length: attempts }, (_, i) =>
      authenticate(c.cardNumber, '1590', newSessionId(), i % 2 === 0 ? hq.client : second.client)));
    const outcomes = results.map((r) => (r.ok ? r.value.outcome : `error:${r.error.kind}`));
    // Exactly threshold - 1 plain refusals; every other attempt is answered "locked".
    expect(outcomes.filter((o) => o === 'wrongPin')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'locked')).toHaveLength(attempts - 3);
    expect(await counter(c.cardId)).toEqual({ failed_pin_attempts: 4, locked: true });
    const thresholdReached = (await operations(c.cardId)).filter((e) => e.reason_codes.includes('lockThresholdReached'));
    expect(thresholdReached).toHaveLength(1);
  });

  it('says suspended only after the right PIN, and counts a wrong one', async () => {
    const c = await card({ suspended: true });
    const wrong = await authenticate(c.cardNumber, '7777');
    expect(wrong.ok && wrong.value.outcome).toBe('wrongPin');
    const right = await authenticate(c.cardNumber, c.pin);
    expect(right.ok && right.value).toEqual({ outcome: 'suspended' });
    expect((await counter(c.cardId)).failed_pin_attempts).toBe(0);
  });

  it.each([['lost'], ['stolen']] as const)('tells the kiosk to capture a %s card whatever PIN was typed', async (status) => {
    const c = await card({ status });
    const result = await authenticate(c.cardNumber, c.pin);
    expect(result.ok && result.value).toEqual({ outcome: 'captureCard', reason: status });
    expect((await operations(c.cardId)).map((e) => [e.outcome, e.reason_codes])).toEqual([['captureCard', [status]]]);
  });

  it('refuses an expired card, by status or past its date in Tokyo', async () => {
    const byStatus = await card({ status: 'expired' });
    const r0 = await authenticate(byStatus.cardNumber, byStatus.pin);
    expect(r0.ok && r0.value.outcome).toBe('expired');
    // Valid through 2026-06-09; HQ's clock is 2026-06-10 12:00 in Tokyo.
    const byDate = await card({ expiresOn: '2026-06-09' });
    const r = await authenticate(byDate.cardNumber, byDate.pin);
    expect(r.ok && r.value.outcome).toBe('expired');
    const lastDay = await card({ expiresOn: '2026-06-10' });
    const r2 = await authenticate(lastDay.cardNumber, lastDay.pin);
    expect(r2.ok && r2.value.outcome).toBe('ok');
  });

  it('answers unknownCard for a number HQ never issued', async () => {
    const result = await authenticate('5999999999999999', '4826');
    expect(result.ok && result.value).toEqual({ outcome: 'unknownCard' });
  });

  it('refuses a session that belongs to another card or another kiosk', async () => {
    const a = await card();
    const b = await card();
    const sessionId = newSessionId();
    expect((await authenticate(a.cardNumber, a.pin, sessionId)).ok).toBe(true);
    const otherCard = await authenticate(b.cardNumber, b.pin, sessionId);
    expect(otherCard).toMatchObject({ ok: false, error: { kind: 'http', status: 409, code: 'sessionMismatch' } });
    const other = await hq.enrollKiosk();
    const otherKiosk = await authenticate(a.cardNumber, a.pin, sessionId, other.client);
    expect(otherKiosk).toMatchObject({ ok: false, error: { kind: 'http', status: 404, code: 'sessionNotFound' } });
  });

  it('refuses a replayed PIN block and a block made for another session, changing nothing', async () => {
    const c = await card();
    const sessionId = newSessionId();
    const key = await hq.client.pinEncryptionKey();
    if (!key.ok) throw new Error('no key');
    const { encryptPinBlock } = await import('../../../src/main/hq-client/pin-block');
    const made = encryptPinBlock(pinBuffer('0001'), { kioskId: hq.kioskId, sessionId, purpose: 'authenticate' }, key.value, hq.clock.now);
    if (!made.ok) throw new Error('no block');
    const first = await hq.client.call('authenticateCard', { sessionId, cardNumber: c.cardNumber, pinBlock: made.block });
    expect(first.ok && first.value.outcome).toBe('wrongPin');
    const replay = await hq.client.call('authenticateCard', { sessionId, cardNumber: c.cardNumber, pinBlock: made.block });
    expect(replay).toMatchObject({ ok: false, error: { status: 409, code: 'pinBlockReplayed' } });
    const moved = await hq.client.call('authenticateCard', { sessionId: newSessionId(), cardNumber: c.cardNumber, pinBlock: { ...made.block, nonce: 'AAAAAAAAAAAAAAAAAAAAAA' } });
    expect(moved).toMatchObject({ ok: false, error: { status: 400, code: 'pinBlockInvalid' } });
    expect((await counter(c.cardId)).failed_pin_attempts).toBe(1);
  });

  it('refuses a stale PIN block', async () => {
    const c = await card();
    const sessionId = newSessionId();
    const key = await hq.client.pinEncryptionKey();
    if (!key.ok) throw new Error('no key');
    const { encryptPinBlock } = await import('../../../src/main/hq-client/pin-block');
    const made = encryptPinBlock(pinBuffer(c.pin), { kioskId: hq.kioskId, sessionId, purpose: 'authenticate' }, key.value, new Date(hq.clock.now.getTime() - 6 * 60_000));
    if (!made.ok) throw new Error('no block');
    const result = await hq.client.call('authenticateCard', { sessionId, cardNumber: c.cardNumber, pinBlock: made.block });
    expect(result).toMatchObject({ ok: false, error: { status: 400, code: 'pinBlockStale' } });
  });

  it('never logs a card number, a PIN or a PIN block', () => {
    expect(hq.logLines.length).toBeGreaterThan(10);
    expect(secretsInLogs(hq.logLines, { cardNumbers: cardNumbersUsed, pins: [...pinsUsed, '9513', '1590', '7777'] })).toEqual([]);
  });
});
