import { describe, expect, it } from 'vitest';
import { classifyParse } from '../../../src/devices/id-scanner/id-scan-result';
import { renderIncomeRecord } from '../../../src/devices/id-scanner/ocr-record/ocr-record-render';
import { parsePayload } from '../../../src/devices/id-scanner/payload/parse-payload';
import type { PayloadParse } from '../../../src/devices/id-scanner/payload/parse-result';
import { IncomeCertificateKind } from '../../../src/shared/domain/income-certificate';

const TODAY = '2026-12-02';
const SLIP = ['JPID/1', 'TYPE:INCOME', 'KIND:源泉徴収票', 'NAME:山田 太郎', 'YEAR:令和7年分', 'ISSUE:令和08年01月20日', 'INCOME:5,200,000円', 'END'];

/** The record as the reader sends it: UTF-8 bytes, lines separated by CR (docs/id-document-record.md, "Shape"). */
function parseBytes(lines: readonly string[]): PayloadParse {
  return parsePayload(new Uint8Array(Buffer.from(lines.join('\r'), 'utf8')), { todayIso: TODAY });
}

function withLine(key: string, line: string | undefined): string[] {
  const out = SLIP.filter((l) => !l.startsWith(`${key}:`));
  if (line !== undefined) out.splice(out.length - 1, 0, line);
  return out;
}

