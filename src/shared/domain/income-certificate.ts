/**
 * An income certificate's content, as the scanner reads it (JPID
 * `TYPE:INCOME`, docs/id-document-record.md) and as HQ receives it with a
 * limit review. The content travels, never an image: Money Lending Business
 * Act art. 13(3) requires the lender to actually receive the certificate,
 * and what HQ checks (holder, period, income) is in these fields.
 */
import { z } from 'zod';

/**
 * The kinds the enforcement regulation (貸金業法施行規則 第10条の17) accepts,
 * as DOMAIN.md lists them:
 * - withholdingSlip 源泉徴収票 (incl. 公的年金等の源泉徴収票 is `pensionNotice`)
 * - taxReturn 確定申告書
 * - payslips 給与明細 for the latest two months, with the last year's bonus slips
 * - pensionNotice 年金通知書 / 年金証書
 * - taxCertificate 課税証明書 / 所得証明書 (incl. 納税証明書)
 * - paymentRecord 支払調書
 * - businessStatement 青色申告決算書 / 収支内訳書
 */
export const IncomeCertificateKind = z.enum([
  'withholdingSlip', 'taxReturn', 'payslips', 'pensionNotice', 'taxCertificate', 'paymentRecord', 'businessStatement',
]);
export type IncomeCertificateKind = z.infer<typeof IncomeCertificateKind>;

export const IncomeCertificate = z.object({
  kind: IncomeCertificateKind,
  /** The holder's name as printed (normalised text, kanji as read). */
  holderName: z.string().min(1).max(60),
  /** The year the income was earned (所得の年分); for pay slips, the year of the latest slip. */
  incomeYear: z.number().int().min(1900).max(2200),
  /** Issue date (YYYY-MM-DD) when the layout prints one; for pay slips the latest slip's pay date (required for them). */
  issueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /** Annual income in yen the certificate shows (pay slips: as the reader's adapter annualises them, docs/id-document-record.md). */
  annualIncome: z.number().int().min(0).max(1_000_000_000_000),
}).strict();
export type IncomeCertificate = z.infer<typeof IncomeCertificate>;
