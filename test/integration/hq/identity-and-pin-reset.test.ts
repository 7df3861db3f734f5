/**
 * The customer's own way through a forgotten PIN or a locked card, over
 * real HTTP on PGlite and PostgreSQL: card identified, a document verified
 * by HQ, then a new PIN or a cleared lock. The customer route answers only
 * `verified` or `notAccepted` with a customer-safe class (issue 13); which
 * field failed is for staff (staff-assist.test.ts). The counting of refused
 * documents, the identity lock and the alerts: identity-assurance.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../../src/shared/demo/demo-people';
import type { IdentityDocument } from '../../../src/shared/identity/identity-document';
import { newSessionId, pinBuffer, secretsInLogs, startHarness, STORES, type HqHarness, type TestCard } from './hq-harness';

/** The test customer's licence as the scanner would report it (its licence is on file, harness default). */
function licence(overrides: Partial<IdentityDocument> = {}): IdentityDocument {
  return {
    kind: 'driversLicence', source: 'ocr', documentNumber: '301234567890', nameKanji: '試験 花子', nameKana: 'シケン ハナコ',
    dateOfBirth: '1988-03-14', expiryDate: '2030-01-01', checks: { documentNumber: 'valid', nameKanji: 'valid' }, ...overrides,
  };
}

/** A demo person's document, as the ID-scanner simulator would report it. */
function demoDocument(personKey: string, documentId: string): IdentityDocument {
  const person = demoPerson(personKey);
  const d = person.documents.find((x) => x.id === documentId)!;
  const mrz = d.kind === 'passport' || d.kind === 'mrzIdCard';
  return {
    kind: d.kind, source: mrz ? 'mrz' : 'ocr', ...(d.documentNumber ? { documentNumber: d.documentNumber } : {}),
    ...(mrz ? { surname: person.nameLatin.surname, givenNames: person.nameLatin.givenNames } : { nameKanji: person.nameKanji, nameKana: person.nameKana }),
    dateOfBirth: person.dateOfBirth, expiryDate: d.expiryDate, checks: {},
  };
}

