import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractChangeDocument } from '../../../src/shared/hq-api/contract-document';
import { startHarness, STORES, type HqHarness, CAP_ONLY_LIMIT_POLICY, loggedInCustomer } from './hq-harness';

describe.each(STORES)('contract-change documents (art. 17) on %s', (kind) => {
  let hq: HqHarness;
  // The credit bureau in the loop (every increase asks it) and the debt-service ratio out of the
  // way, so the amounts here follow the total-volume rule alone (limit-review-bureau.test.ts has the rest).
  beforeAll(async () => {
    hq = await startHarness(kind, { seed: true, bureau: true, limitPolicy: CAP_ONLY_LIMIT_POLICY });
  });
  afterAll(async () => { await hq?.close(); });

  const loggedIn = (options: Parameters<HqHarness['newCustomerCard']>[0] = {}) => loggedInCustomer(hq, options);
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${hq.url}/admin${path}`, { ...init, headers: { authorization: `Bearer ${hq.adminToken}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  const stored = async (documentId: string) =>
    (await hq.db.query<{ delivery: string; delivery_failure: string | null; print_attempts: number | null }>(
      'SELECT delivery, delivery_failure, print_attempts FROM contract_documents WHERE document_id = $1', [documentId])).rows[0];

  it('issues the document with an approval: lender, date, name, masked card, old and new limit, rates, repayment, effective date, contact', async () => {
    const { card, sessionId } = await loggedIn({ creditLimit: 300_000, annualIncome: 6_000_000 });
    const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 400_000 });
    expect(r.ok).toBe(true);
    const document = ContractChangeDocument.parse(r.ok ? r.value.contractDocument : null);
    expect(document).toMatchObject({ kind: 'increase', previousLimit: 300_000, newLimit: 400_000, effectiveDate: '2026-06-10' });
    const text = document.lines.map((l) => l.text).join('\n');
    for (const fact of ['極度額変更のお知らせ', '貸金業法第17条', '発行日　2026年6月10日', '変更前の極度額　300,000円', '変更後の極度額　400,000円',
      '変更の効力発生日　2026年6月10日', '年4.5%～17.8%', '残高スライド元利定額返済方式', '登録番号', '0120-24-0365']) {
      expect(text).toContain(fact);
    }
    expect(text).toContain(`カード番号　${card.cardNumber.slice(0, 6)}******${card.cardNumber.slice(-4)}`);
    expect(text).not.toContain(card.cardNumber);
    expect(await stored(document.documentId)).toEqual({ delivery: 'pending', delivery_failure: null, print_attempts: null });
  });

  it('issues none for a decline or a partial offer; one when the offer is accepted, and one for a decrease', async () => {
    const { sessionId } = await loggedIn({ creditLimit: 300_000, annualIncome: 2_400_000, otherLendersBorrowing: 200_000 });
    const offer = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 800_000, incomeCertificate: { kind: 'withholdingSlip', holderName: '試験 花子', incomeYear: 2025, issueDate: '2026-01-20', annualIncome: 2_400_000 } });
    expect(offer.ok && offer.value.outcome).toBe('partiallyApproved');
    expect(offer.ok && offer.value.contractDocument).toBeUndefined();
    const accepted = await hq.client.answerLimitOffer({ sessionId, accept: true });
    expect(accepted.ok && accepted.value.outcome === 'accepted' && accepted.value.contractDocument).toMatchObject({ previousLimit: 300_000, newLimit: 600_000 });
    const decreased = await hq.client.decreaseLimit({ sessionId, newLimit: 200_000 });
    const decrease = decreased.ok && decreased.value.outcome === 'decreased' ? decreased.value.contractDocument : null;
    expect(decrease).toMatchObject({ kind: 'decrease', previousLimit: 600_000, newLimit: 200_000 });
    expect(decrease!.lines.map((l) => l.text)).toContain('極度額を再び増やすには改めて審査が必要です。');
  });

  it('records delivery as the kiosk reports it, lists undelivered ones for staff, and takes them off when staff reissue', async () => {
    const { sessionId } = await loggedIn({ creditLimit: 300_000, annualIncome: 6_000_000 });
    const first = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 350_000 });
    const delivered = first.ok ? first.value.contractDocument! : null;
    const second = await hq.client.decreaseLimit({ sessionId, newLimit: 200_000 });
    const undelivered = second.ok && second.value.outcome === 'decreased' ? second.value.contractDocument : null;

    const ackDelivered = await hq.client.reportDocumentDelivery({ documentId: delivered!.documentId, delivered: true, attempts: 1 });
    expect(ackDelivered.ok && ackDelivered.value).toEqual({ documentId: delivered!.documentId, delivery: 'delivered' });
    const ackNot = await hq.client.reportDocumentDelivery({ documentId: undelivered!.documentId, delivered: false, attempts: 3, failure: 'paperOut' });
    expect(ackNot.ok && ackNot.value).toEqual({ documentId: undelivered!.documentId, delivery: 'notDelivered' });
    expect(await stored(undelivered!.documentId)).toEqual({ delivery: 'notDelivered', delivery_failure: 'paperOut', print_attempts: 3 });

    const list = await (await admin('/contract-documents/undelivered')).json() as { documents: Array<{ documentId: string; failure: string | null }> };
    const ids = list.documents.map((d) => d.documentId);
    expect(ids).toContain(undelivered!.documentId);
    expect(ids).not.toContain(delivered!.documentId);
    const copy = await (await admin(`/contract-documents/${undelivered!.documentId}`)).json();
    expect(ContractChangeDocument.parse(copy)).toEqual(undelivered);

    const reissue = await admin(`/contract-documents/${undelivered!.documentId}/reissue`, { method: 'POST', body: JSON.stringify({ staffId: 'S0001' }) });
    expect(reissue.status).toBe(200);
    expect(await stored(undelivered!.documentId)).toMatchObject({ delivery: 'reissued' });
    // A late report from the kiosk does not put it back on the list.
    await hq.client.reportDocumentDelivery({ documentId: undelivered!.documentId, delivered: false, attempts: 3, failure: 'paperOut' });
    expect(await stored(undelivered!.documentId)).toMatchObject({ delivery: 'reissued' });
    const again = await admin(`/contract-documents/${undelivered!.documentId}/reissue`, { method: 'POST', body: JSON.stringify({ staffId: 'S0001' }) });
    expect(again.status).toBe(404);
  });

  it('refuses a report for a document another kiosk was given, or one that does not exist, and a malformed report', async () => {
    const { sessionId } = await loggedIn({ creditLimit: 300_000, annualIncome: 6_000_000 });
    const r = await hq.client.reviewLimitIncrease({ sessionId, requestedLimit: 350_000 });
    const documentId = r.ok ? r.value.contractDocument!.documentId : '';
    const other = await hq.enrollKiosk();
    const stranger = await other.client.reportDocumentDelivery({ documentId, delivered: true, attempts: 1 });
    expect(stranger).toMatchObject({ ok: false, error: { kind: 'http', status: 404, code: 'notFound' } });
    expect(await stored(documentId)).toMatchObject({ delivery: 'pending' });
    const unknown = await hq.client.reportDocumentDelivery({ documentId: '00000000-0000-4000-8000-000000000000', delivered: true, attempts: 1 });
    expect(unknown).toMatchObject({ ok: false, error: { status: 404 } });
    // Not delivered without saying why: refused before anything is stored.
    const malformed = await hq.client.call('reportDocumentDelivery', { documentId, delivered: false, attempts: 1 } as never);
    expect(malformed.ok).toBe(false);
    expect(await stored(documentId)).toMatchObject({ delivery: 'pending' });
  });
});
