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

/**
 * The first day (MM-DD, Tokyo) on which LAST year's certificate of each
 * annual kind must exist; before it, the year before last is the latest a
 * customer can hold. From the tax calendar, not a business choice:
 * - 源泉徴収票 by 31 January (所得税法 第226条第1項); 支払調書 and the
 *   pension withholding slip follow the same January deadline;
 * - 確定申告書 and its 青色申告決算書 / 収支内訳書 by 15 March (所得税法 第120条);
 * - 課税証明書 / 所得証明書: municipal tax is assessed in June, so last
 *   year's certificate is issued from June.
 * HQ's rule (src/hq/policy/income-certificate-rules.ts) and the simulator's
 * demo certificates both date from it.
 */
export const LAST_YEAR_AVAILABLE_FROM: Readonly<Record<Exclude<IncomeCertificateKind, 'payslips'>, string>> = {
  withholdingSlip: '02-01',
  paymentRecord: '02-01',
  pensionNotice: '02-01',
  taxReturn: '03-16',
  businessStatement: '03-16',
  taxCertificate: '06-01',
};

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
