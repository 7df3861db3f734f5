/**
 * Identity assurance at the unmanned machine (issue 13), over real HTTP on
 * PGlite and PostgreSQL: which documents the customer route accepts, the
 * refused-document count per card and customer across sessions, kiosks and
 * restarts (and under concurrency), the identity lock, the fleet alerts, and
 * the raw JSON of every refusal (a class, never a field).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCard } from '../../../src/hq/accounts/account-admin';
import { DEFAULT_HQ_POLICY } from '../../../src/hq/config/hq-policy';
import type { Db } from '../../../src/server-kit/db/db';
import { openPgliteDb } from '../../../src/server-kit/db/pglite-db';
import { openPostgresDb } from '../../../src/server-kit/db/postgres-db';
import { FleetAlertsResponse } from '../../../src/hq/fleet/fleet-alerts';
import { generateSecrets } from '../../../src/hq/keys/hq-keys';
import type { HqClient } from '../../../src/main/hq-client/hq-client';
import { signRequest } from '../../../src/main/hq-client/request-signer';
import { demoPerson } from '../../../src/shared/demo/demo-people';
import { maskCardNumber } from '../../../src/shared/domain/card-number';
import type { IdentityDocument } from '../../../src/shared/identity/identity-document';
import { createTestDatabase } from '../../support/postgres-database';
import { signInAs } from './console-client';
import { newSessionId, pinBuffer, randomCardNumber, startHarness, STORES, TEST_SCRYPT_COST, type HqHarness, type StoreKind, type TestCard } from './hq-harness';

const YAMADA = demoPerson('yamada');

/** A customer with 山田 太郎's name and date of birth and his licence on file (a fresh count for each test). */
const yamadaLike = { nameKanji: YAMADA.nameKanji, nameKana: YAMADA.nameKana, nameLatin: YAMADA.nameLatin, dateOfBirth: YAMADA.dateOfBirth,
  documentsOnFile: [{ kind: 'driversLicence', documentNumber: '309012345620', expiryDate: '2029-05-12' }] };

function yamadaLicence(overrides: Partial<IdentityDocument> = {}): IdentityDocument {
  return {
    kind: 'driversLicence', source: 'ocr', documentNumber: '309012345620', nameKanji: YAMADA.nameKanji, nameKana: YAMADA.nameKana,
    dateOfBirth: YAMADA.dateOfBirth, expiryDate: '2029-05-12', checks: { documentNumber: 'valid', nameKanji: 'valid', dateOfBirth: 'valid' }, ...overrides,
  };
}
/** The forgery of the issue: a passport with 山田's name and date of birth and a number nobody registered. */
const forgedPassport: IdentityDocument = {
  kind: 'passport', source: 'mrz', documentNumber: 'TK9999999', surname: 'YAMADA', givenNames: 'TARO', dateOfBirth: YAMADA.dateOfBirth, expiryDate: '2032-01-01',
  checks: { documentNumber: 'valid', dateOfBirth: 'valid', expiryDate: 'valid' },
};
/** A My Number card read by OCR carries no number (番号法 第20条: the scanner drops it). */
const myNumberCard: IdentityDocument = {
  kind: 'myNumberCard', source: 'ocr', nameKanji: YAMADA.nameKanji, nameKana: YAMADA.nameKana, dateOfBirth: YAMADA.dateOfBirth, expiryDate: '2033-04-12',
  checks: { documentNumber: 'absent', nameKanji: 'valid' },
};
const healthInsuranceCard: IdentityDocument = {
  kind: 'healthInsuranceCard', source: 'ocr', documentNumber: '12345678', nameKanji: YAMADA.nameKanji, nameKana: YAMADA.nameKana, dateOfBirth: YAMADA.dateOfBirth,
  expiryDate: '2030-01-01', checks: {},
};
const DOCUMENT_NUMBERS = ['309012345620', '309012345699', 'TK9999999', '12345678'];

