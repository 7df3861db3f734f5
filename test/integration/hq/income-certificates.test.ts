/**
 * Income certificates in the limit review (issue 14; docs/policy.md,
 * "Income certificates"), through HQ's HTTP API on PGlite and PostgreSQL:
 * the holder is the customer, the period is the latest, the certified
 * income is what the cap is computed on, and the content is kept with the
 * review (migration 008).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incomeCertificatesOf } from '../../../src/hq/limits/income-certificate-store';
import type { IncomeCertificate } from '../../../src/shared/domain/income-certificate';
import { startHarness, STORES, type HqHarness, CAP_ONLY_LIMIT_POLICY, loggedInCustomer } from './hq-harness';

/** Last year's 源泉徴収票 in the harness customer's name (the harness clock is 2026-06-10, Tokyo). */
const slip = (overrides: Partial<IncomeCertificate> = {}): IncomeCertificate => ({
  kind: 'withholdingSlip', holderName: '試験 花子', incomeYear: 2025, issueDate: '2026-01-20', annualIncome: 3_600_000, ...overrides,
});

describe.each(STORES)('income certificates in the limit review on %s', (kind) => {
  let hq: HqHarness;
  // The credit bureau in the loop (every increase asks it first, issue 14) with the debt-service
  // ratio out of the way, so the amounts here follow the certified income and the total-volume rule.
  beforeAll(async () => {
    hq = await startHarness(kind, { seed: false, bureau: true, limitPolicy: CAP_ONLY_LIMIT_POLICY });
  });
  afterAll(async () => { await hq?.close(); });

  const loggedIn = (options: Parameters<HqHarness['newCustomerCard']>[0] = {}) => loggedInCustomer(hq, options);
  const storedLimit = async (customerId: number) =>
    Number((await hq.db.query<{ credit_limit: number }>('SELECT credit_limit FROM customers WHERE customer_id = $1', [customerId])).rows[0]!.credit_limit);

  it('caps on the certified income, over both the declaration and the record, and keeps the certificate with the review', async () => {
    const { card, sessionId } = await loggedIn({ creditLimit: 300_000, annualIncome: 6_000_000 });
    // Record 6,000,000, declared 2,400,000, certified 3,600,000: the cap is 3,600,000 / 3 = 1,200,000.
    const r = await hq.client.reviewLimitIncrease({
      sessionId, requestedLimit: 1_500_000, incomeCertificate: slip(),
      declarations: { annualIncome: 2_400_000, employment: 'employee', otherLendersBorrowing: 0 },
    });
    expect(r.ok && r.value).toMatchObject({ outcome: 'partiallyApproved', approvedLimit: 1_200_000, reasons: ['reducedToTotalVolumeCap'] });
    const review = (await hq.db.query<{ entry_id: number | string; detail: Record<string, unknown> }>(
      `SELECT entry_id, detail FROM operation_log WHERE card_id = $1 AND operation = 'limitIncrease'`, [card.cardId])).rows;
    expect(review).toHaveLength(1);
    expect(await incomeCertificatesOf(hq.db, card.customerId)).toEqual([{
      operationEntryId: Number(review[0]!.entry_id), kind: 'withholdingSlip', holderName: '試験 花子', incomeYear: 2025,
      issueDate: '2026-01-20', annualIncome: 3_600_000, verdict: 'accepted',
    }]);
    // The operation log names the certificate by kind and year; its name and income live only in income_certificates.
    expect(review[0]!.detail.incomeCertificate).toEqual({ kind: 'withholdingSlip', incomeYear: 2025, verdict: 'accepted' });
    expect(JSON.stringify(review[0]!.detail.incomeCertificate)).not.toContain('試験');
  });

  it('approves above the recorded income when the certificate shows more', async () => {
    const { card, sessionId } = await loggedIn({ creditLimit: 300_000, annualIncome: 1_800_000 });
    const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 1_000_000, incomeCertificate: slip({ annualIncome: 3_000_000 }) });
    expect(r.ok && r.value).toMatchObject({ outcome: 'approved', approvedLimit: 1_000_000 });
    expect(await storedLimit(card.customerId)).toBe(1_000_000);
  });

  it.each([
    ['another person\'s certificate', slip({ holderName: '木村 拓也' }), 'certificateNameMismatch'],
    ['a certificate older than the rules allow', slip({ incomeYear: 2023, issueDate: '2024-01-20' }), 'certificateTooOld'],
    ['pay slips older than two months', slip({ kind: 'payslips', incomeYear: 2026, issueDate: '2026-04-09' }), 'certificateTooOld'],
    ['a certificate issued in the future', slip({ issueDate: '2026-07-01' }), 'certificateUnreadable'],
  ] as const)('refuses %s: nothing changes, the customer is told why, and the certificate is kept as refused', async (_name, certificate, reason) => {
    const { card, sessionId } = await loggedIn({ creditLimit: 300_000, annualIncome: 6_000_000 });
    const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 600_000, incomeCertificate: certificate });
    expect(r.ok && r.value).toEqual({ outcome: 'documentsRequired', previousLimit: 300_000, creditLimit: 300_000, reasons: [reason] });
    expect(await storedLimit(card.customerId)).toBe(300_000);
    expect(await incomeCertificatesOf(hq.db, card.customerId)).toMatchObject([{ holderName: certificate.holderName, verdict: reason }]);
  });

  it('still asks for a certificate when none is handed in and the amount needs one, and stores nothing', async () => {
    const { card, sessionId } = await loggedIn({ creditLimit: 300_000 });
    const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 600_000 });
    expect(r.ok && r.value).toMatchObject({ outcome: 'documentsRequired', reasons: ['incomeCertificateRequired'] });
    expect(await incomeCertificatesOf(hq.db, card.customerId)).toEqual([]);
  });

  it('refuses a malformed certificate on the wire as a bad request, and stores nothing', async () => {
    const { card, sessionId } = await loggedIn();
    for (const incomeCertificate of [
      { ...slip(), annualIncome: -1 },
      { ...slip(), kind: 'receipt' },
      { ...slip(), image: 'data:image/png;base64,AAAA' },
    ]) {
      const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 600_000, incomeCertificate: incomeCertificate as IncomeCertificate });
      expect(r).toMatchObject({ ok: false, error: { status: 400, code: 'malformedRequest' } });
    }
    expect(await incomeCertificatesOf(hq.db, card.customerId)).toEqual([]);
  });
});
