import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAnnouncement } from '../../../src/hq/accounts/account-admin';
import { demoPerson } from '../../../src/shared/demo/demo-people';
import { demoPin } from '../../../src/hq/seed/seed-demo';
import { FleetResponse } from '../../../src/shared/hq-api/kiosk-status';
import type { IncomeCertificate } from '../../../src/shared/domain/income-certificate';
import { newSessionId, pinBuffer, startHarness, STORES, WEDNESDAY_NOON_TOKYO, type HqHarness, CAP_ONLY_LIMIT_POLICY, loggedInCustomer } from './hq-harness';

describe.each(STORES)('limit review, calendar and fleet view on %s', (kind) => {
  let hq: HqHarness;
  // The credit bureau in the loop (issue 14); the debt-service ratio out of the way, so these
  // tests keep to the total-volume rule (ability to repay: limit-review-bureau.test.ts).
  beforeAll(async () => {
    hq = await startHarness(kind, { seed: true, bureau: true, limitPolicy: CAP_ONLY_LIMIT_POLICY });
  });
  afterAll(async () => { await hq?.close(); });

  const loggedIn = (options: Parameters<HqHarness['newCustomerCard']>[0] = {}) => loggedInCustomer(hq, options);
  const storedLimit = async (customerId: number) =>
    (await hq.db.query<{ credit_limit: number }>('SELECT credit_limit FROM customers WHERE customer_id = $1', [customerId])).rows[0]!.credit_limit;
  /** Last year's 源泉徴収票 in the harness customer's name (the harness clock is 2026-06-10). */
  const slip = (annualIncome: number, overrides: Partial<IncomeCertificate> = {}): IncomeCertificate => ({
    kind: 'withholdingSlip', holderName: '試験 花子', incomeYear: 2025, issueDate: '2026-01-20', annualIncome, ...overrides,
  });
  async function atTokyo(iso: string, work: () => Promise<void>) {
    const saved = hq.clock.now;
    hq.clock.now = new Date(iso);
    try { await work(); } finally { hq.clock.now = saved; }
  }

  it('approves an increase within the rules and stores the new limit', async () => {
    const { card, sessionId } = await loggedIn({ creditLimit: 300_000, annualIncome: 6_000_000 });
    const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 400_000 });
    expect(r.ok && r.value).toEqual({ outcome: 'approved', previousLimit: 300_000, creditLimit: 400_000, approvedLimit: 400_000, reasons: [], contractDocument: expect.objectContaining({ newLimit: 400_000 }) });
    expect(await storedLimit(card.customerId)).toBe(400_000);
    const log = (await hq.db.query<{ outcome: string; detail: { requestedLimit: number } }>(`SELECT outcome, detail FROM operation_log WHERE card_id = $1 AND operation = 'limitIncrease'`, [card.cardId])).rows;
    expect(log).toEqual([{ outcome: 'approved', detail: expect.objectContaining({ requestedLimit: 400_000, previousLimit: 300_000 }) }]);
  });

  it('asks for an income certificate above 500,000 yen, and approves with one', async () => {
    const { card, sessionId } = await loggedIn({ creditLimit: 300_000, annualIncome: 6_000_000 });
    const without = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 600_000 });
    expect(without.ok && without.value).toMatchObject({ outcome: 'documentsRequired', creditLimit: 300_000, reasons: ['incomeCertificateRequired'] });
    expect(await storedLimit(card.customerId)).toBe(300_000);
    const withCertificate = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 600_000, incomeCertificate: slip(6_000_000) });
    expect(withCertificate.ok && withCertificate.value).toMatchObject({ outcome: 'approved', creditLimit: 600_000 });
  });

  it('offers a partial approval up to one third of income across lenders, and applies it only when the customer accepts', async () => {
    const { card, sessionId } = await loggedIn({ creditLimit: 300_000, annualIncome: 2_400_000, otherLendersBorrowing: 200_000 });
    const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 800_000, incomeCertificate: slip(2_400_000) });
    expect(r.ok && r.value).toEqual({
      outcome: 'partiallyApproved', previousLimit: 300_000, creditLimit: 300_000, approvedLimit: 600_000, reasons: ['reducedToTotalVolumeCap'],
      offerExpiresAt: new Date(hq.clock.now.getTime() + 300_000).toISOString(),
    });
    expect(await storedLimit(card.customerId)).toBe(300_000);
    const accepted = await hq.client.answerLimitOffer({ sessionId, accept: true });
    expect(accepted.ok && accepted.value).toEqual({ outcome: 'accepted', previousLimit: 300_000, creditLimit: 600_000, contractDocument: expect.objectContaining({ newLimit: 600_000 }) });
    expect(await storedLimit(card.customerId)).toBe(600_000);
    // Answered once: a second answer changes nothing.
    const again = await hq.client.answerLimitOffer({ sessionId, accept: true });
    expect(again.ok && again.value).toEqual({ outcome: 'noOffer', creditLimit: 600_000 });
  });

  it('leaves the limit unchanged when the customer declines the offer, or answers after it expired', async () => {
    const declining = await loggedIn({ creditLimit: 300_000, annualIncome: 2_400_000, otherLendersBorrowing: 200_000 });
    await hq.client.reviewLimitIncrease({ sessionId: declining.sessionId, requestedLimit: 800_000, incomeCertificate: slip(2_400_000) });
    const declined = await hq.client.answerLimitOffer({ sessionId: declining.sessionId, accept: false });
    expect(declined.ok && declined.value).toEqual({ outcome: 'declined', creditLimit: 300_000 });
    expect(await storedLimit(declining.card.customerId)).toBe(300_000);

    const late = await loggedIn({ creditLimit: 300_000, annualIncome: 2_400_000, otherLendersBorrowing: 200_000 });
    await hq.client.reviewLimitIncrease({ sessionId: late.sessionId, requestedLimit: 800_000, incomeCertificate: slip(2_400_000) });
    const before = hq.clock.now;
    hq.clock.now = new Date(before.getTime() + 301_000);
    try {
      const expired = await hq.client.answerLimitOffer({ sessionId: late.sessionId, accept: true });
      expect(expired.ok && expired.value).toEqual({ outcome: 'noOffer', creditLimit: 300_000 });
    } finally {
      hq.clock.now = before;
    }
    expect(await storedLimit(late.card.customerId)).toBe(300_000);
    const log = (await hq.db.query<{ outcome: string }>(`SELECT outcome FROM operation_log WHERE card_id = $1 AND operation = 'limitOfferAnswer'`, [late.card.cardId])).rows;
    expect(log).toEqual([{ outcome: 'noOffer' }]);
  });

  it('reviews on the lower of declared and recorded income, and on the bureau\'s borrowing elsewhere, not the declared', async () => {
    const { card, sessionId } = await loggedIn({ creditLimit: 300_000, annualIncome: 6_000_000, otherLendersBorrowing: 200_000 });
    // Declared 2,400,000 income and nothing elsewhere; the bureau shows 200,000: cap (2,400,000 / 3) - 200,000 = 600,000.
    const r = await hq.client.reviewLimitIncrease({
      sessionId, requestedLimit: 1_500_000, incomeCertificate: slip(2_400_000),
      declarations: { annualIncome: 2_400_000, employment: 'partTime', otherLendersBorrowing: 0 },
    });
    expect(r.ok && r.value).toMatchObject({ outcome: 'partiallyApproved', creditLimit: 300_000, approvedLimit: 600_000, reasons: ['reducedToTotalVolumeCap'] });
    // Without a certificate, a declaration above the record does not raise the cap: record 1,200,000 / 3 = 400,000.
    const low = await loggedIn({ creditLimit: 100_000, annualIncome: 1_200_000 });
    const higher = await hq.client.reviewLimitIncrease({
      sessionId: low.sessionId, requestedLimit: 450_000, declarations: { annualIncome: 12_000_000, employment: 'employee', otherLendersBorrowing: 0 },
    });
    expect(higher.ok && higher.value).toMatchObject({ outcome: 'partiallyApproved', approvedLimit: 400_000 });
    const log = (await hq.db.query<{ detail: { declared?: unknown } }>(`SELECT detail FROM operation_log WHERE card_id = $1 AND operation = 'limitIncrease' ORDER BY 1`, [card.cardId])).rows;
    expect(log.some((row) => row.detail.declared !== undefined)).toBe(true);
  });

  it.each([
    ['at the total-volume cap', { creditLimit: 300_000, annualIncome: 3_000_000, otherLendersBorrowing: 700_000 }, ['atTotalVolumeCap']],
    ['delinquent at the bureau', { delinquent: true }, ['delinquent', 'bureauDelinquency']],
  ] as const)('declines a customer %s', async (_label, account, reasons) => {
    const { card, sessionId } = await loggedIn(account);
    const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 400_000, incomeCertificate: slip('annualIncome' in account ? account.annualIncome : 6_000_000) });
    expect(r.ok && r.value).toMatchObject({ outcome: 'declined', reasons });
    expect(await storedLimit(card.customerId)).toBe('creditLimit' in account ? account.creditLimit : 300_000);
  });

  it('declines the demo customer 佐藤 at the total-volume cap, and approves 山田 within it', async () => {
    const sato = newSessionId();
    await hq.client.authenticateCard({ sessionId: sato, cardNumber: demoPerson('sato').cardNumber!, pinDigits: pinBuffer(demoPin('sato')) });
    const declined = await hq.client.reviewLimitIncrease({ sessionId: sato, requestedLimit: 400_000 });
    expect(declined.ok && declined.value).toMatchObject({ outcome: 'declined', creditLimit: 300_000, reasons: ['atTotalVolumeCap'] });
    const yamada = newSessionId();
    await hq.client.authenticateCard({ sessionId: yamada, cardNumber: demoPerson('yamada').cardNumber!, pinDigits: pinBuffer(demoPin('yamada')) });
    const documents = await hq.client.reviewLimitIncrease({ sessionId: yamada, requestedLimit: 800_000 });
    expect(documents.ok && documents.value).toMatchObject({ outcome: 'documentsRequired', reasons: ['incomeCertificateRequired'] });
  });

  it('declines when the account is suspended during the session', async () => {
    const { card, sessionId } = await loggedIn();
    await hq.db.query('UPDATE customers SET suspended = true WHERE customer_id = $1', [card.customerId]);
    const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 400_000, incomeCertificate: slip(6_000_000) });
    expect(r.ok && r.value).toMatchObject({ outcome: 'declined', reasons: ['suspended'] });
  });

  it.each([
    [305_000, ['invalidStep']], [6_000_000, ['outOfRange']], [200_000, ['notAnIncrease']],
  ] as const)('refuses to review a request of %i yen', async (requestedLimit, reasons) => {
    const { sessionId } = await loggedIn();
    const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit, incomeCertificate: slip(6_000_000) });
    expect(r.ok && r.value).toMatchObject({ outcome: 'refused', reasons });
  });

  it('refuses an increase within an hour of the kiosk\'s closing time, and outside its hours', async () => {
    await atTokyo('2026-06-10T12:30:00Z', async () => { // 21:30 in Tokyo; the store closes at 22:00
      const { sessionId } = await loggedIn();
      const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 400_000, incomeCertificate: slip(6_000_000) });
      expect(r.ok && r.value).toMatchObject({ outcome: 'refused', reasons: ['tooCloseToClosing'] });
    });
    await atTokyo('2026-06-10T14:00:00Z', async () => { // 23:00 in Tokyo
      const { sessionId } = await loggedIn();
      const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 400_000, incomeCertificate: slip(6_000_000) });
      expect(r.ok && r.value).toMatchObject({ outcome: 'refused', reasons: ['outsideOpeningHours'] });
    });
  });

  it('needs a PIN-authenticated session for limits', async () => {
    const card = await hq.newCustomerCard();
    const sessionId = newSessionId();
    await hq.client.identifyCard({ sessionId, cardNumber: card.cardNumber });
    const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 400_000, incomeCertificate: slip(6_000_000) });
    expect(r).toMatchObject({ ok: false, error: { status: 403, code: 'notAuthenticated' } });
    const d = await hq.client.decreaseLimit({ sessionId, newLimit: 100_000 });
    expect(d).toMatchObject({ ok: false, error: { status: 403, code: 'notAuthenticated' } });
  });

  it('decreases the limit at once, and refuses a decrease below the balance', async () => {
    const { card, sessionId } = await loggedIn({ creditLimit: 500_000, balance: 150_000 });
    const r = await hq.client.decreaseLimit({ sessionId, newLimit: 200_000 });
    expect(r.ok && r.value).toEqual({ outcome: 'decreased', previousLimit: 500_000, creditLimit: 200_000, raisingAgainNeedsReview: true, contractDocument: expect.objectContaining({ kind: 'decrease', newLimit: 200_000 }) });
    expect(await storedLimit(card.customerId)).toBe(200_000);
    const below = await hq.client.decreaseLimit({ sessionId, newLimit: 100_000 });
    expect(below.ok && below.value).toEqual({ outcome: 'refused', previousLimit: 200_000, reasons: ['belowBalance'] });
    expect(await storedLimit(card.customerId)).toBe(200_000);
  });

  it('never stores a limit above one third of income across lenders, above 5,000,000 yen, or over 500,000 yen without a certificate', async () => {
    await fc.assert(fc.asyncProperty(
      fc.record({
        annualIncome: fc.integer({ min: 0, max: 30_000_000 }),
        otherLendersBorrowing: fc.integer({ min: 0, max: 3_000_000 }),
        creditLimit: fc.integer({ min: 1, max: 50 }).map((n) => n * 10_000),
        requestedLimit: fc.integer({ min: 1, max: 520 }).map((n) => n * 10_000),
        withCertificate: fc.boolean(),
      }),
      async (c) => {
        const { card, sessionId } = await loggedIn({ creditLimit: c.creditLimit, annualIncome: c.annualIncome, otherLendersBorrowing: c.otherLendersBorrowing });
        const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: c.requestedLimit, ...(c.withCertificate ? { incomeCertificate: slip(c.annualIncome) } : {}) });
        expect(r.ok).toBe(true);
        const stored = await storedLimit(card.customerId);
        if (stored !== c.creditLimit) {
          expect((stored + c.otherLendersBorrowing) * 3).toBeLessThanOrEqual(c.annualIncome);
          expect(stored).toBeLessThanOrEqual(5_000_000);
          if (stored > 500_000 || stored + c.otherLendersBorrowing > 1_000_000) expect(c.withCertificate).toBe(true);
        }
      },
    ), { numRuns: 25 });
  });

  it('serves the kiosk\'s calendar and its status now, in Tokyo time', async () => {
    const r = await hq.client.getCalendar();
    expect(r.ok && r.value).toMatchObject({
      kioskId: hq.kioskId,
      calendar: { timeZone: 'Asia/Tokyo', storeHours: { default: { open: '09:00', close: '22:00' } } },
      status: { state: 'open', closesAt: '2026-06-10T13:00:00.000Z' },
      serverTime: WEDNESDAY_NOON_TOKYO.toISOString(),
    });
    await atTokyo('2026-06-07T18:00:00Z', async () => { // Monday 03:00 in Tokyo: weekly maintenance
      const m = await hq.client.getCalendar();
      expect(m.ok && m.value.status).toMatchObject({ state: 'maintenance', until: '2026-06-07T22:00:00.000Z' });
    });
  });

  it('includes announced maintenance for this kiosk and for the whole fleet', async () => {
    await addAnnouncement(hq.db, { id: 'fleet-1', kioskId: null, startsAt: new Date('2026-06-10T02:00:00Z'), endsAt: new Date('2026-06-10T04:00:00Z'), messageJa: 'サーバー保守中です', messageEn: 'Server maintenance' });
    const r = await hq.client.getCalendar();
    expect(r.ok && r.value.calendar.announcements.map((a) => a.id)).toEqual(['fleet-1']);
    expect(r.ok && r.value.status).toMatchObject({ state: 'maintenance', reason: 'announcement', until: '2026-06-10T04:00:00.000Z' });
    await hq.db.query(`DELETE FROM service_announcements WHERE announcement_id = 'fleet-1'`);
  });

  it('takes an announcement through the admin route and serves it to the kiosk it names; refuses bad ones and strangers', async () => {
    const post = (body: unknown, token = hq.adminToken) => fetch(`${hq.url}/admin/announcements`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const good = { kioskId: hq.kioskId, startsAt: '2026-06-10T02:30:00.000Z', endsAt: '2026-06-10T03:30:00.000Z', messageJa: '回線工事のため停止しています。', messageEn: 'Stopped for line work.' };
    const created = await post(good);
    expect(created.status).toBe(201);
    const { announcementId } = (await created.json()) as { announcementId: string };
    const r = await hq.client.getCalendar();
    expect(r.ok && r.value.calendar.announcements).toEqual([{ id: announcementId, startsAt: good.startsAt, endsAt: good.endsAt, messageJa: good.messageJa, messageEn: good.messageEn }]);
    expect(r.ok && r.value.status).toMatchObject({ state: 'maintenance', reason: 'announcement', until: good.endsAt });

    const refusals = [
      [await post({ ...good, endsAt: good.startsAt }), 400, 'malformedRequest'],
      [await post({ ...good, endsAt: '2028-06-10T03:30:00.000Z' }), 400, 'malformedRequest'],
      [await post({ ...good, messageEn: '' }), 400, 'malformedRequest'],
      [await post({ ...good, kioskId: 'KIOSK-NOWHERE' }), 404, 'notFound'],
      [await post(good, 'wrong'), 401, 'adminTokenRequired'],
    ] as const;
    for (const [response, status, code] of refusals) {
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ code });
    }
    const stored = await hq.db.query('SELECT announcement_id FROM service_announcements');
    expect(stored.rows).toHaveLength(1);
    await hq.db.query('DELETE FROM service_announcements WHERE announcement_id = $1', [announcementId]);
  });

  it('withdraws an announcement through the admin route: the calendar drops it, a retry answers the same, strangers and unknown ids are refused', async () => {
    const auth = (token = hq.adminToken) => ({ authorization: `Bearer ${token}` });
    const created = await fetch(`${hq.url}/admin/announcements`, {
      method: 'POST', headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ kioskId: null, startsAt: '2026-06-10T02:30:00.000Z', endsAt: '2026-06-10T03:30:00.000Z', messageJa: '停止中', messageEn: 'Stopped' }),
    });
    const { announcementId } = (await created.json()) as { announcementId: string };
    const before = await hq.client.getCalendar();
    expect(before.ok && before.value.status.state).toBe('maintenance');

    const withdraw = (id: string, token?: string) => fetch(`${hq.url}/admin/announcements/${encodeURIComponent(id)}/withdraw`, { method: 'POST', headers: auth(token) });
    expect((await withdraw(announcementId, 'wrong')).status).toBe(401);
    const first = await withdraw(announcementId);
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body).toEqual({ announcementId, kioskId: null, withdrawnAt: WEDNESDAY_NOON_TOKYO.toISOString() });
    const after = await hq.client.getCalendar();
    expect(after.ok && after.value.calendar.announcements).toEqual([]);
    expect(after.ok && after.value.status.state).toBe('open');

    hq.clock.now = new Date(WEDNESDAY_NOON_TOKYO.getTime() + 60_000);
    try {
      const again = await withdraw(announcementId);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(body);
    } finally { hq.clock.now = WEDNESDAY_NOON_TOKYO; }
    const unknown = await withdraw('no-such-announcement');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'notFound' });
    // Kept as a record of what kiosks were told.
    expect((await hq.db.query('SELECT 1 FROM service_announcements WHERE announcement_id = $1 AND withdrawn_at IS NOT NULL', [announcementId])).rows).toHaveLength(1);
    await hq.db.query('DELETE FROM service_announcements WHERE announcement_id = $1', [announcementId]);
  });

  it('shows reported software and device health, last contact and journal position in the fleet view', async () => {
    const reported = await hq.client.reportStatus({ softwareVersion: '0.1.0+test', outOfService: false, outOfServiceReasons: [], devices: { cardReader: { state: 'online' }, idScanner: { state: 'hardwareError', detail: 'lamp failure' } } });
    expect(reported.ok && reported.value).toEqual({ accepted: true, serverTime: WEDNESDAY_NOON_TOKYO.toISOString() });
    const response = await fetch(`${hq.url}/admin/fleet`, { headers: { authorization: `Bearer ${hq.adminToken}` } });
    expect(response.status).toBe(200);
    const fleet = FleetResponse.parse(await response.json());
    const me = fleet.kiosks.find((k) => k.kioskId === hq.kioskId);
    expect(me).toEqual({
      kioskId: hq.kioskId, enabled: true, softwareVersion: '0.1.0+test', lastContactAt: WEDNESDAY_NOON_TOKYO.toISOString(), outOfService: false, outOfServiceReasons: [],
      deviceHealth: { cardReader: { state: 'online' }, idScanner: { state: 'hardwareError', detail: 'lamp failure' } },
      deviceHealthAt: WEDNESDAY_NOON_TOKYO.toISOString(),
      journal: { ackedThrough: 0, lastIngestAt: null, tamperAlerts: 0 },
      vitals: null,
    });
    const refused = await fetch(`${hq.url}/admin/fleet`, { headers: { authorization: 'Bearer wrong' } });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'adminTokenRequired' });
  });

  it('refuses a status report carrying a card-number-like detail, or a reason it does not know', async () => {
    const r = await hq.client.reportStatus({ softwareVersion: '0.1.0', outOfService: false, devices: { cardReader: { state: 'online', detail: 'last card 4000000000000051' } } });
    expect(r).toMatchObject({ ok: false, error: { status: 400, code: 'malformedRequest' } });
    const unknownReason = await hq.client.reportStatus({ softwareVersion: '0.1.0', outOfService: true, outOfServiceReasons: ['bored'] as never, devices: {} });
    expect(unknownReason).toMatchObject({ ok: false, error: { status: 400, code: 'malformedRequest' } });
  });

  it('keeps the reasons a kiosk gives for being out of service, and none for an older kiosk that sends only the flag', async () => {
    const fleetEntry = async () => FleetResponse.parse(await (await fetch(`${hq.url}/admin/fleet`, { headers: { authorization: `Bearer ${hq.adminToken}` } })).json())
      .kiosks.find((k) => k.kioskId === hq.kioskId);
    expect((await hq.client.reportStatus({ softwareVersion: '0.1.0', outOfService: true, outOfServiceReasons: ['cardReaderFault', 'hqUnreachable'], devices: {} })).ok).toBe(true);
    expect(await fleetEntry()).toMatchObject({ outOfService: true, outOfServiceReasons: ['cardReaderFault', 'hqUnreachable'] });
    expect((await hq.client.reportStatus({ softwareVersion: '0.0.9', outOfService: true, devices: {} })).ok).toBe(true);
    expect(await fleetEntry()).toMatchObject({ outOfService: true, outOfServiceReasons: null });
  });
});