describe('JPID/1 TYPE:INCOME record', () => {
  it('reads kind, holder, income year, issue date and annual income from the bytes a reader sends', () => {
    const parse = parseBytes(SLIP);
    expect(parse).toEqual({
      outcome: 'incomeCertificate', format: 'JPID/1', findings: [],
      certificate: { kind: 'withholdingSlip', holderName: '山田 太郎', incomeYear: 2025, issueDate: '2026-01-20', annualIncome: 5_200_000 },
    });
    expect(classifyParse(parse, TODAY)).toEqual({
      completion: 'commandErrorCode', errorCode: 'unsupportedDocument', detail: 'an income certificate, not an identity document',
      certificate: { kind: 'withholdingSlip', holderName: '山田 太郎', incomeYear: 2025, issueDate: '2026-01-20', annualIncome: 5_200_000 },
    });
  });

  it('accepts every kind by code and title, full-width text, CRLF lines and a record without an issue date', () => {
    const titles: [string, string][] = [
      ['TAX_RETURN', 'taxReturn'], ['確定申告書', 'taxReturn'], ['PENSION', 'pensionNotice'], ['年金証書', 'pensionNotice'],
      ['課税証明書', 'taxCertificate'], ['所得証明書', 'taxCertificate'], ['支払調書', 'paymentRecord'],
      ['青色申告決算書', 'businessStatement'], ['収支内訳書', 'businessStatement'], ['ｗｉｔｈｈｏｌｄｉｎｇ', 'withholdingSlip'],
    ];
    for (const [code, kind] of titles) {
      const parse = parsePayload(Buffer.from(withLine('KIND', `KIND:${code}`).join('\r\n')), { todayIso: TODAY });
      expect(parse).toMatchObject({ outcome: 'incomeCertificate', certificate: { kind } });
    }
    const fullWidth = parseBytes(withLine('INCOME', 'ＩＮＣＯＭＥ：￥４，８００，０００'));
    expect(fullWidth).toMatchObject({ outcome: 'incomeCertificate', certificate: { annualIncome: 4_800_000 } });
    const noIssue = parseBytes(withLine('ISSUE', undefined));
    expect(noIssue).toMatchObject({ outcome: 'incomeCertificate' });
    expect(noIssue.outcome === 'incomeCertificate' && noIssue.certificate).not.toHaveProperty('issueDate');
  });

  it('reads the income year in every form certificates print', () => {
    for (const [text, year] of [['2025', 2025], ['2025年分', 2025], ['令和7年分', 2025], ['令和元年分', 2019], ['R7', 2025], ['平成30年', 2018], ['２０２４年分', 2024]] as const) {
      expect(parseBytes(withLine('YEAR', `YEAR:${text}`))).toMatchObject({ certificate: { incomeYear: year } });
    }
  });

  it('round-trips what the simulator renders for every kind', () => {
    for (const kind of IncomeCertificateKind.options) {
      const certificate = { kind, holderName: '佐藤 花子', incomeYear: 2025, issueDate: '2026-11-25', annualIncome: 3_600_000 };
      const lines = renderIncomeRecord({ kind, name: certificate.holderName, incomeYear: 2025, issueDate: certificate.issueDate, annualIncome: 3_600_000 });
      expect(parseBytes(lines)).toEqual({ outcome: 'incomeCertificate', format: 'JPID/1', certificate, findings: [] });
    }
  });

  it.each([
    ['an unknown kind', withLine('KIND', 'KIND:RECEIPT'), 'KIND is not a certificate kind this layout defines', { field: 'KIND', problem: 'badFormat' }],
    ['a kind missing', withLine('KIND', undefined), 'KIND missing', { field: 'KIND', problem: 'missing' }],
    ['no holder name', withLine('NAME', undefined), 'NAME missing', { field: 'NAME', problem: 'missing' }],
    ['a name over 60 characters', withLine('NAME', `NAME:${'山'.repeat(61)}`), 'NAME is not a name of 1 to 60 printable characters', { field: 'NAME', problem: 'badFormat' }],
    ['a year that is not a year', withLine('YEAR', 'YEAR:去年'), 'YEAR is not a year', { field: 'YEAR', problem: 'badFormat' }],
    ['an era year outside its era', withLine('YEAR', 'YEAR:昭和70年分'), 'YEAR is not a year', { field: 'YEAR', problem: 'badFormat' }],
    ['an income with letters', withLine('INCOME', 'INCOME:5,2OO,OOO円'), 'INCOME is not a whole-yen amount', { field: 'INCOME', problem: 'badFormat' }],
    ['a negative income', withLine('INCOME', 'INCOME:-100000'), 'INCOME is not a whole-yen amount', { field: 'INCOME', problem: 'badFormat' }],
    ['an income with decimals', withLine('INCOME', 'INCOME:5200000.5'), 'INCOME is not a whole-yen amount', { field: 'INCOME', problem: 'badFormat' }],
    ['misplaced separators', withLine('INCOME', 'INCOME:52,00,000'), 'INCOME is not a whole-yen amount', { field: 'INCOME', problem: 'badFormat' }],
    ['an impossible issue date', withLine('ISSUE', 'ISSUE:令和8年2月30日'), 'ISSUE is not a date', { field: 'ISSUE', problem: 'badFormat' }],
    ['pay slips without the latest slip date', withLine('ISSUE', undefined).map((l) => (l.startsWith('KIND:') ? 'KIND:PAYSLIPS' : l)), 'ISSUE missing', { field: 'ISSUE', problem: 'missing' }],
  ])('refuses %s as unreadable, naming the field and never the value', (_name, lines, reason, finding) => {
    const parse = parseBytes(lines);
    expect(parse).toMatchObject({ outcome: 'unreadable', format: 'JPID/1', reason: expect.stringContaining(reason), findings: expect.arrayContaining([finding]) });
    expect(JSON.stringify(parse)).not.toMatch(/山田|5,2OO|52,00|RECEIPT|去年/);
    expect(classifyParse(parse, TODAY)).toMatchObject({ completion: 'commandErrorCode', errorCode: 'unreadable' });
  });

  it('refuses a repeated key, a truncated record and bytes that are not UTF-8', () => {
    expect(parseBytes([...SLIP.slice(0, -1), 'INCOME:9,000,000円', 'END'])).toMatchObject({ outcome: 'unreadable', reason: expect.stringContaining('INCOME appears twice') });
    expect(parseBytes(SLIP.slice(0, -1))).toMatchObject({ outcome: 'unreadable', reason: expect.stringContaining('no END') });
    const bytes = Buffer.from(SLIP.join('\r'), 'utf8');
    // Cut inside the 3-byte UTF-8 sequence of the first kanji of 源泉徴収票: a reader that dropped a byte.
    const cut = bytes.indexOf(Buffer.from('源', 'utf8'));
    const broken = Buffer.concat([bytes.subarray(0, cut + 1), bytes.subarray(cut + 2)]);
    expect(parsePayload(new Uint8Array(broken), { todayIso: TODAY })).toEqual({ outcome: 'unreadable', reason: 'the payload is not UTF-8 text', findings: [] });
  });

  it('ignores a key the layout does not define and says so', () => {
    expect(parseBytes(withLine('EMPLOYER', 'EMPLOYER:株式会社サンプル'))).toMatchObject({ outcome: 'incomeCertificate', findings: [{ field: 'EMPLOYER', problem: 'unknownField' }] });
  });
});