describe.each(STORES)('identity verification, PIN re-set and lock clearing on %s', (kind) => {
  let hq: HqHarness;
  const cards: TestCard[] = [];
  beforeAll(async () => { hq = await startHarness(kind, { seed: true }); });
  afterAll(async () => { await hq?.close(); });

  async function identified(options: Parameters<HqHarness['newCustomerCard']>[0] = {}) {
    const card = await hq.newCustomerCard(options);
    cards.push(card);
    const sessionId = newSessionId();
    const r = await hq.client.identifyCard({ sessionId, cardNumber: card.cardNumber });
    expect(r.ok && r.value.outcome).toBe('cardIdentified');
    return { card, sessionId };
  }
  const cardState = async (cardId: number) =>
    (await hq.db.query<{ failed_pin_attempts: number; locked: boolean }>('SELECT failed_pin_attempts, locked_at IS NOT NULL AS locked FROM cards WHERE card_id = $1', [cardId])).rows[0]!;

  it('verifies a registered document and tells whether the card is locked, and nothing more', async () => {
    const { sessionId } = await identified({ locked: true, failedPinAttempts: 4 });
    const r = await hq.client.verifyIdentity({ sessionId, document: licence() });
    expect(r).toEqual({ ok: true, value: { decision: 'verified', cardLocked: true } });
  });

  it('accepts spacing, width and kana variants of the name', async () => {
    const { sessionId } = await identified();
    const r = await hq.client.verifyIdentity({ sessionId, document: licence({ nameKanji: '試験　花子', nameKana: 'しけん はなこ' }) });
    expect(r.ok && r.value.decision).toBe('verified');
    const { sessionId: s2 } = await identified();
    const r2 = await hq.client.verifyIdentity({ sessionId: s2, document: licence({ nameKanji: '試験花子', nameKana: 'ｼｹﾝ ﾊﾅｺ', documentNumber: '3012-3456-7890' }) });
    expect(r2.ok && r2.value.decision).toBe('verified');
  });

  it.each([
    ['someone else\'s name', { nameKanji: '木村 拓也', nameKana: 'キムラ タクヤ' }, 'notAcceptedHere'],
    ['another date of birth', { dateOfBirth: '1988-03-15' }, 'notAcceptedHere'],
    ['another licence number', { documentNumber: '301234567899' }, 'notAcceptedHere'],
    ['a licence without its number', { documentNumber: undefined }, 'notAcceptedHere'],
    ['an expired document', { expiryDate: '2026-06-09' }, 'expired'],
    ['a failed scanner check', { checks: { mrz: 'invalid' } }, 'unreadable'],
    ['a scanner warning (not enough with nobody watching)', { checks: { documentNumber: 'warning' } }, 'unreadable'],
    ['a document without an expiry date', { expiryDate: undefined }, 'unreadable'],
  ] as const)('refuses %s with only a class: %s', async (_label, overrides, reason) => {
    const { sessionId } = await identified();
    const r = await hq.client.verifyIdentity({ sessionId, document: licence(overrides as Partial<IdentityDocument>) });
    expect(r).toEqual({ ok: true, value: { decision: 'notAccepted', reason } });
  });

  it('matches the demo cast: 山田\'s licence verifies, his expired licence and 木村\'s licence do not', async () => {
    const yamada = demoPerson('yamada').cardNumber!;
    const open = async () => {
      const sessionId = newSessionId();
      const r = await hq.client.identifyCard({ sessionId, cardNumber: yamada });
      expect(r.ok && r.value.outcome).toBe('cardIdentified');
      return sessionId;
    };
    const ok = await hq.client.verifyIdentity({ sessionId: await open(), document: demoDocument('yamada', 'yamada-licence') });
    expect(ok.ok && ok.value).toEqual({ decision: 'verified', cardLocked: false });
    const expired = await hq.client.verifyIdentity({ sessionId: await open(), document: demoDocument('yamada', 'yamada-licence-expired') });
    expect(expired.ok && expired.value).toEqual({ decision: 'notAccepted', reason: 'expired' });
    const other = await hq.client.verifyIdentity({ sessionId: await open(), document: demoDocument('kimura', 'kimura-licence') });
    expect(other.ok && other.value).toEqual({ decision: 'notAccepted', reason: 'notAcceptedHere' });
    // Two refusals so far: a verified licence starts the count again.
    expect((await hq.client.verifyIdentity({ sessionId: await open(), document: demoDocument('yamada', 'yamada-licence') })).ok).toBe(true);
    const count = await hq.db.query<{ identity_failures: number }>('SELECT identity_failures FROM customers WHERE member_number = $1', ['100000001']);
    expect(count.rows[0]!.identity_failures).toBe(0);
    // 佐藤's passport (MRZ, Latin name) is on file and verifies against her record.
    const satoSession = newSessionId();
    await hq.client.identifyCard({ sessionId: satoSession, cardNumber: demoPerson('sato').cardNumber! });
    const passport = await hq.client.verifyIdentity({ sessionId: satoSession, document: demoDocument('sato', 'sato-passport') });
    expect(passport.ok && passport.value.decision).toBe('verified');
  });

  it('stops comparing once the customer is identity-locked: the registered document is then refused too', async () => {
    const { card, sessionId } = await identified();
    for (let i = 0; i < 2; i++) {
      const r = await hq.client.verifyIdentity({ sessionId, document: licence({ dateOfBirth: '1970-01-01' }) });
      expect(r.ok && r.value).toEqual({ decision: 'notAccepted', reason: 'notAcceptedHere' });
    }
    // The third refusal locks, and says so.
    expect(await hq.client.verifyIdentity({ sessionId, document: licence({ dateOfBirth: '1970-01-01' }) })).toEqual({ ok: true, value: { decision: 'notAccepted', reason: 'tryStaff' } });
    const blocked = await hq.client.verifyIdentity({ sessionId, document: licence() });
    expect(blocked.ok && blocked.value).toEqual({ decision: 'notAccepted', reason: 'tryStaff' });
    // In a new session too, and the PIN cannot be re-set.
    const again = newSessionId();
    await hq.client.identifyCard({ sessionId: again, cardNumber: card.cardNumber });
    expect(await hq.client.verifyIdentity({ sessionId: again, document: licence() })).toEqual({ ok: true, value: { decision: 'notAccepted', reason: 'tryStaff' } });
    expect(await hq.client.resetPin({ sessionId: again, newPinDigits: pinBuffer('3971') })).toMatchObject({ ok: false, error: { status: 403, code: 'identityNotVerified' } });
  });

  it('answers a suspended account contactUs without comparing, and refuses its PIN re-set and lock clear even in a verified session', async () => {
    const { card, sessionId } = await identified({ suspended: true, locked: true, failedPinAttempts: 4 });
    expect(await hq.client.verifyIdentity({ sessionId, document: licence() })).toEqual({ ok: true, value: { decision: 'notAccepted', reason: 'contactUs' } });
    expect(await hq.client.verifyIdentity({ sessionId, document: licence({ dateOfBirth: '1970-01-01' }) })).toEqual({ ok: true, value: { decision: 'notAccepted', reason: 'contactUs' } });
    const counted = await hq.db.query<{ identity_failures: number }>('SELECT identity_failures FROM customers WHERE customer_id = $1', [card.customerId]);
    expect(counted.rows[0]!.identity_failures).toBe(0);
    expect(await hq.client.resetPin({ sessionId, newPinDigits: pinBuffer('3971') })).toMatchObject({ ok: false, error: { status: 403, code: 'identityNotVerified' } });

    // Defence in depth: a session verified before the account was suspended.
    const { card: later, sessionId: verified } = await identified({ locked: true, failedPinAttempts: 4 });
    expect(await hq.client.verifyIdentity({ sessionId: verified, document: licence() })).toEqual({ ok: true, value: { decision: 'verified', cardLocked: true } });
    await hq.db.query('UPDATE customers SET suspended = true WHERE customer_id = $1', [later.customerId]);
    expect(await hq.client.resetPin({ sessionId: verified, newPinDigits: pinBuffer('3971') })).toMatchObject({ ok: false, error: { kind: 'http', status: 403, code: 'accountSuspended' } });
    expect(await hq.client.clearLock({ sessionId: verified })).toMatchObject({ ok: false, error: { kind: 'http', status: 403, code: 'accountSuspended' } });
    expect(await cardState(later.cardId)).toEqual({ failed_pin_attempts: 4, locked: true });
    const log = (await hq.db.query<{ operation: string; outcome: string; reason_codes: string[] }>(
      `SELECT operation, outcome, reason_codes FROM operation_log WHERE card_id = $1 AND operation IN ('pinReset', 'lockClear') ORDER BY entry_id`, [later.cardId])).rows;
    expect(log).toEqual([
      { operation: 'pinReset', outcome: 'refused', reason_codes: ['accountSuspended'] },
      { operation: 'lockClear', outcome: 'refused', reason_codes: ['accountSuspended'] },
    ]);
  });

  it('refuses a PIN re-set and a lock clear without a verified identity, changing nothing', async () => {
    const { card, sessionId } = await identified({ locked: true, failedPinAttempts: 4 });
    const reset = await hq.client.resetPin({ sessionId, newPinDigits: pinBuffer('3971') });
    expect(reset).toMatchObject({ ok: false, error: { kind: 'http', status: 403, code: 'identityNotVerified' } });
    const clear = await hq.client.clearLock({ sessionId });
    expect(clear).toMatchObject({ ok: false, error: { kind: 'http', status: 403, code: 'identityNotVerified' } });
    expect(await cardState(card.cardId)).toEqual({ failed_pin_attempts: 4, locked: true });
  });

  it.each([
    ['1111', 'repeatedDigits'], ['1234', 'sequential'], ['0314', 'birthDate'], ['1988', 'birthDate'],
  ] as const)('refuses the weak PIN %s (%s)', async (pin, reason) => {
    const { sessionId } = await identified();
    expect(await hq.client.verifyIdentity({ sessionId, document: licence() })).toEqual({ ok: true, value: { decision: 'verified', cardLocked: expect.any(Boolean) } });
    const r = await hq.client.resetPin({ sessionId, newPinDigits: pinBuffer(pin) });
    expect(r.ok && r.value).toEqual({ outcome: 'weakPin', reason });
  });

  it('re-sets the PIN after identity verification: the lock clears and only the new PIN works', async () => {
    const { card, sessionId } = await identified({ locked: true, failedPinAttempts: 4 });
    expect(await hq.client.verifyIdentity({ sessionId, document: licence() })).toEqual({ ok: true, value: { decision: 'verified', cardLocked: expect.any(Boolean) } });
    const r = await hq.client.resetPin({ sessionId, newPinDigits: pinBuffer('3971') });
    expect(r.ok && r.value).toEqual({ outcome: 'pinChanged', lockCleared: true });
    expect(await cardState(card.cardId)).toEqual({ failed_pin_attempts: 0, locked: false });
    const old = await hq.client.authenticateCard({ sessionId: newSessionId(), cardNumber: card.cardNumber, pinDigits: pinBuffer(card.pin) });
    expect(old.ok && old.value.outcome).toBe('wrongPin');
    const fresh = await hq.client.authenticateCard({ sessionId: newSessionId(), cardNumber: card.cardNumber, pinDigits: pinBuffer('3971') });
    expect(fresh.ok && fresh.value.outcome).toBe('ok');
    const log = (await hq.db.query<{ operation: string; outcome: string; reason_codes: string[] }>(
      `SELECT operation, outcome, reason_codes FROM operation_log WHERE card_id = $1 AND operation = 'pinReset'`, [card.cardId])).rows;
    expect(log).toEqual([{ operation: 'pinReset', outcome: 'pinChanged', reason_codes: ['identityVerified', 'lockCleared'] }]);
  });

  it('refuses a PIN block made for authentication as a new PIN', async () => {
    const { sessionId } = await identified();
    expect(await hq.client.verifyIdentity({ sessionId, document: licence() })).toMatchObject({ ok: true, value: { decision: 'verified' } });
    const key = await hq.client.pinEncryptionKey();
    if (!key.ok) throw new Error('no key');
    const { encryptPinBlock } = await import('../../../src/main/hq-client/pin-block');
    const made = encryptPinBlock(pinBuffer('3971'), { kioskId: hq.kioskId, sessionId, purpose: 'authenticate' }, key.value, hq.clock.now);
    if (!made.ok) throw new Error('no block');
    const r = await hq.client.call('resetPin', { sessionId, newPinBlock: made.block });
    expect(r).toMatchObject({ ok: false, error: { status: 400, code: 'pinBlockInvalid' } });
  });

  it('clears a lock after identity verification and keeps the PIN', async () => {
    const { card, sessionId } = await identified({ locked: true, failedPinAttempts: 4 });
    expect(await hq.client.verifyIdentity({ sessionId, document: licence() })).toMatchObject({ ok: true, value: { decision: 'verified' } });
    const r = await hq.client.clearLock({ sessionId });
    expect(r.ok && r.value).toEqual({ outcome: 'lockCleared', wasLocked: true });
    expect(await cardState(card.cardId)).toEqual({ failed_pin_attempts: 0, locked: false });
    const again = await hq.client.authenticateCard({ sessionId: newSessionId(), cardNumber: card.cardNumber, pinDigits: pinBuffer(card.pin) });
    expect(again.ok && again.value.outcome).toBe('ok');
  });

  it('refuses an ended or idle session', async () => {
    const { sessionId } = await identified();
    expect((await hq.client.endSession({ sessionId })).ok).toBe(true);
    const ended = await hq.client.verifyIdentity({ sessionId, document: licence() });
    expect(ended).toMatchObject({ ok: false, error: { status: 409, code: 'sessionExpired' } });
    const { sessionId: idle } = await identified();
    const start = hq.clock.now;
    hq.clock.now = new Date(start.getTime() + 11 * 60_000);
    try {
      const r = await hq.client.verifyIdentity({ sessionId: idle, document: licence() });
      expect(r).toMatchObject({ ok: false, error: { status: 409, code: 'sessionExpired' } });
    } finally {
      hq.clock.now = start;
    }
  });

  it('answers operatorCard for a staff card and capture for a lost card on the no-PIN path', async () => {
    const staff = await hq.client.identifyCard({ sessionId: newSessionId(), cardNumber: demoPerson('ito').cardNumber! });
    expect(staff.ok && staff.value).toEqual({ outcome: 'operatorCard' });
    const lost = await hq.client.identifyCard({ sessionId: newSessionId(), cardNumber: demoPerson('tanaka').cardNumber! });
    expect(lost.ok && lost.value).toEqual({ outcome: 'captureCard', reason: 'lost' });
  });

  it('never logs a card number, a PIN or a PIN block', () => {
    expect(secretsInLogs(hq.logLines, { cardNumbers: cards.map((c) => c.cardNumber), pins: ['3971', '4826'] })).toEqual([]);
  });
});
