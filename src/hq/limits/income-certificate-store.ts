/**
 * Keeps an income certificate's content with the review it was handed in
 * to (migration 008; Money Lending Business Act art. 13(3)-(4)). Called in
 * the review's transaction, after its operation_log entry.
 */
import type { IncomeCertificate } from '../../shared/domain/income-certificate';
import type { Queryable } from '../../server-kit/db/db';
import type { CertificateVerdict } from '../policy/income-certificate-rules';

export interface StoredIncomeCertificate extends IncomeCertificate {
  verdict: 'accepted' | Extract<CertificateVerdict, { accepted: false }>['reason'];
  operationEntryId: number;
}

export async function storeIncomeCertificate(
  tx: Queryable,
  entry: { operationEntryId: number; customerId: number; sessionId: string; at: Date },
  certificate: IncomeCertificate,
  verdict: CertificateVerdict,
): Promise<void> {
  await tx.query(
    `INSERT INTO income_certificates (operation_entry_id, customer_id, session_id, received_at, kind, holder_name, income_year, issue_date, annual_income, verdict)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [entry.operationEntryId, entry.customerId, entry.sessionId, entry.at.toISOString(), certificate.kind, certificate.holderName,
      certificate.incomeYear, certificate.issueDate ?? null, certificate.annualIncome, verdict.accepted ? 'accepted' : verdict.reason],
  );
}

/** The certificates kept for a customer, oldest first (staff review, tests). */
export async function incomeCertificatesOf(q: Queryable, customerId: number): Promise<StoredIncomeCertificate[]> {
  const { rows } = await q.query<{
    operation_entry_id: number | string; kind: IncomeCertificate['kind']; holder_name: string; income_year: number;
    issue_date: string | Date | null; annual_income: number | string; verdict: StoredIncomeCertificate['verdict'];
  }>(
    `SELECT operation_entry_id, kind, holder_name, income_year, to_char(issue_date, 'YYYY-MM-DD') AS issue_date, annual_income, verdict
     FROM income_certificates WHERE customer_id = $1 ORDER BY certificate_id`, [customerId]);
  return rows.map((r) => ({
    operationEntryId: Number(r.operation_entry_id), kind: r.kind, holderName: r.holder_name, incomeYear: Number(r.income_year),
    ...(r.issue_date !== null ? { issueDate: String(r.issue_date) } : {}), annualIncome: Number(r.annual_income), verdict: r.verdict,
  }));
}
