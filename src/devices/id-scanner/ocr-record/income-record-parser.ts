/**
 * The income-certificate record, JPID/1 `TYPE:INCOME`
 * (docs/id-document-record.md, "Income certificates"): kind, holder name,
 * income year, issue date and annual income, read into an
 * `IncomeCertificate`. Not an identity document: HQ checks it against the
 * customer in a limit review (Money Lending Business Act art. 13(3)).
 * Errors name the key and the problem, never the value (they reach logs).
 */
import { toHalfWidth } from '../../../shared/domain/half-width';
import { IncomeCertificate, type IncomeCertificateKind } from '../../../shared/domain/income-certificate';
import type { Finding, PayloadParse } from '../payload/parse-result';
import { normaliseText } from '../text-normalise';
import { eraYearToGregorian, parseCardDate } from './japanese-era';

export const INCOME_RECORD_KEYS = ['TYPE', 'KIND', 'NAME', 'YEAR', 'ISSUE', 'INCOME'] as const;
type IncomeKey = (typeof INCOME_RECORD_KEYS)[number];

/**
 * `KIND` values: an ASCII code, or the document's Japanese title as printed
 * (the kinds of 貸金業法施行規則 第10条の17, DOMAIN.md).
 */
export const INCOME_KIND_CODES: Readonly<Record<string, IncomeCertificateKind>> = {
  WITHHOLDING: 'withholdingSlip', 源泉徴収票: 'withholdingSlip',
  TAX_RETURN: 'taxReturn', 確定申告書: 'taxReturn',
  PAYSLIPS: 'payslips', 給与明細: 'payslips', 給与明細書: 'payslips', 給与の支払明細書: 'payslips',
  PENSION: 'pensionNotice', 年金通知書: 'pensionNotice', 年金証書: 'pensionNotice',
  TAX_CERTIFICATE: 'taxCertificate', 課税証明書: 'taxCertificate', 所得証明書: 'taxCertificate', 納税証明書: 'taxCertificate',
  PAYMENT_RECORD: 'paymentRecord', 支払調書: 'paymentRecord',
  BUSINESS_STATEMENT: 'businessStatement', 青色申告決算書: 'businessStatement', 収支内訳書: 'businessStatement',
};

/** The ASCII code the simulator and tests write for each kind. */
export const INCOME_KIND_CODE: Readonly<Record<IncomeCertificateKind, string>> = {
  withholdingSlip: 'WITHHOLDING', taxReturn: 'TAX_RETURN', payslips: 'PAYSLIPS', pensionNotice: 'PENSION',
  taxCertificate: 'TAX_CERTIFICATE', paymentRecord: 'PAYMENT_RECORD', businessStatement: 'BUSINESS_STATEMENT',
};

/** `5,200,000`, `5200000円`, `¥5,200,000`: whole yen, thousands separators only in threes. */
const YEN_AMOUNT = /^[¥￥]?(\d{1,3}(?:,\d{3})+|\d+)円?$/;
/** `2025`, `2025年分`, `令和7年分`, `R7`, `令和元年`. */
const GREGORIAN_YEAR = /^(\d{4})(?:年分?)?$/;
const ERA_YEAR = /^(明治|大正|昭和|平成|令和|[MTSHR])(元|\d{1,2})(?:年分?)?$/;
const CONTROL = /[\u0000-\u001F\u007F]/;

type Entry = { key: string; value: string };

function unreadable(reason: string, findings: Finding[]): PayloadParse {
  return { outcome: 'unreadable', format: 'JPID/1', reason: `income certificate: ${reason}`, findings };
}

export function parseIncomeYear(text: string): number | undefined {
  const compact = toHalfWidth(text).replace(/\s+/g, '').toUpperCase();
  const gregorian = GREGORIAN_YEAR.exec(compact);
  if (gregorian) return Number(gregorian[1]);
  const era = ERA_YEAR.exec(compact);
  if (!era) return undefined;
  return eraYearToGregorian(era[1]!, era[2] === '元' ? 1 : Number(era[2]));
}

export function parseYenAmount(text: string): number | undefined {
  const match = YEN_AMOUNT.exec(toHalfWidth(text).replace(/\s+/g, ''));
  if (!match) return undefined;
  const amount = Number(match[1]!.replace(/,/g, ''));
  return Number.isSafeInteger(amount) && amount <= 1_000_000_000_000 ? amount : undefined;
}

/**
 * An income record's entries (header and END already checked, TYPE is
 * INCOME). Required: KIND, NAME, YEAR, INCOME; ISSUE also for pay slips
 * (their period is the latest slip's pay date).
 */
export function parseIncomeRecord(entries: readonly Entry[]): PayloadParse {
  const findings: Finding[] = [];
  const values = new Map<IncomeKey, string>();
  for (const { key, value } of entries) {
    if (!(INCOME_RECORD_KEYS as readonly string[]).includes(key)) {
      findings.push({ field: key.replace(/[^A-Z0-9_]/g, '?').slice(0, 20), problem: 'unknownField' });
      continue;
    }
    if (values.has(key as IncomeKey)) return unreadable(`key ${key} appears twice`, findings);
    if (value !== '') values.set(key as IncomeKey, value);
  }
  const missing = (['KIND', 'NAME', 'YEAR', 'INCOME'] as const).filter((key) => !values.has(key));
  if (missing.length > 0) {
    for (const field of missing) findings.push({ field, problem: 'missing' });
    return unreadable(`${missing.join(', ')} missing`, findings);
  }

  const bad = (field: IncomeKey, what: string): PayloadParse => {
    findings.push({ field, problem: 'badFormat' });
    return unreadable(`${field} is not ${what}`, findings);
  };
  const kind = INCOME_KIND_CODES[toHalfWidth(values.get('KIND')!).replace(/\s+/g, '').toUpperCase()];
  if (!kind) return bad('KIND', 'a certificate kind this layout defines');
  const holderName = normaliseText(values.get('NAME')!);
  if (holderName.length === 0 || holderName.length > 60 || CONTROL.test(holderName)) return bad('NAME', 'a name of 1 to 60 printable characters');
  const incomeYear = parseIncomeYear(values.get('YEAR')!);
  if (incomeYear === undefined) return bad('YEAR', 'a year (2025, 2025年分, 令和7年分)');
  const annualIncome = parseYenAmount(values.get('INCOME')!);
  if (annualIncome === undefined) return bad('INCOME', 'a whole-yen amount');
  let issueDate: string | undefined;
  const issue = values.get('ISSUE');
  if (issue !== undefined) {
    const parsed = parseCardDate(toHalfWidth(issue));
    if (!parsed.ok) return bad('ISSUE', 'a date');
    issueDate = parsed.iso;
  } else if (kind === 'payslips') {
    findings.push({ field: 'ISSUE', problem: 'missing' });
    return unreadable('ISSUE missing (pay slips are dated by the latest slip)', findings);
  }

  const certificate = IncomeCertificate.safeParse({ kind, holderName, incomeYear, annualIncome, ...(issueDate ? { issueDate } : {}) });
  if (!certificate.success) return unreadable('the fields read do not form a certificate', findings);
  return { outcome: 'incomeCertificate', format: 'JPID/1', certificate: certificate.data, findings };
}
