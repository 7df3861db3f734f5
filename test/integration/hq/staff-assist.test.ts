import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityDocument } from '../../../src/shared/identity/identity-document';
import { demoPerson } from '../../../src/shared/demo/demo-people';
import { demoPin } from '../../../src/hq/seed/seed-demo';
import { newSessionId, pinBuffer, secretsInLogs, startHarness, STORES, type HqHarness, type TestCard } from './hq-harness';
import { bundle } from '../../support/diagnostics-bundle-fixture';

/**
 * Staff-assisted operations and diagnostics upload over real HTTP, on
 * PGlite and PostgreSQL (issue 8). HQ, not the kiosk, enforces the order of
 * proof (lookup, verified document, staff confirmation) and the operator's
 * role on every call.
 */

function licence(overrides: Partial<IdentityDocument> = {}): IdentityDocument {
  return {
    kind: 'driversLicence', source: 'ocr', documentNumber: '301234567890', nameKanji: '試験 花子', nameKana: 'シケン ハナコ',
    dateOfBirth: '1988-03-14', expiryDate: '2030-01-01', checks: { documentNumber: 'warning' }, ...overrides,
  };
}

/** A passport of the test customer that HQ has no copy of. */
function passport(overrides: Partial<IdentityDocument> = {}): IdentityDocument {
  return {
    kind: 'passport', source: 'mrz', documentNumber: 'TS1234567', surname: 'SHIKEN', givenNames: 'HANAKO',
    dateOfBirth: '1988-03-14', expiryDate: '2031-01-01', checks: { documentNumber: 'valid', dateOfBirth: 'valid' }, ...overrides,
  };
}

