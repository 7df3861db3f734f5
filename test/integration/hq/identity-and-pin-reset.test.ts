import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../../src/shared/demo/demo-people';
import type { IdentityDocument } from '../../../src/shared/identity/identity-document';
import { newSessionId, pinBuffer, secretsInLogs, startHarness, STORES, type HqHarness, type TestCard } from './hq-harness';

/** The test customer's licence as the scanner would report it. */
function licence(overrides: Partial<IdentityDocument> = {}): IdentityDocument {
  return {
    kind: 'driversLicence', source: 'ocr', documentNumber: '301234567890', nameKanji: '試験 花子', nameKana: 'シケン ハナコ',
    dateOfBirth: '1988-03-14', expiryDate: '2030-01-01', checks: { documentNumber: 'warning' }, ...overrides,
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

  it('verifies a matching document field by field and tells whether the card is locked', async () => {
    const { sessionId } = await identified({ locked: true, failedPinAttempts: 4 });
    const r = await hq.client.verifyIdentity({ sessionId, document: licence() });
    expect(r).toEqual({ ok: true, value: {
      decision: 'verified', reasons: [], cardLocked: true,
      fields: { name: 'match', dateOfBirth: 'match', documentNumber: 'match', expiry: 'valid', scannerChecks: 'warnings' },
    } });
  });

  it('accepts spacing, width and kana variants of the name', async () => {
    const { sessionId } = await identified();
    const r = await hq.client.verifyIdentity({ sessionId, document: licence({ nameKanji: '試験　花子', nameKana: 'しけん はなこ' }) });
    expect(r.ok && r.value.decision).toBe('verified');
    const { sessionId: s2 } = await identified();
    const r2 = await hq.client.verifyIdentity({ sessionId: s2, document: licence({ nameKanji: '試験花子', nameKana: 'ｼｹﾝ ﾊﾅｺ' }) });
    expect(r2.ok && r2.value.decision).toBe('verified');
  });

  it.each([
    ['someone else\'s name', { nameKanji: '木村 拓也', nameKana: 'キムラ タクヤ' }, 'mismatch', ['nameMismatch']],
    ['another date of birth', { dateOfBirth: '1988-03-15' }, 'mismatch', ['dateOfBirthMismatch']],
    ['another licence number', { documentNumber: '301234567899' }, 'mismatch', ['documentNumberMismatch']],
    ['an expired document', { expiryDate: '2026-06-09' }, 'documentExpired', ['documentExpired']],
    ['a failed scanner check', { checks: { mrz: 'invalid' } }, 'documentInvalid', ['scannerChecksFailed']],
  ] as const)('refuses %s with its reason code', async (_label, overrides, decision, reasons) => {
    const { sessionId } = await identified();
    const r = await hq.client.verifyIdentity({ sessionId, document: licence(overrides as Partial<IdentityDocument>) });
    expect(r.ok && r.value).toMatchObject({ decision, reasons });
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
    expect(ok.ok && ok.value.decision).toBe('verified');
    const expired = await hq.client.verifyIdentity({ sessionId: await open(), document: demoDocument('yamada', 'yamada-licence-expired') });
    expect(expired.ok && expired.value.decision).toBe('documentExpired');
    const other = await hq.client.verifyIdentity({ sessionId: await open(), document: demoDocument('kimura', 'kimura-licence') });
    expect(other.ok && other.value).toMatchObject({ decision: 'mismatch', reasons: expect.arrayContaining(['nameMismatch', 'dateOfBirthMismatch', 'documentNumberMismatch']) });
    // 佐藤's passport (MRZ, Latin name) verifies against her record.
    const satoSession = newSessionId();
    await hq.client.identifyCard({ sessionId: satoSession, cardNumber: demoPerson('sato').cardNumber! });
    const passport = await hq.client.verifyIdentity({ sessionId: satoSession, document: demoDocument('sato', 'sato-passport') });
    expect(passport.ok && passport.value.decision).toBe('verified');
  });

  it('stops comparing after the policy\'s number of failed attempts in one session', async () => {
    const { sessionId } = await identified();
    for (let i = 0; i < 3; i++) {
      const r = await hq.client.verifyIdentity({ sessionId, document: licence({ dateOfBirth: '1970-01-01' }) });
      expect(r.ok && r.value.decision).toBe('mismatch');
    }
    const blocked = await hq.client.verifyIdentity({ sessionId, document: licence() });
    expect(blocked.ok && blocked.value).toEqual({ decision: 'tooManyAttempts', reasons: ['tooManyAttempts'] });
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
    expect((await hq.client.verifyIdentity({ sessionId, document: licence() })).ok).toBe(true);
    const r = await hq.client.resetPin({ sessionId, newPinDigits: pinBuffer(pin) });
    expect(r.ok && r.value).toEqual({ outcome: 'weakPin', reason });
  });

  it('re-sets the PIN after identity verification: the lock clears and only the new PIN works', async () => {
    const { card, sessionId } = await identified({ locked: true, failedPinAttempts: 4 });
    expect((await hq.client.verifyIdentity({ sessionId, document: licence() })).ok).toBe(true);
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
    await hq.client.verifyIdentity({ sessionId, document: licence() });
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
    await hq.client.verifyIdentity({ sessionId, document: licence() });
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
