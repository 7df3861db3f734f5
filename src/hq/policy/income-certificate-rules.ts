/**
 * Whether an income certificate handed in at the machine can stand behind a
 * limit review (docs/policy.md, "Income certificates"). Pure: the caller
 * gives the customer's names and today's date in Tokyo.
 *
 * Money Lending Business Act art. 13(3) requires the lender to receive a
 * certificate of the borrower's income; the enforcement regulation
 * (貸金業法施行規則 第10条の17) lists the kinds and asks for the latest
 * period (pay slips: the latest two months, with the last year's bonus
 * slips). Checked in this order, the first failing rule decides:
 * 1. the content holds together (no future year or date, an issue date not
 *    before the income year, pay slips dated and dated in their year)
 *    -> certificateUnreadable;
 * 2. the holder is the customer (kanji or kana, up to the variants of
 *    src/shared/domain/name-forms.ts, the same forms identity matching
 *    uses) -> certificateNameMismatch;
 * 3. it covers the latest period that can exist today -> certificateTooOld.
 * The customer is PIN-authenticated here, so naming the failed check teaches
 * an impostor nothing (unlike identity documents, issue 13).
 */
import { LAST_YEAR_AVAILABLE_FROM, type IncomeCertificate, type IncomeCertificateKind } from '../../shared/domain/income-certificate';

export { LAST_YEAR_AVAILABLE_FROM };
import { kanaForm, kanjiForm } from '../../shared/domain/name-forms';

export const CERTIFICATE_REFUSALS = ['certificateNameMismatch', 'certificateTooOld', 'certificateUnreadable'] as const;
export type CertificateRefusal = (typeof CERTIFICATE_REFUSALS)[number];

export type CertificateVerdict = { accepted: true; annualIncome: number } | { accepted: false; reason: CertificateRefusal };

/** 施行規則 第10条の17: pay slips for the latest two months, so the latest is at most two months old. */
export const PAYSLIP_MONTHS = 2;

export interface CertificateHolder {
  nameKanji: string;
  nameKana: string;
}

/** The oldest income year accepted today for an annual kind. */
export function oldestAcceptedYear(kind: Exclude<IncomeCertificateKind, 'payslips'>, todayIso: string): number {
  const year = Number(todayIso.slice(0, 4));
  return todayIso.slice(5) >= LAST_YEAR_AVAILABLE_FROM[kind] ? year - 1 : year - 2;
}

/** The same day `months` months earlier (clamped to the month's last day), ISO. */
export function monthsBefore(todayIso: string, months: number): string {
  const [y, m, d] = todayIso.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function isCertificateHolder(certificate: IncomeCertificate, holder: CertificateHolder): boolean {
  return kanjiForm(certificate.holderName) === kanjiForm(holder.nameKanji) || kanaForm(certificate.holderName) === kanaForm(holder.nameKana);
}

export function assessIncomeCertificate(certificate: IncomeCertificate, holder: CertificateHolder, todayIso: string): CertificateVerdict {
  const thisYear = Number(todayIso.slice(0, 4));
  const { issueDate, incomeYear } = certificate;
  const coherent = incomeYear <= thisYear
    && (issueDate === undefined || (issueDate <= todayIso && issueDate >= `${incomeYear}-01-01`))
    && (certificate.kind !== 'payslips' || (issueDate !== undefined && Number(issueDate.slice(0, 4)) === incomeYear));
  if (!coherent) return { accepted: false, reason: 'certificateUnreadable' };
  if (!isCertificateHolder(certificate, holder)) return { accepted: false, reason: 'certificateNameMismatch' };
  const recent = certificate.kind === 'payslips'
    ? issueDate! >= monthsBefore(todayIso, PAYSLIP_MONTHS)
    : incomeYear >= oldestAcceptedYear(certificate.kind, todayIso);
  if (!recent) return { accepted: false, reason: 'certificateTooOld' };
  return { accepted: true, annualIncome: certificate.annualIncome };
}