/** A restartable store: PGlite in a folder, or one PostgreSQL database, opened as many times as asked. */
async function restartableStore(kind: StoreKind): Promise<{ open(): Promise<Db>; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'hq-restart-'));
    return { open: () => openPgliteDb(dir), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = await createTestDatabase();
  return { open: async () => openPostgresDb(database.url), drop: () => database.drop() };
}

describe.each(STORES)('identity assurance on %s', (kind) => {
  let hq: HqHarness;
  const cards: TestCard[] = [];
  beforeAll(async () => { hq = await startHarness(kind, { seed: true }); });
  afterAll(async () => { await hq?.close(); });

  async function customer(options: Parameters<HqHarness['newCustomerCard']>[0] = {}): Promise<TestCard> {
    const card = await hq.newCustomerCard({ ...yamadaLike, ...options });
    cards.push(card);
    return card;
  }
  async function session(card: { cardNumber: string }, client: HqClient = hq.client): Promise<string> {
    const sessionId = newSessionId();
    const r = await client.identifyCard({ sessionId, cardNumber: card.cardNumber });
    expect(r.ok && r.value.outcome).toBe('cardIdentified');
    return sessionId;
  }
  async function verify(card: { cardNumber: string }, document: IdentityDocument, client: HqClient = hq.client) {
    const r = await client.verifyIdentity({ sessionId: await session(card, client), document });
    if (!r.ok) throw new Error(`HQ refused: ${JSON.stringify(r.error)}`);
    return r.value;
  }
  const identityState = async (customerId: number) =>
    (await hq.db.query<{ identity_failures: number; locked: boolean }>('SELECT identity_failures, identity_locked_at IS NOT NULL AS locked FROM customers WHERE customer_id = $1', [customerId])).rows[0]!;
  const openAlerts = async () => (await hq.db.query<{ alert_id: number; kind: string; kiosk_id: string; card_masked: string | null; detail: string }>(
    'SELECT alert_id, kind, kiosk_id, card_masked, detail FROM fleet_alerts WHERE acknowledged_at IS NULL ORDER BY alert_id')).rows;

  /** POST /v1/identity/verify signed by hand, for the raw bytes of the answer. */
  async function rawVerify(sessionId: string, document: IdentityDocument): Promise<{ status: number; text: string }> {
    const bytes = Buffer.from(JSON.stringify({ sessionId, document }));
    const response = await fetch(`${hq.url}/v1/identity/verify`, {
      method: 'POST', body: new Uint8Array(bytes),
      headers: { 'content-type': 'application/json', ...signRequest({ origin: hq.url, kioskId: hq.kioskId, privateKey: hq.kioskKey, method: 'POST', path: '/v1/identity/verify', body: bytes, now: hq.clock.now }) },
    });
    return { status: response.status, text: await response.text() };
  }

  describe('which documents a machine with nobody present accepts', () => {
    it('refuses the forged passport for the demo 山田 (his name and date of birth, a number HQ does not hold): the card lock stays', async () => {
      const yamada = { cardNumber: YAMADA.cardNumber! };
      expect(await verify(yamada, forgedPassport)).toEqual({ decision: 'notAccepted', reason: 'notAcceptedHere' });
      const takahashi = demoPerson('takahashi');
      const locked = { cardNumber: takahashi.cardNumber! };
      expect(await verify(locked, { ...forgedPassport, surname: 'TAKAHASHI', givenNames: 'MISAKI', dateOfBirth: takahashi.dateOfBirth })).toEqual({ decision: 'notAccepted', reason: 'notAcceptedHere' });
      const card = await hq.db.query<{ locked: boolean }>(`SELECT locked_at IS NOT NULL AS locked FROM cards WHERE card_masked LIKE '%0051'`);
      expect(card.rows).toEqual([{ locked: true }]);
    });

    it.each([
      ['a passport with his name and date of birth and an unknown number', forgedPassport, 'notAcceptedHere'],
      ['a My Number card (no number to compare)', myNumberCard, 'notAcceptedHere'],
      ['a health-insurance card, even one on file', healthInsuranceCard, 'notAcceptedHere'],
      ['a foreign TD1 identity card', { ...forgedPassport, kind: 'mrzIdCard' }, 'notAcceptedHere'],
      ['his expired licence', yamadaLicence({ expiryDate: '2026-06-09' }), 'expired'],
      ['his licence with a scanner warning', yamadaLicence({ checks: { documentNumber: 'warning' } }), 'unreadable'],
      ['his licence with a failed scanner check', yamadaLicence({ checks: { documentNumber: 'invalid' } }), 'unreadable'],
    ] as const)('refuses %s: %s', async (_label, document, reason) => {
      const card = await customer({ documentsOnFile: [...yamadaLike.documentsOnFile, { kind: 'healthInsuranceCard', documentNumber: '12345678' }] });
      expect(await verify(card, document as IdentityDocument)).toEqual({ decision: 'notAccepted', reason });
      expect(await identityState(card.customerId)).toEqual({ identity_failures: 1, locked: false });
    });

    it('accepts his registered licence, valid on the expiry day itself (Tokyo), and the count starts again', async () => {
      const card = await customer();
      expect(await verify(card, forgedPassport)).toEqual({ decision: 'notAccepted', reason: 'notAcceptedHere' });
      // 2026-06-10 12:00 in Tokyo.
      expect(await verify(card, yamadaLicence({ expiryDate: '2026-06-10' }))).toEqual({ decision: 'verified', cardLocked: false });
      expect(await identityState(card.customerId)).toEqual({ identity_failures: 0, locked: false });
      const start = hq.clock.now;
      hq.clock.now = new Date('2026-06-10T15:00:00Z'); // 00:00 on 11 June in Tokyo, still the 10th in UTC
      try {
        expect(await verify(card, yamadaLicence({ expiryDate: '2026-06-10' }))).toEqual({ decision: 'notAccepted', reason: 'expired' });
      } finally {
        hq.clock.now = start;
      }
    });

    it('never verifies a document differing from the record in one field, through the live route, and answers the same bytes for every content mismatch', async () => {
      const mutations: [string, IdentityDocument, string][] = [
        ['name', yamadaLicence({ nameKanji: '山田 次郎', nameKana: 'ヤマダ ジロウ' }), 'notAcceptedHere'],
        ['kana only', yamadaLicence({ nameKana: 'ヤマダ ジロウ' }), 'notAcceptedHere'],
        ['date of birth', yamadaLicence({ dateOfBirth: '1985-04-13' }), 'notAcceptedHere'],
        ['number', yamadaLicence({ documentNumber: '309012345699' }), 'notAcceptedHere'],
        ['no number', yamadaLicence({ documentNumber: undefined }), 'notAcceptedHere'],
        ['kind', yamadaLicence({ kind: 'residenceCard' }), 'notAcceptedHere'],
        ['kind not accepted', yamadaLicence({ kind: 'healthInsuranceCard' }), 'notAcceptedHere'],
        ['expiry past', yamadaLicence({ expiryDate: '2024-05-12' }), 'expired'],
        ['no expiry', yamadaLicence({ expiryDate: undefined }), 'unreadable'],
        ['checks', yamadaLicence({ checks: { dateOfBirth: 'warning' } }), 'unreadable'],
      ];
      const bodies = new Map<string, Set<string>>();
      for (const [label, document, reason] of mutations) {
        const card = await customer();
        const { status, text } = await rawVerify(await session(card), document);
        expect({ label, status }).toEqual({ label, status: 200 });
        expect(JSON.parse(text)).toEqual({ decision: 'notAccepted', reason });
        expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(['decision', 'reason']);
        expect(text).not.toMatch(/field|name|birth|number|mismatch|expiry|kind|check|absent|notOnFile/i);
        bodies.set(reason, (bodies.get(reason) ?? new Set()).add(text));
      }
      expect([...bodies.get('notAcceptedHere')!]).toEqual(['{"decision":"notAccepted","reason":"notAcceptedHere"}']);
    });

    it('answers tryStaff and contactUs in the same two keys', async () => {
      const locked = await customer();
      await hq.db.query('UPDATE customers SET identity_failures = 3, identity_locked_at = now() WHERE customer_id = $1', [locked.customerId]);
      expect(await rawVerify(await session(locked), yamadaLicence())).toEqual({ status: 200, text: '{"decision":"notAccepted","reason":"tryStaff"}' });
      const suspended = await customer({ suspended: true });
      expect(await rawVerify(await session(suspended), yamadaLicence())).toEqual({ status: 200, text: '{"decision":"notAccepted","reason":"contactUs"}' });
      const fine = await customer();
      expect(await rawVerify(await session(fine), yamadaLicence())).toEqual({ status: 200, text: '{"decision":"verified","cardLocked":false}' });
    });
  });

  describe('counting refused documents per card and customer', () => {
    it('counts across sessions and two kiosks, and across the customer\'s cards; the lock then answers tryStaff at once, everywhere', async () => {
      const other = await hq.enrollKiosk();
      const card = await customer();
      const second = { cardNumber: randomCardNumber() };
      const secondId = await issueCard(hq.db, hq.derived, { cardNumber: second.cardNumber, pin: pinBuffer('4826'), holder: { customerId: card.customerId } }, TEST_SCRYPT_COST);

      expect(await verify(card, forgedPassport)).toEqual({ decision: 'notAccepted', reason: 'notAcceptedHere' });
      expect(await verify(card, yamadaLicence({ dateOfBirth: '1985-04-13' }), other.client)).toEqual({ decision: 'notAccepted', reason: 'notAcceptedHere' });
      expect(await identityState(card.customerId)).toEqual({ identity_failures: 2, locked: false });
      // The third refusal, with the customer's other card: the count is the customer's.
      expect(await verify(second, myNumberCard)).toEqual({ decision: 'notAccepted', reason: 'tryStaff' });
      expect(await identityState(card.customerId)).toEqual({ identity_failures: 3, locked: true });

      // Locked: the registered licence is not even compared, at either kiosk, with either card.
      for (const [who, client] of [[card, other.client], [second, hq.client], [card, hq.client]] as const) {
        expect(await verify(who, yamadaLicence(), client)).toEqual({ decision: 'notAccepted', reason: 'tryStaff' });
      }
      expect(await identityState(card.customerId)).toEqual({ identity_failures: 3, locked: true });

      const failures = (await hq.db.query<{ kiosk_id: string; card_id: number; route: string; document_kind: string; reason_class: string }>(
        'SELECT kiosk_id, card_id, route, document_kind, reason_class FROM identity_failures WHERE customer_id = $1 ORDER BY failure_id', [card.customerId])).rows;
      expect(failures.map((f) => ({ ...f, card_id: Number(f.card_id) }))).toEqual([
        { kiosk_id: hq.kioskId, card_id: card.cardId, route: 'customer', document_kind: 'passport', reason_class: 'notAcceptedHere' },
        { kiosk_id: other.kioskId, card_id: card.cardId, route: 'customer', document_kind: 'driversLicence', reason_class: 'notAcceptedHere' },
        { kiosk_id: hq.kioskId, card_id: secondId, route: 'customer', document_kind: 'myNumberCard', reason_class: 'notAcceptedHere' },
      ]);

      // What HQ logged: each refusal by kind and class; the lock once; the attempts after it without any comparison.
      const log = (await hq.db.query<{ operation: string; outcome: string; reason_codes: string[]; detail: Record<string, unknown> }>(
        `SELECT operation, outcome, reason_codes, detail FROM operation_log WHERE card_id = ANY($1::bigint[]) AND operation IN ('identityVerification', 'identityLock') ORDER BY entry_id`,
        [[card.cardId, secondId]])).rows;
      expect(log.map((l) => `${l.operation}:${l.outcome}:${l.reason_codes[0]}`)).toEqual([
        'identityVerification:notAccepted:notAcceptedHere', 'identityVerification:notAccepted:notAcceptedHere',
        'identityVerification:notAccepted:notAcceptedHere', 'identityLock:identityLocked:identityFailureThreshold',
        'identityVerification:notAccepted:tryStaff', 'identityVerification:notAccepted:tryStaff', 'identityVerification:notAccepted:tryStaff',
      ]);
      expect(log[0]!.detail).toMatchObject({ documentKind: 'passport', reasonClass: 'notAcceptedHere', failures: 1 });
      for (const after of log.slice(4)) expect(after.detail).toEqual({ documentKind: 'driversLicence', reasonClass: 'tryStaff' });
      expect(JSON.stringify(log)).not.toMatch(new RegExp(DOCUMENT_NUMBERS.join('|')));

      const alerts = (await openAlerts()).filter((a) => a.kind === 'identityLocked' && a.card_masked === maskCardNumber(second.cardNumber));
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.kiosk_id).toBe(hq.kioskId);
    });

    it('locks at exactly the threshold when failures from two kiosks arrive at once', async () => {
      const other = await hq.enrollKiosk();
      const card = await customer();
      const clients = [hq.client, other.client];
      const sessions = await Promise.all(Array.from({ length: 10 }, (_, i) => session(card, clients[i % 2])));
      const answers = await Promise.all(sessions.map(async (sessionId, i) => {
        const r = await clients[i % 2]!.verifyIdentity({ sessionId, document: yamadaLicence({ documentNumber: `30901234${String(5700 + i)}` }) });
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        return r.value.decision === 'notAccepted' ? r.value.reason : 'verified';
      }));
      const tally = answers.reduce<Record<string, number>>((t, a) => ({ ...t, [a]: (t[a] ?? 0) + 1 }), {});
      expect(tally).toEqual({ notAcceptedHere: DEFAULT_HQ_POLICY.maxIdentityAttempts - 1, tryStaff: 10 - (DEFAULT_HQ_POLICY.maxIdentityAttempts - 1) });
      expect(await identityState(card.customerId)).toEqual({ identity_failures: DEFAULT_HQ_POLICY.maxIdentityAttempts, locked: true });
      const rows = await hq.db.query<{ n: number }>('SELECT count(*)::int AS n FROM identity_failures WHERE customer_id = $1', [card.customerId]);
      expect(rows.rows[0]!.n).toBe(DEFAULT_HQ_POLICY.maxIdentityAttempts);
      const locks = await hq.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM operation_log WHERE card_id = $1 AND operation = 'identityLock'`, [card.cardId]);
      expect(locks.rows[0]!.n).toBe(1);
      const alerts = await hq.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM fleet_alerts WHERE customer_id = $1 AND kind = 'identityLocked'`, [card.customerId]);
      expect(alerts.rows[0]!.n).toBe(1);
    });

    it('shows the lock to people: GET /admin/alerts and the console, beside the tamper alerts; acknowledged from either', async () => {
      const card = await customer();
      for (let i = 0; i < 3; i++) await verify(card, forgedPassport);
      const response = await fetch(`${hq.url}/admin/alerts`, { headers: { authorization: `Bearer ${hq.adminToken}` } });
      expect(response.status).toBe(200);
      const { alerts } = FleetAlertsResponse.parse(await response.json());
      const mine = alerts.find((a) => a.kind === 'identityLocked' && a.cardMasked?.endsWith(card.cardNumber.slice(-4)));
      expect(mine).toMatchObject({ kioskId: hq.kioskId, detail: expect.stringContaining('3 identity documents refused') });
      expect(JSON.stringify(alerts)).not.toContain(card.cardNumber);
      expect((await fetch(`${hq.url}/admin/alerts`)).status).toBe(401);

      const ops = await signInAs(hq, 'operator');
      const page = await (await ops.get('/console')).text();
      expect(page).toContain('本人確認警告');
      expect(page).toContain(`data-alert="${mine!.id}"`);
      expect(page).toMatch(new RegExp(`<tr data-kiosk="${hq.kioskId}"[^>]*>[\\s\\S]*?data-identity-alerts="[1-9]`));

      const ack = await fetch(`${hq.url}/admin/alerts/${mine!.id}/acknowledge`, { method: 'POST', headers: { authorization: `Bearer ${hq.adminToken}` } });
      expect(await ack.json()).toEqual({ acknowledged: true });
      const again = await fetch(`${hq.url}/admin/alerts/${mine!.id}/acknowledge`, { method: 'POST', headers: { authorization: `Bearer ${hq.adminToken}` } });
      expect(await again.json()).toEqual({ acknowledged: false });
      expect((await openAlerts()).some((a) => a.alert_id === mine!.id)).toBe(false);

      // From the console's button: post, redirect, and the alert has left the page.
      const another = await customer();
      for (let i = 0; i < 3; i++) await verify(another, forgedPassport);
      const alert = (await openAlerts()).find((a) => a.kind === 'identityLocked' && a.card_masked === maskCardNumber(another.cardNumber))!;
      const posted = await ops.post(`/console/alerts/${alert.alert_id}/acknowledge`);
      expect(posted.status).toBe(303);
      expect(posted.headers.get('location')).toBe(`/console?acknowledged=${alert.alert_id}`);
      const after = await (await ops.get(`/console?acknowledged=${alert.alert_id}`)).text();
      expect(after).toContain('警告を確認済みにしました。');
      expect(after).not.toContain(`data-alert="${alert.alert_id}"`);
      const twice = await ops.post(`/console/alerts/${alert.alert_id}/acknowledge`);
      expect(twice.status).toBe(404);
    });

    it('raises one alert per kiosk when more than 10 documents are refused there within an hour, and keeps answering every kiosk', async () => {
      const busy = await hq.enrollKiosk();
      const quiet = await hq.enrollKiosk();
      const rateAlerts = async (kioskId: string) => (await openAlerts()).filter((a) => a.kind === 'identityFailureRate' && a.kiosk_id === kioskId);
      let current = await customer();
      let used = 0;
      const failAtBusy = async () => {
        if (used === 3) { current = await customer(); used = 0; }
        used++;
        return verify(current, forgedPassport, busy.client);
      };
      for (let i = 0; i < DEFAULT_HQ_POLICY.kioskIdentityFailuresPerHourAlert; i++) await failAtBusy();
      expect(await rateAlerts(busy.kioskId)).toEqual([]);
      await failAtBusy();
      expect(await rateAlerts(busy.kioskId)).toHaveLength(1);
      expect((await rateAlerts(busy.kioskId))[0]!.detail).toContain('11 identity documents refused at this kiosk within an hour');
      await failAtBusy();
      await failAtBusy();
      expect(await rateAlerts(busy.kioskId)).toHaveLength(1);
      // Other kiosks (and this one) are answered as usual.
      expect(await verify(await customer(), yamadaLicence(), quiet.client)).toEqual({ decision: 'verified', cardLocked: false });
      expect(await verify(await customer(), yamadaLicence(), busy.client)).toEqual({ decision: 'verified', cardLocked: false });
      expect(await rateAlerts(quiet.kioskId)).toEqual([]);
      const logged = await hq.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM operation_log WHERE kiosk_id = $1 AND operation = 'fleetAlert'`, [busy.kioskId]);
      expect(logged.rows[0]!.n).toBe(1);

      // An hour later the window has moved: another burst raises the next alert.
      const start = hq.clock.now;
      hq.clock.now = new Date(start.getTime() + 61 * 60_000);
      try {
        current = await customer();
        used = 0;
        for (let i = 0; i < DEFAULT_HQ_POLICY.kioskIdentityFailuresPerHourAlert; i++) await failAtBusy();
        expect(await rateAlerts(busy.kioskId)).toHaveLength(1);
        await failAtBusy();
        expect(await rateAlerts(busy.kioskId)).toHaveLength(2);
      } finally {
        hq.clock.now = start;
      }
    });
  });

  it('never logs a document number, a card number or a PIN', async () => {
    const text = hq.logLines.join('');
    for (const n of DOCUMENT_NUMBERS) expect(text).not.toContain(n);
    for (const c of cards) expect(text).not.toContain(c.cardNumber);
    const stored = JSON.stringify([
      (await hq.db.query('SELECT reason_codes, detail FROM operation_log')).rows,
      (await hq.db.query('SELECT * FROM identity_failures')).rows,
      (await hq.db.query('SELECT detail, card_masked FROM fleet_alerts')).rows,
    ]);
    expect(stored).not.toMatch(new RegExp(DOCUMENT_NUMBERS.join('|')));
  });
});

describe.each(STORES)('identity assurance policy and restarts on %s', (kind) => {
  it('accepts a document of a kind not on file when HQ policy allows first use, and only then', async () => {
    const hq = await startHarness(kind, { policy: { allowFirstUseOfNewDocumentKind: true } });
    try {
      const card = await hq.newCustomerCard(yamadaLike);
      const verify = async (document: IdentityDocument) => {
        const sessionId = newSessionId();
        await hq.client.identifyCard({ sessionId, cardNumber: card.cardNumber });
        const r = await hq.client.verifyIdentity({ sessionId, document });
        return r.ok ? r.value : r.error;
      };
      expect(await verify(forgedPassport)).toEqual({ decision: 'verified', cardLocked: false });
      // Not a kind on file with another number, not without a number, not a wrong date of birth, not a kind never accepted here.
      expect(await verify(yamadaLicence({ documentNumber: '309012345699' }))).toEqual({ decision: 'notAccepted', reason: 'notAcceptedHere' });
      expect(await verify(myNumberCard)).toEqual({ decision: 'notAccepted', reason: 'notAcceptedHere' });
      expect(await verify({ ...forgedPassport, dateOfBirth: '1985-04-13' })).toEqual({ decision: 'notAccepted', reason: 'tryStaff' });
      // A first use at the machine registers nothing: that takes staff.
      const files = await hq.db.query<{ kind: string }>('SELECT kind FROM identity_documents_on_file WHERE customer_id = $1', [card.customerId]);
      expect(files.rows).toEqual([{ kind: 'driversLicence' }]);
    } finally {
      await hq.close();
    }
  });

  it('keeps the count through a restart: a new app over the same database locks at the threshold', async () => {
    const store = await restartableStore(kind);
    let first: HqHarness | undefined;
    let second: HqHarness | undefined;
    try {
      first = await startHarness(kind, { reuse: { store: { db: await store.open(), drop: async () => undefined }, secrets: generateSecrets() } });
      const secrets = first.secrets;
      const card = await first.newCustomerCard(yamadaLike);
      for (let i = 0; i < 2; i++) {
        const sessionId = newSessionId();
        await first.client.identifyCard({ sessionId, cardNumber: card.cardNumber });
        expect(await first.client.verifyIdentity({ sessionId, document: forgedPassport })).toEqual({ ok: true, value: { decision: 'notAccepted', reason: 'notAcceptedHere' } });
      }
      await first.close();
      first = undefined;

      second = await startHarness(kind, { reuse: { store: { db: await store.open(), drop: async () => undefined }, secrets } });
      const sessionId = newSessionId();
      await second.client.identifyCard({ sessionId, cardNumber: card.cardNumber });
      expect(await second.client.verifyIdentity({ sessionId, document: forgedPassport })).toEqual({ ok: true, value: { decision: 'notAccepted', reason: 'tryStaff' } });
      const next = newSessionId();
      await second.client.identifyCard({ sessionId: next, cardNumber: card.cardNumber });
      expect(await second.client.verifyIdentity({ sessionId: next, document: yamadaLicence() })).toEqual({ ok: true, value: { decision: 'notAccepted', reason: 'tryStaff' } });
      const state = await second.db.query<{ identity_failures: number; locked: boolean }>(
        'SELECT identity_failures, identity_locked_at IS NOT NULL AS locked FROM customers WHERE customer_id = $1', [card.customerId]);
      expect(state.rows[0]).toEqual({ identity_failures: 3, locked: true });
    } finally {
      await first?.close();
      await second?.close();
      await store.drop();
    }
  });
});
