/**
 * HQ and the credit bureau (issue 14; Money Lending Business Act art. 13,
 * 13-2 and 41-35): a real bureau on loopback, behind a fault proxy, on
 * PGlite and on PostgreSQL. Every increase review asks the bureau first (the
 * bureau records the enquiry), decides on its figures, and decides nothing
 * without them; every limit change is registered at the bureau, durably.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IncomeCertificate } from '../../../src/shared/domain/income-certificate';
import { DEMO_LENDER_ID } from '../../../src/shared/demo/demo-lenders';
import { demoPerson } from '../../../src/shared/demo/demo-people';
import { demoPin } from '../../../src/hq/seed/seed-demo';
import { newSessionId, pinBuffer, startHarness, STORES, type HqHarness } from './hq-harness';

describe.each(STORES)('limit review with the credit bureau on %s', (kind) => {
  let hq: HqHarness;
  let liar: Server;
  let liarUrl: string;
  beforeAll(async () => {
    hq = await startHarness(kind, { seed: true, bureau: true }); // the default 3 s enquiry timeout: a loaded CI machine answers well inside it; the 'slower' fault waits 6 s
    // A "bureau" that answers 200 with figures that do not add up (its totals disagree with its contracts).
    liar = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        enquiryId: '00000000-0000-4000-8000-000000000000', answeredAt: new Date().toISOString(), onRecord: false, contracts: [],
        totals: { totalVolume: { contracts: 0, limit: 0, balance: 0, atOtherLenders: { contracts: 0, limit: 0, balance: 0 } }, excluded: { contracts: 0, limit: 0, balance: 0 }, delinquentContracts: 1 },
        enquiries: [],
      }));
    });
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    liarUrl = `http://127.0.0.1:${(liar.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await hq?.close();
    await new Promise((resolve) => liar?.close(resolve));
  });

  const bureau = () => hq.bureau!;
  // A withholding slip in the harness customer's name (test/integration/hq/hq-harness.ts), for the amounts that need one (art. 13(3)).
  const slip = (annualIncome: number): IncomeCertificate => ({ kind: 'withholdingSlip', holderName: '試験 花子', incomeYear: 2025, issueDate: '2026-01-20', annualIncome });
  const demoEnquiries = async () =>
    (await bureau().harness.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM bureau_enquiries WHERE lender_id = $1 AND purpose = 'limitIncrease'`, [DEMO_LENDER_ID])).rows[0]!.n;
  const registeredLimit = async (memberNumber: string) =>
    (await bureau().harness.db.query<{ credit_limit: string }>('SELECT credit_limit FROM bureau_contracts WHERE lender_id = $1 AND contract_ref = $2', [DEMO_LENDER_ID, memberNumber])).rows.map((r) => Number(r.credit_limit))[0];
  const storedLimit = async (customerId: number) =>
    Number((await hq.db.query<{ credit_limit: string }>('SELECT credit_limit FROM customers WHERE customer_id = $1', [customerId])).rows[0]!.credit_limit);
  const memberNumberOf = async (customerId: number) =>
    (await hq.db.query<{ member_number: string }>('SELECT member_number FROM customers WHERE customer_id = $1', [customerId])).rows[0]!.member_number;
  const outbox = async (customerId: number) =>
    (await hq.db.query<{ credit_limit: string; reason: string; registered_at: Date | null; attempts: number }>(
      'SELECT credit_limit, reason, registered_at, attempts FROM bureau_registrations WHERE customer_id = $1 ORDER BY change_seq', [customerId])).rows
      .map((r) => ({ ...r, credit_limit: Number(r.credit_limit), registered_at: r.registered_at === null ? null : new Date(r.registered_at) }));
  const offers = async (customerId: number) =>
    (await hq.db.query<{ n: number }>('SELECT count(*)::int AS n FROM limit_offers WHERE customer_id = $1', [customerId])).rows[0]!.n;

  async function loggedIn(options: Parameters<HqHarness['newCustomerCard']>[0] = {}) {
    const card = await hq.newCustomerCard(options);
    const sessionId = newSessionId();
    const r = await hq.client.authenticateCard({ sessionId, cardNumber: card.cardNumber, pinDigits: pinBuffer(card.pin) });
    expect(r.ok && r.value.outcome).toBe('ok');
    return { card, sessionId, memberNumber: await memberNumberOf(card.customerId) };
  }

  it('asks the bureau at every increase review (the bureau records it) and registers the approved limit', async () => {
    const { card, sessionId, memberNumber } = await loggedIn({ creditLimit: 300_000, annualIncome: 6_000_000 });
    const before = await demoEnquiries();
    const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 400_000 });
    expect(r.ok && r.value).toMatchObject({ outcome: 'approved', creditLimit: 400_000 });
    expect(await demoEnquiries()).toBe(before + 1);
    await vi.waitFor(async () => expect(await registeredLimit(memberNumber)).toBe(400000), { timeout: 10_000 });
    // HQ marks the row once the bureau's answer is in.
    await vi.waitFor(async () => expect(await outbox(card.customerId)).toEqual([expect.objectContaining({ credit_limit: 400000, reason: 'increase', attempts: 1, registered_at: expect.any(Date) })]));
  });

  it('asks nothing for a request refused anyway (an enquiry stays on the customer\'s bureau record)', async () => {
    const { sessionId } = await loggedIn();
    const before = await demoEnquiries();
    const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 305_000 });
    expect(r.ok && r.value).toMatchObject({ outcome: 'refused', reasons: ['invalidStep'] });
    expect(await demoEnquiries()).toBe(before);
  });

  it('uses the bureau\'s figures: 佐藤 (700,000 elsewhere) is at the cap; a delinquency at another lender declines', async () => {
    const sato = newSessionId();
    await hq.client.authenticateCard({ sessionId: sato, cardNumber: demoPerson('sato').cardNumber!, pinDigits: pinBuffer(demoPin('sato')) });
    // She declares nothing elsewhere; the bureau says 700,000.
    const r = await hq.client.reviewLimitIncrease({
      sessionId: sato, requestedLimit: 400_000, declarations: { annualIncome: 3_000_000, employment: 'employee', otherLendersBorrowing: 0 },
    });
    expect(r.ok && r.value).toMatchObject({ outcome: 'declined', reasons: ['atTotalVolumeCap'] });

    // HQ's own record says nothing is wrong; the bureau shows a delinquency at MIDORI-CREDIT.
    const { card, sessionId } = await loggedIn({ creditLimit: 300_000, annualIncome: 6_000_000 });
    const customer = (await hq.db.query<{ name_kanji: string; name_kana: string; dob: string; address: string }>(
      'SELECT name_kanji, name_kana, date_of_birth::text AS dob, address FROM customers WHERE customer_id = $1', [card.customerId])).rows[0]!;
    const registered = await bureau().harness.otherLender.client.registerContract({
      subject: { nameKanji: customer.name_kanji, nameKana: customer.name_kana, dateOfBirth: customer.dob, address: customer.address },
      contract: { contractRef: `D${card.customerId}`, kind: 'cardCashing', limit: 100_000, balance: 90_000, delinquentSince: '2026-03-01' },
    });
    expect(registered.ok).toBe(true);
    const declined = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 400_000 });
    expect(declined.ok && declined.value).toMatchObject({ outcome: 'declined', creditLimit: 300_000, reasons: ['bureauDelinquency'] });
    expect(await outbox(card.customerId)).toEqual([]);
  });

  it('lowers to what the income can repay (debt-service ratio) and registers the offer once accepted', async () => {
    // 3,600,000 a year, declared part-time: 9% of 300,000 a month = 27,000 => at most 900,000 owed (the cap is 1,200,000).
    const { card, sessionId, memberNumber } = await loggedIn({ creditLimit: 300_000, annualIncome: 3_600_000 });
    const r = await hq.client.reviewLimitIncrease({
      sessionId, requestedLimit: 1_200_000, incomeCertificate: slip(3_600_000), declarations: { annualIncome: 3_600_000, employment: 'partTime', otherLendersBorrowing: 0 },
    });
    expect(r.ok && r.value).toMatchObject({ outcome: 'partiallyApproved', creditLimit: 300_000, approvedLimit: 900_000, reasons: ['reducedToRepaymentCapacity'] });
    expect(await outbox(card.customerId)).toEqual([]);
    const accepted = await hq.client.answerLimitOffer({ sessionId, accept: true });
    expect(accepted.ok && accepted.value).toMatchObject({ outcome: 'accepted', creditLimit: 900_000 });
    await vi.waitFor(async () => expect(await registeredLimit(memberNumber)).toBe(900000), { timeout: 10_000 });
    await vi.waitFor(async () => expect(await outbox(card.customerId)).toEqual([expect.objectContaining({ reason: 'offerAccepted', registered_at: expect.any(Date) })]));
  });

  it('registers a decrease (no enquiry needed)', async () => {
    const { card, sessionId, memberNumber } = await loggedIn({ creditLimit: 500_000, balance: 100_000 });
    const before = await demoEnquiries();
    const r = await hq.client.decreaseLimit({ sessionId, newLimit: 200_000 });
    expect(r.ok && r.value).toMatchObject({ outcome: 'decreased', creditLimit: 200_000 });
    await vi.waitFor(async () => expect(await registeredLimit(memberNumber)).toBe(200000), { timeout: 10_000 });
    expect(await demoEnquiries()).toBe(before);
    expect(await outbox(card.customerId)).toEqual([expect.objectContaining({ reason: 'decrease', credit_limit: 200000 })]);
  });

  it.each([
    ['unreachable', { kind: 'drop' }],
    ['slower than the timeout', { kind: 'delay', ms: 6_000 }],
    ['answering 500', { kind: 'error500' }],
  ] as const)('decides nothing when the bureau is %s: refused (bureauUnavailable), no limit change, no offer, nothing registered', async (_label, fault) => {
    const { card, sessionId } = await loggedIn({ creditLimit: 300_000, annualIncome: 6_000_000 });
    bureau().fault = fault;
    try {
      const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 1_000_000, incomeCertificate: slip(6_000_000) });
      expect(r.ok && r.value).toEqual({ outcome: 'refused', previousLimit: 300_000, creditLimit: 300_000, reasons: ['bureauUnavailable'] });
    } finally {
      bureau().fault = { kind: 'pass' };
    }
    expect(await storedLimit(card.customerId)).toBe(300_000);
    expect(await offers(card.customerId)).toBe(0);
    expect(await outbox(card.customerId)).toEqual([]);
    const log = (await hq.db.query<{ outcome: string; reason_codes: string[]; detail: { bureau?: { failure: string } } }>(
      `SELECT outcome, reason_codes, detail FROM operation_log WHERE card_id = $1 AND operation = 'limitIncrease'`, [card.cardId])).rows;
    expect(log).toEqual([expect.objectContaining({ outcome: 'refused', detail: expect.objectContaining({ bureau: { failure: expect.any(String) } }) })]);
  });

  it('decides nothing on an answer that does not add up (a lying or broken bureau)', async () => {
    const { card, sessionId } = await loggedIn({ creditLimit: 300_000, annualIncome: 6_000_000 });
    bureau().proxy.setUpstream(liarUrl);
    try {
      const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 400_000 });
      expect(r.ok && r.value).toMatchObject({ outcome: 'refused', reasons: ['bureauUnavailable'] });
    } finally {
      bureau().proxy.setUpstream(bureau().harness.url);
    }
    expect(await storedLimit(card.customerId)).toBe(300_000);
    expect(await outbox(card.customerId)).toEqual([]);
  });

  it('keeps an approval\'s registration through a bureau outage after the approval, and sends it once the bureau is back', async () => {
    const { card, sessionId, memberNumber } = await loggedIn({ creditLimit: 300_000, annualIncome: 6_000_000 });
    // The enquiry passes; then the bureau goes away before the registration.
    bureau().queue = [{ kind: 'pass' }];
    bureau().fault = { kind: 'drop' };
    try {
      const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 450_000 });
      expect(r.ok && r.value).toMatchObject({ outcome: 'approved', creditLimit: 450_000 });
      await vi.waitFor(async () => expect((await outbox(card.customerId))[0]?.attempts).toBe(1), { timeout: 10_000 });
      expect(await registeredLimit(memberNumber)).toBeUndefined();
      expect(await outbox(card.customerId)).toEqual([expect.objectContaining({ credit_limit: 450000, registered_at: null })]);
    } finally {
      bureau().fault = { kind: 'pass' };
      bureau().queue = [];
    }
    // Housekeeping retries once the backoff is over (from any request, at most every 30 s).
    hq.clock.now = new Date(hq.clock.now.getTime() + 60_000);
    await vi.waitFor(async () => {
      await fetch(`${hq.url}/health`);
      expect(await registeredLimit(memberNumber)).toBe(450000);
    }, { timeout: 10_000, interval: 200 });
    await vi.waitFor(async () => expect(await outbox(card.customerId)).toEqual([expect.objectContaining({ attempts: 2, registered_at: expect.any(Date) })]));
  });
});
