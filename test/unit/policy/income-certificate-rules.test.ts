import { describe, expect, it } from 'vitest';
import { assessIncomeCertificate, monthsBefore, oldestAcceptedYear } from '../../../src/hq/policy/income-certificate-rules';
import type { IncomeCertificate } from '../../../src/shared/domain/income-certificate';

const yamada = { nameKanji: '山田 太郎', nameKana: 'ヤマダ タロウ' };
const TODAY = '2026-12-02';
const slip: IncomeCertificate = { kind: 'withholdingSlip', holderName: '山田 太郎', incomeYear: 2025, issueDate: '2026-01-20', annualIncome: 5_200_000 };

describe('income certificate rules (docs/policy.md, "Income certificates")', () => {
  it('accepts the customer\'s latest certificate and gives its income', () => {
    expect(assessIncomeCertificate(slip, yamada, TODAY)).toEqual({ accepted: true, annualIncome: 5_200_000 });
  });

  it('matches the holder up to spacing, kanji variants and kana, and refuses another person by name', () => {
    expect(assessIncomeCertificate({ ...slip, holderName: '山田　太郎' }, yamada, TODAY).accepted).toBe(true);
    expect(assessIncomeCertificate({ ...slip, holderName: 'やまだ たろう' }, yamada, TODAY).accepted).toBe(true);
    expect(assessIncomeCertificate({ ...slip, holderName: '髙橋 美咲' }, { nameKanji: '高橋 美咲', nameKana: 'タカハシ ミサキ' }, TODAY).accepted).toBe(true);
    expect(assessIncomeCertificate({ ...slip, holderName: '木村 拓也' }, yamada, TODAY)).toEqual({ accepted: false, reason: 'certificateNameMismatch' });
    expect(assessIncomeCertificate({ ...slip, holderName: '山田 次郎' }, yamada, TODAY)).toEqual({ accepted: false, reason: 'certificateNameMismatch' });
  });

  it('accepts last year\'s annual certificate, and the year before only until last year\'s can exist', () => {
    // 源泉徴収票 by 31 January; 確定申告書 by 15 March; 課税証明書 from June.
    expect(oldestAcceptedYear('withholdingSlip', '2026-01-31')).toBe(2024);
    expect(oldestAcceptedYear('withholdingSlip', '2026-02-01')).toBe(2025);
    expect(oldestAcceptedYear('taxReturn', '2026-03-15')).toBe(2024);
    expect(oldestAcceptedYear('taxReturn', '2026-03-16')).toBe(2025);
    expect(oldestAcceptedYear('taxCertificate', '2026-05-31')).toBe(2024);
    expect(oldestAcceptedYear('taxCertificate', '2026-06-01')).toBe(2025);
    const old = { ...slip, incomeYear: 2024, issueDate: '2025-01-20' };
    expect(assessIncomeCertificate(old, yamada, '2026-01-31').accepted).toBe(true);
    expect(assessIncomeCertificate(old, yamada, '2026-02-01')).toEqual({ accepted: false, reason: 'certificateTooOld' });
    expect(assessIncomeCertificate({ ...old, kind: 'taxCertificate', issueDate: '2025-06-10' }, yamada, '2026-05-31').accepted).toBe(true);
  });

  it('takes pay slips whose latest slip is at most two months old', () => {
    const payslips: IncomeCertificate = { kind: 'payslips', holderName: '山田 太郎', incomeYear: 2026, issueDate: '2026-10-02', annualIncome: 4_900_000 };
    expect(assessIncomeCertificate(payslips, yamada, TODAY).accepted).toBe(true);
    expect(assessIncomeCertificate({ ...payslips, issueDate: '2026-10-01' }, yamada, TODAY)).toEqual({ accepted: false, reason: 'certificateTooOld' });
    expect(monthsBefore('2026-04-30', 2)).toBe('2026-02-28');
    expect(monthsBefore('2026-01-15', 2)).toBe('2025-11-15');
  });

  it.each([
    ['an income year in the future', { ...slip, incomeYear: 2027 }],
    ['an issue date in the future', { ...slip, issueDate: '2026-12-03' }],
    ['an issue date before the income year', { ...slip, issueDate: '2024-12-31' }],
    ['pay slips without a date', { kind: 'payslips', holderName: '山田 太郎', incomeYear: 2026, annualIncome: 4_900_000 }],
    ['pay slips dated in another year than stated', { kind: 'payslips', holderName: '山田 太郎', incomeYear: 2025, issueDate: '2026-11-25', annualIncome: 4_900_000 }],
  ] as [string, IncomeCertificate][])('refuses %s as unreadable, before comparing the name', (_name, certificate) => {
    expect(assessIncomeCertificate(certificate, yamada, TODAY)).toEqual({ accepted: false, reason: 'certificateUnreadable' });
    expect(assessIncomeCertificate({ ...certificate, holderName: '木村 拓也' }, yamada, TODAY)).toEqual({ accepted: false, reason: 'certificateUnreadable' });
  });
});