describe.each(STORES)('staff-assisted operations on %s', (kind) => {
  let hq: HqHarness;
  const cards: TestCard[] = [];
  beforeAll(async () => { hq = await startHarness(kind, { seed: true }); });
  afterAll(async () => { await hq?.close(); });

  async function operatorSession(person: 'ito' | 'watanabe'): Promise<string> {
    const sessionId = newSessionId();
    const r = await hq.client.authenticateCard({ sessionId, cardNumber: demoPerson(person).cardNumber!, pinDigits: pinBuffer(demoPin(person)) });
    expect(r.ok && r.value.outcome === 'ok' && r.value.holder.kind).toBe('operator');
    return sessionId;
  }
  async function lockedCustomer(options: Parameters<HqHarness['newCustomerCard']>[0] = {}) {
    const card = await hq.newCustomerCard({ locked: true, failedPinAttempts: 4, ...options });
    cards.push(card);
    const member = (await hq.db.query<{ member_number: string }>('SELECT member_number FROM customers WHERE customer_id = $1', [card.customerId])).rows[0]!.member_number;
    return { card, member };
  }
  const cardState = async (cardId: number) =>
    (await hq.db.query<{ failed_pin_attempts: number; locked: boolean }>('SELECT failed_pin_attempts, locked_at IS NOT NULL AS locked FROM cards WHERE card_id = $1', [cardId])).rows[0]!;
  const identityState = async (customerId: number) =>
    (await hq.db.query<{ identity_failures: number; locked: boolean }>('SELECT identity_failures, identity_locked_at IS NOT NULL AS locked FROM customers WHERE customer_id = $1', [customerId])).rows[0]!;
  const documentsOnFile = async (customerId: number) =>
    (await hq.db.query<{ kind: string; document_number: string; recorded_by: string | null }>(
      'SELECT kind, document_number, recorded_by FROM identity_documents_on_file WHERE customer_id = $1 ORDER BY document_id', [customerId])).rows;

  it('unlocks a locked customer end to end: lookup, per-field check, confirmation, lock clear, the customer\'s new PIN', async () => {
    const staff = await operatorSession('ito');
    const { card } = await lockedCustomer();
    const found = await hq.client.staffLookupCustomer({ sessionId: staff, by: { kind: 'card', cardNumber: card.cardNumber } });
    expect(found.ok && found.value).toEqual({ outcome: 'found', customer: expect.objectContaining({ nameKanji: '試験 花子', locked: true, suspended: false, cardStatus: 'active' }) });
    if (!found.ok || found.value.outcome !== 'found') throw new Error('not found');
    expect(found.value.customer.cardMasked).toMatch(/^\d{6}\*+\d{4}$/);

    // Nothing changes before the document is verified and confirmed.
    expect(await hq.client.staffClearLock({ sessionId: staff })).toMatchObject({ ok: true, value: { outcome: 'refused', reason: 'identityNotVerified' } });

    const wrong = await hq.client.staffVerifyIdentity({ sessionId: staff, document: licence({ dateOfBirth: '1970-01-01' }) });
    expect(wrong.ok && wrong.value).toMatchObject({ decision: 'mismatch', fields: { name: 'match', dateOfBirth: 'mismatch', documentNumber: 'match' } });
    expect(await hq.client.staffConfirmIdentity({ sessionId: staff })).toMatchObject({ ok: true, value: { outcome: 'refused', reason: 'identityNotVerified' } });

    const right = await hq.client.staffVerifyIdentity({ sessionId: staff, document: licence() });
    expect(right.ok && right.value).toMatchObject({ decision: 'verified', cardLocked: true });
    expect(await hq.client.staffClearLock({ sessionId: staff })).toMatchObject({ ok: true, value: { outcome: 'refused', reason: 'notConfirmed' } });
    expect(await hq.client.staffConfirmIdentity({ sessionId: staff })).toEqual({ ok: true, value: { outcome: 'confirmed' } });
    expect(await hq.client.staffClearLock({ sessionId: staff })).toEqual({ ok: true, value: { outcome: 'lockCleared', wasLocked: true } });
    expect(await cardState(card.cardId)).toEqual({ failed_pin_attempts: 0, locked: false });

    expect(await hq.client.staffResetPin({ sessionId: staff, newPinDigits: pinBuffer('1234') })).toEqual({ ok: true, value: { outcome: 'weakPin', reason: 'sequential' } });
    expect(await hq.client.staffResetPin({ sessionId: staff, newPinDigits: pinBuffer('4815') })).toEqual({ ok: true, value: { outcome: 'pinChanged', lockCleared: false } });
    const fresh = await hq.client.authenticateCard({ sessionId: newSessionId(), cardNumber: card.cardNumber, pinDigits: pinBuffer('4815') });
    expect(fresh.ok && fresh.value.outcome).toBe('ok');

    const log = (await hq.db.query<{ operation: string; outcome: string; staff_id: string | null; card_masked: string | null }>(
      `SELECT operation, outcome, detail->>'staffId' AS staff_id, card_masked FROM operation_log WHERE session_id = $1 ORDER BY entry_id`, [staff])).rows;
    expect(log.map((l) => `${l.operation}:${l.outcome}`)).toEqual([
      'cardAuthentication:ok', 'staffLookup:found', 'staffLockClear:refused', 'staffIdentityVerification:mismatch',
      'staffIdentityConfirmation:refused', 'staffIdentityVerification:verified', 'staffLockClear:refused', 'staffIdentityConfirmation:confirmed',
      // The refused document counted against the customer; the registered one, confirmed, clears the count.
      'identityLockClear:failuresCleared', 'staffLockClear:lockCleared', 'staffPinReset:weakPin', 'staffPinReset:pinChanged',
    ]);
    expect(log.slice(1).every((l) => l.staff_id === 'STAFF-ITO')).toBe(true);
    expect(JSON.stringify(log)).not.toContain(card.cardNumber);
  });

  it('finds a customer by member number and says a suspended account is suspended; the lock and PIN are refused for that reason', async () => {
    const staff = await operatorSession('ito');
    const { card, member } = await lockedCustomer({ suspended: true });
    const found = await hq.client.staffLookupCustomer({ sessionId: staff, by: { kind: 'memberNumber', memberNumber: member } });
    expect(found.ok && found.value).toMatchObject({ outcome: 'found', customer: { memberNumber: member, suspended: true, locked: true } });
    expect((await hq.client.staffVerifyIdentity({ sessionId: staff, document: licence() })).ok).toBe(true);
    expect(await hq.client.staffConfirmIdentity({ sessionId: staff })).toEqual({ ok: true, value: { outcome: 'confirmed' } });
    expect(await hq.client.staffClearLock({ sessionId: staff })).toEqual({ ok: true, value: { outcome: 'refused', reason: 'accountSuspended' } });
    expect(await hq.client.staffResetPin({ sessionId: staff, newPinDigits: pinBuffer('4815') })).toEqual({ ok: true, value: { outcome: 'refused', reason: 'accountSuspended' } });
    expect(await cardState(card.cardId)).toEqual({ failed_pin_attempts: 4, locked: true });
  });

  it('changes nothing on a suspended customer\'s file on confirmation: the identity lock stays, no document is registered', async () => {
    const staff = await operatorSession('ito');
    const { card, member } = await lockedCustomer({ suspended: true });
    await hq.db.query('UPDATE customers SET identity_failures = 3, identity_locked_at = now() WHERE customer_id = $1', [card.customerId]);
    await hq.client.staffLookupCustomer({ sessionId: staff, by: { kind: 'memberNumber', memberNumber: member } });
    expect(await hq.client.staffVerifyIdentity({ sessionId: staff, document: licence() })).toMatchObject({ ok: true, value: { decision: 'verified' } });
    expect(await hq.client.staffConfirmIdentity({ sessionId: staff })).toEqual({ ok: true, value: { outcome: 'confirmed' } });
    expect((await hq.client.staffVerifyIdentity({ sessionId: staff, document: passport() })).ok).toBe(true);
    expect(await hq.client.staffConfirmIdentity({ sessionId: staff })).toEqual({ ok: true, value: { outcome: 'confirmed' } });
    expect(await identityState(card.customerId)).toEqual({ identity_failures: 3, locked: true });
    expect(await documentsOnFile(card.customerId)).toEqual([{ kind: 'driversLicence', document_number: '301234567890', recorded_by: null }]);
  });

  it('refuses the demo suspended customer (鈴木, member 100000003) in the same way', async () => {
    const staff = await operatorSession('ito');
    const found = await hq.client.staffLookupCustomer({ sessionId: staff, by: { kind: 'card', cardNumber: demoPerson('suzuki').cardNumber! } });
    expect(found.ok && found.value).toMatchObject({ outcome: 'found', customer: { memberNumber: '100000003', suspended: true, locked: false } });
    expect(await hq.client.staffClearLock({ sessionId: staff })).toEqual({ ok: true, value: { outcome: 'refused', reason: 'accountSuspended' } });
  });

  it('answers lookups that find nothing, another operator\'s card, and a lost card to capture', async () => {
    const staff = await operatorSession('ito');
    expect(await hq.client.staffLookupCustomer({ sessionId: staff, by: { kind: 'memberNumber', memberNumber: '999999999' } })).toEqual({ ok: true, value: { outcome: 'notFound' } });
    expect(await hq.client.staffLookupCustomer({ sessionId: staff, by: { kind: 'card', cardNumber: demoPerson('watanabe').cardNumber! } })).toEqual({ ok: true, value: { outcome: 'operatorCard' } });
    expect(await hq.client.staffLookupCustomer({ sessionId: staff, by: { kind: 'card', cardNumber: demoPerson('tanaka').cardNumber! } })).toEqual({ ok: true, value: { outcome: 'captureCard', reason: 'lost' } });
  });

  it('refuses a full-width member number at HQ: the kiosk folds it before sending', async () => {
    const staff = await operatorSession('ito');
    const r = await hq.client.staffLookupCustomer({ sessionId: staff, by: { kind: 'memberNumber', memberNumber: '１０００００００５' } });
    expect(r).toMatchObject({ ok: false, error: { kind: 'http', status: 400, code: 'malformedRequest' } });
  });

  it('checks the role on every call: a technician, a customer and an unauthenticated session are refused', async () => {
    const tech = await operatorSession('watanabe');
    expect(await hq.client.staffLookupCustomer({ sessionId: tech, by: { kind: 'memberNumber', memberNumber: '100000005' } }))
      .toMatchObject({ ok: false, error: { status: 403, code: 'operatorNotPermitted' } });
    const { card } = await lockedCustomer();
    const customerSession = newSessionId();
    const auth = await hq.client.authenticateCard({ sessionId: customerSession, cardNumber: demoPerson('yamada').cardNumber!, pinDigits: pinBuffer(demoPin('yamada')) });
    expect(auth.ok && auth.value.outcome).toBe('ok');
    expect(await hq.client.staffLookupCustomer({ sessionId: customerSession, by: { kind: 'card', cardNumber: card.cardNumber } }))
      .toMatchObject({ ok: false, error: { status: 403, code: 'notOperatorSession' } });
    const identifyOnly = newSessionId();
    await hq.client.identifyCard({ sessionId: identifyOnly, cardNumber: card.cardNumber });
    expect(await hq.client.staffClearLock({ sessionId: identifyOnly })).toMatchObject({ ok: false, error: { status: 403, code: 'notAuthenticated' } });
    const staff = await operatorSession('ito');
    expect(await hq.client.staffVerifyIdentity({ sessionId: staff, document: licence() })).toMatchObject({ ok: false, error: { status: 409, code: 'noCustomerSelected' } });
    // Another kiosk cannot use this kiosk's staff session.
    const other = await hq.enrollKiosk();
    expect(await other.client.staffLookupCustomer({ sessionId: staff, by: { kind: 'card', cardNumber: card.cardNumber } })).toMatchObject({ ok: false, error: { status: 404, code: 'sessionNotFound' } });
    expect(await cardState(card.cardId)).toEqual({ failed_pin_attempts: 4, locked: true });
  });

  it('a new lookup of the same customer keeps the failed attempts, and a lookup of another clears what was proven', async () => {
    const staff = await operatorSession('ito');
    const { card } = await lockedCustomer();
    const byCard = { sessionId: staff, by: { kind: 'card' as const, cardNumber: card.cardNumber } };
    await hq.client.staffLookupCustomer(byCard);
    for (let i = 0; i < 3; i++) await hq.client.staffVerifyIdentity({ sessionId: staff, document: licence({ dateOfBirth: '1970-01-01' }) });
    await hq.client.staffLookupCustomer(byCard);
    expect(await hq.client.staffVerifyIdentity({ sessionId: staff, document: licence() })).toEqual({ ok: true, value: { decision: 'tooManyAttempts', reasons: ['tooManyAttempts'] } });
    // The cap is the operator session's, whoever it looks up next.
    const { card: second } = await lockedCustomer();
    const bySecond = { sessionId: staff, by: { kind: 'card' as const, cardNumber: second.cardNumber } };
    await hq.client.staffLookupCustomer(bySecond);
    expect(await hq.client.staffVerifyIdentity({ sessionId: staff, document: licence() })).toEqual({ ok: true, value: { decision: 'tooManyAttempts', reasons: ['tooManyAttempts'] } });
    // In a new operator session: what was proven about one customer does not carry over to another.
    const fresh = await operatorSession('ito');
    await hq.client.staffLookupCustomer({ ...bySecond, sessionId: fresh });
    expect(await hq.client.staffVerifyIdentity({ sessionId: fresh, document: licence() })).toMatchObject({ ok: true, value: { decision: 'verified' } });
    expect(await hq.client.staffConfirmIdentity({ sessionId: fresh })).toEqual({ ok: true, value: { outcome: 'confirmed' } });
    await hq.client.staffLookupCustomer({ ...byCard, sessionId: fresh });
    expect(await hq.client.staffClearLock({ sessionId: fresh })).toMatchObject({ ok: true, value: { outcome: 'refused', reason: 'identityNotVerified' } });
  });

  it('alternate lookups (A, B, A) give nothing back: the customer\'s count and the session\'s cap both hold', async () => {
    const staff = await operatorSession('ito');
    const { card: a } = await lockedCustomer();
    const { card: b } = await lockedCustomer();
    const lookup = (card: TestCard) => hq.client.staffLookupCustomer({ sessionId: staff, by: { kind: 'card', cardNumber: card.cardNumber } });
    await lookup(a);
    for (let i = 0; i < 2; i++) {
      expect(await hq.client.staffVerifyIdentity({ sessionId: staff, document: licence({ dateOfBirth: '1970-01-01' }) })).toMatchObject({ ok: true, value: { decision: 'mismatch' } });
    }
    await lookup(b);
    await lookup(a);
    expect(await hq.client.staffVerifyIdentity({ sessionId: staff, document: licence({ dateOfBirth: '1970-01-01' }) })).toMatchObject({ ok: true, value: { decision: 'mismatch' } });
    expect(await identityState(a.customerId)).toEqual({ identity_failures: 3, locked: true });
    expect(await identityState(b.customerId)).toEqual({ identity_failures: 0, locked: false });
    await lookup(b);
    await lookup(a);
    expect(await hq.client.staffVerifyIdentity({ sessionId: staff, document: licence() })).toEqual({ ok: true, value: { decision: 'tooManyAttempts', reasons: ['tooManyAttempts'] } });
    // Another operator session sees A identity-locked; the customer route refuses A at once.
    const other = await operatorSession('ito');
    const found = await hq.client.staffLookupCustomer({ sessionId: other, by: { kind: 'card', cardNumber: a.cardNumber } });
    expect(found.ok && found.value).toMatchObject({ outcome: 'found', customer: { identityLocked: true, locked: true } });
    const customerSession = newSessionId();
    await hq.client.identifyCard({ sessionId: customerSession, cardNumber: a.cardNumber });
    expect(await hq.client.verifyIdentity({ sessionId: customerSession, document: licence({ checks: {} }) })).toEqual({ ok: true, value: { decision: 'notAccepted', reason: 'tryStaff' } });
  });

  it('shows the identity lock at lookup and clears it on confirming a registered document; the customer route accepts again', async () => {
    const { card, member } = await lockedCustomer();
    const customerSession = newSessionId();
    await hq.client.identifyCard({ sessionId: customerSession, cardNumber: card.cardNumber });
    // At the machine the scanner's checks must all pass (this file's licence carries a check-digit warning, which staff may look past).
    for (let i = 0; i < 3; i++) await hq.client.verifyIdentity({ sessionId: customerSession, document: licence({ documentNumber: '301234567899', checks: {} }) });
    expect(await identityState(card.customerId)).toEqual({ identity_failures: 3, locked: true });

    const staff = await operatorSession('ito');
    const found = await hq.client.staffLookupCustomer({ sessionId: staff, by: { kind: 'memberNumber', memberNumber: member } });
    expect(found.ok && found.value).toMatchObject({ outcome: 'found', customer: { identityLocked: true, locked: true, suspended: false } });
    // Staff still get the per-field answer while the customer is identity-locked.
    expect(await hq.client.staffVerifyIdentity({ sessionId: staff, document: licence({ documentNumber: '301234567899' }) }))
      .toMatchObject({ ok: true, value: { decision: 'mismatch', fields: { name: 'match', dateOfBirth: 'match', documentNumber: 'mismatch' }, reasons: ['documentNumberMismatch'] } });
    expect(await hq.client.staffVerifyIdentity({ sessionId: staff, document: licence() })).toMatchObject({ ok: true, value: { decision: 'verified', fields: { documentNumber: 'match' } } });
    expect(await identityState(card.customerId)).toEqual({ identity_failures: 4, locked: true });
    expect(await hq.client.staffConfirmIdentity({ sessionId: staff })).toEqual({ ok: true, value: { outcome: 'confirmed' } });
    expect(await identityState(card.customerId)).toEqual({ identity_failures: 0, locked: false });
    const again = await hq.client.staffLookupCustomer({ sessionId: staff, by: { kind: 'memberNumber', memberNumber: member } });
    expect(again.ok && again.value).toMatchObject({ outcome: 'found', customer: { identityLocked: false } });

    const log = (await hq.db.query<{ outcome: string; reason_codes: string[]; staff_id: string }>(
      `SELECT outcome, reason_codes, detail->>'staffId' AS staff_id FROM operation_log WHERE session_id = $1 AND operation = 'identityLockClear'`, [staff])).rows;
    expect(log).toEqual([{ outcome: 'identityLockCleared', reason_codes: ['registeredDocument', 'staffConfirmed'], staff_id: 'STAFF-ITO' }]);

    const next = newSessionId();
    await hq.client.identifyCard({ sessionId: next, cardNumber: card.cardNumber });
    expect(await hq.client.verifyIdentity({ sessionId: next, document: licence({ checks: {} }) })).toEqual({ ok: true, value: { decision: 'verified', cardLocked: true } });
  });

  it('registers a staff-checked document of a new kind on confirmation, which then works at the machine; it does not clear the identity lock', async () => {
    const { card, member } = await lockedCustomer();
    await hq.db.query('UPDATE customers SET identity_failures = 3, identity_locked_at = now() WHERE customer_id = $1', [card.customerId]);
    const staff = await operatorSession('ito');
    await hq.client.staffLookupCustomer({ sessionId: staff, by: { kind: 'memberNumber', memberNumber: member } });
    expect(await hq.client.staffVerifyIdentity({ sessionId: staff, document: passport() }))
      .toMatchObject({ ok: true, value: { decision: 'verified', fields: { name: 'match', documentNumber: 'notOnFile' } } });
    expect(await hq.client.staffConfirmIdentity({ sessionId: staff })).toEqual({ ok: true, value: { outcome: 'confirmed' } });
    expect(await documentsOnFile(card.customerId)).toEqual([
      { kind: 'driversLicence', document_number: '301234567890', recorded_by: null },
      { kind: 'passport', document_number: 'TS1234567', recorded_by: 'STAFF-ITO' },
    ]);
    // Not registered before this operator session: neither confirmation nor a re-scan in it clears the lock.
    expect(await identityState(card.customerId)).toEqual({ identity_failures: 3, locked: true });
    expect(await hq.client.staffVerifyIdentity({ sessionId: staff, document: passport() })).toMatchObject({ ok: true, value: { decision: 'verified', fields: { documentNumber: 'match' } } });
    await hq.client.staffConfirmIdentity({ sessionId: staff });
    expect(await identityState(card.customerId)).toEqual({ identity_failures: 3, locked: true });
    // Registered now: in a later operator session it counts as registered and clears the lock.
    const later = await operatorSession('ito');
    await hq.client.staffLookupCustomer({ sessionId: later, by: { kind: 'memberNumber', memberNumber: member } });
    await hq.client.staffVerifyIdentity({ sessionId: later, document: passport() });
    await hq.client.staffConfirmIdentity({ sessionId: later });
    expect(await identityState(card.customerId)).toEqual({ identity_failures: 0, locked: false });
    // And at the machine, unattended.
    const customerSession = newSessionId();
    await hq.client.identifyCard({ sessionId: customerSession, cardNumber: card.cardNumber });
    expect(await hq.client.verifyIdentity({ sessionId: customerSession, document: passport() })).toEqual({ ok: true, value: { decision: 'verified', cardLocked: true } });
    const recorded = (await hq.db.query<{ detail: Record<string, unknown> }>(
      `SELECT detail FROM operation_log WHERE session_id = $1 AND operation = 'identityDocumentRecorded'`, [staff])).rows;
    expect(recorded).toEqual([{ detail: { staffId: 'STAFF-ITO', documentKind: 'passport' } }]);
    expect(JSON.stringify((await hq.db.query('SELECT detail FROM operation_log')).rows)).not.toContain('TS1234567');
  });

  it('refuses a health-insurance card as identity at staff too, with its own reason', async () => {
    const staff = await operatorSession('ito');
    const { card } = await lockedCustomer({ documentsOnFile: [{ kind: 'healthInsuranceCard', documentNumber: '12345678', expiryDate: '2025-12-01' }, { kind: 'driversLicence', documentNumber: '301234567890' }] });
    await hq.client.staffLookupCustomer({ sessionId: staff, by: { kind: 'card', cardNumber: card.cardNumber } });
    const insurance = licence({ kind: 'healthInsuranceCard', documentNumber: '12345678', expiryDate: undefined });
    expect(await hq.client.staffVerifyIdentity({ sessionId: staff, document: insurance }))
      .toMatchObject({ ok: true, value: { decision: 'documentInvalid', reasons: ['documentKindNotAccepted', 'expiryAbsent'] } });
    expect(await hq.client.staffVerifyIdentity({ sessionId: staff, document: { ...insurance, expiryDate: '2030-01-01' } }))
      .toMatchObject({ ok: true, value: { decision: 'documentInvalid', reasons: ['documentKindNotAccepted'] } });
    expect(await hq.client.staffConfirmIdentity({ sessionId: staff })).toEqual({ ok: true, value: { outcome: 'refused', reason: 'identityNotVerified' } });
  });

  it('stores a technician\'s diagnostics bundle per kiosk, and refuses staff, another kiosk\'s bundle and a bundle holding a card number', async () => {
    const tech = await operatorSession('watanabe');
    const stored = await hq.client.uploadDiagnostics({ sessionId: tech, bundle: bundle(hq.kioskId, 'TECH-WATANABE') });
    expect(stored).toMatchObject({ ok: true, value: { stored: true } });
    const rows = (await hq.db.query<{ kiosk_id: string; staff_id: string }>('SELECT kiosk_id, staff_id FROM diagnostics_bundles')).rows;
    expect(rows).toContainEqual({ kiosk_id: hq.kioskId, staff_id: 'TECH-WATANABE' });
    const staff = await operatorSession('ito');
    expect(await hq.client.uploadDiagnostics({ sessionId: staff, bundle: bundle(hq.kioskId, 'STAFF-ITO') })).toMatchObject({ ok: false, error: { status: 403, code: 'operatorNotPermitted' } });
    expect(await hq.client.uploadDiagnostics({ sessionId: tech, bundle: bundle('KIOSK-ELSEWHERE', 'TECH-WATANABE') })).toMatchObject({ ok: false, error: { status: 400, code: 'malformedRequest' } });
    const leaky = await hq.client.uploadDiagnostics({ sessionId: tech, bundle: bundle(hq.kioskId, 'TECH-WATANABE', 'read 4000000000000051') });
    expect(leaky).toMatchObject({ ok: false, error: { status: 400, code: 'malformedRequest' } });
  });

  it('logs no card number, PIN or PIN block', () => {
    const found = secretsInLogs(hq.logLines, { cardNumbers: cards.map((c) => c.cardNumber), pins: ['4815', '1357', '2468'] });
    expect(found).toEqual([]);
  });
});
