import { describe, expect, it } from 'vitest';
import { classifyParse } from '../../../src/devices/id-scanner/id-scan-result';
import { renderOcrRecord } from '../../../src/devices/id-scanner/ocr-record/ocr-record-render';
import { parsePayload } from '../../../src/devices/id-scanner/payload/parse-payload';
import type { PayloadParse } from '../../../src/devices/id-scanner/payload/parse-result';

const TODAY = '2026-01-15';
const LICENCE = [
  'JPID/1', 'TYPE:DL', 'NUMBER:309012345620', 'NAME:山田 太郎', 'DOB:昭和60年04月12日',
  'ADDRESS:東京都千代田区丸の内1-1-1', 'ISSUE:令和06年04月12日', 'EXPIRY:令和11年05月12日', 'END',
];

function parse(lines: readonly string[]): PayloadParse {
  return parsePayload(lines.join('\r'), { todayIso: TODAY });
}

function replaceLine(lines: readonly string[], key: string, line: string | undefined): string[] {
  const out = lines.filter((l) => !l.startsWith(`${key}:`));
  if (line !== undefined) out.splice(out.length - 1, 0, line);
  return out;
}

describe('JPID/1 driver licence', () => {
  it('reads every field, era dates converted', () => {
    const result = parse(LICENCE);
    expect(result).toMatchObject({ outcome: 'document', format: 'JPID/1' });
    if (result.outcome !== 'document') return;
    expect(result.document).toEqual({
      kind: 'driversLicence', source: 'ocr', documentNumber: '309012345620', nameKanji: '山田 太郎',
      dateOfBirth: '1985-04-12', address: '東京都千代田区丸の内1-1-1', issueDate: '2024-04-12', expiryDate: '2029-05-12',
      checks: {
        documentNumber: 'valid', nameKanji: 'valid', dateOfBirth: 'valid', address: 'valid', issueDate: 'valid', expiryDate: 'valid',
        nameKana: 'absent', nameLatin: 'absent', sex: 'absent', nationality: 'absent',
      },
    });
    expect(classifyParse(result, TODAY).completion).toBe('success');
  });

  it('reports an inconsistent licence check digit as a warning, and still accepts the licence', () => {
    const result = parse(replaceLine(LICENCE, 'NUMBER', 'NUMBER:309012345630'));
    expect(result.outcome === 'document' && result.document.checks.documentNumber).toBe('warning');
    expect(result.outcome === 'document' && result.findings).toContainEqual({ field: 'documentNumber', problem: 'checkWarning' });
    expect(classifyParse(result, TODAY)).toMatchObject({ completion: 'success', value: { documentNumber: '309012345630' } });
  });

  it('normalises full-width digits, ideographic spaces and the printed 第...号', () => {
    const result = parse([
      'ＪＰＩＤ/１', 'TYPE：DL', 'NUMBER:第 ３０９０１２３４５６２０ 号', 'NAME:山田　　太郎 ', 'DOB:昭和６０年　４月１２日生',
      'ADDRESS:東京都千代田区丸の内１－１－１', 'EXPIRY:令和１１年０５月１２日まで有効', 'END',
    ]);
    expect(result).toMatchObject({
      outcome: 'document',
      document: { documentNumber: '309012345620', nameKanji: '山田 太郎', dateOfBirth: '1985-04-12', address: '東京都千代田区丸の内1-1-1', expiryDate: '2029-05-12' },
    });
  });

  it('keeps compatibility ideographs in names as printed', () => {
    const result = parse(replaceLine(LICENCE, 'NAME', 'NAME:\uFA19田 太郎'));
    expect(result.outcome === 'document' && result.document.nameKanji).toBe('\uFA19田 太郎');
  });

  it('calls an expired licence expired and attaches it', () => {
    const result = parse(replaceLine(LICENCE, 'EXPIRY', 'EXPIRY:令和06年05月12日'));
    expect(classifyParse(result, TODAY)).toMatchObject({ errorCode: 'expired', document: { expiryDate: '2024-05-12' } });
  });

  it.each([
    ['a malformed licence number', 'NUMBER', 'NUMBER:30901234562', 'documentNumber'],
    ['no licence number', 'NUMBER', undefined, 'documentNumber'],
    ['an impossible expiry date', 'EXPIRY', 'EXPIRY:令和11年02月30日', 'expiryDate'],
    ['no address', 'ADDRESS', undefined, 'address'],
  ])('calls a licence with %s unreadable, naming the field', (_name, key, line, field) => {
    const result = parse(replaceLine(LICENCE, key, line));
    expect(result.outcome === 'document' && result.document.checks[field]).toBe('invalid');
    expect(classifyParse(result, TODAY)).toMatchObject({ errorCode: 'unreadable', detail: expect.stringContaining(field), document: expect.any(Object) });
  });

  it('cannot produce a document without a readable date of birth', () => {
    expect(parse(replaceLine(LICENCE, 'DOB', 'DOB:昭和64年1月8日'))).toMatchObject({ outcome: 'unreadable', reason: expect.stringContaining('date of birth') });
  });
});

describe('JPID/1 record structure', () => {
  it('refuses a record without END as truncated', () => {
    expect(parse(LICENCE.slice(0, -2))).toMatchObject({ outcome: 'unreadable', reason: expect.stringContaining('truncated') });
  });

  it('refuses a later record version as unsupported, naming it', () => {
    expect(parse(['JPID/2', ...LICENCE.slice(1)])).toMatchObject({ outcome: 'unsupportedDocument', reason: expect.stringContaining('JPID/2') });
  });

  it('refuses an unknown document type as unsupported', () => {
    const other = classifyParse(parse(replaceLine(LICENCE, 'TYPE', 'TYPE:PP')), TODAY);
    expect(other).toMatchObject({ errorCode: 'unsupportedDocument' });
    expect(other).not.toHaveProperty('certificate');
  });

  it('reads TYPE:INCOME (full-width too) as an income certificate, never as an identity document', () => {
    for (const type of ['TYPE:INCOME', 'TYPE:ＩＮＣＯＭＥ', 'TYPE:income']) {
      const page = parse(['JPID/1', type, 'KIND:WITHHOLDING', 'NAME:山田 太郎', 'YEAR:2025', 'INCOME:5200000', 'END']);
      expect(page).toMatchObject({ outcome: 'incomeCertificate', format: 'JPID/1' });
      expect(classifyParse(page, TODAY)).toMatchObject({ completion: 'commandErrorCode', errorCode: 'unsupportedDocument', certificate: { kind: 'withholdingSlip' } });
    }
  });

  it('refuses a duplicated key and a line that is not KEY:VALUE', () => {
    expect(parse([...LICENCE.slice(0, -1), 'NAME:偽 名', 'END'])).toMatchObject({ outcome: 'unreadable', reason: expect.stringContaining('twice') });
    expect(parse([...LICENCE.slice(0, -1), 'garbage', 'END'])).toMatchObject({ outcome: 'unreadable', reason: expect.stringContaining('KEY:VALUE') });
  });

  it('ignores an unknown key but says so', () => {
    const result = parse([...LICENCE.slice(0, -1), 'COLOUR:ゴールド', 'END']);
    expect(result).toMatchObject({ outcome: 'document', findings: [{ field: 'COLOUR', problem: 'unknownField' }] });
  });
});

describe('JPID/1 other Japanese documents', () => {
  it('never keeps a My Number, even when the reader sends it', () => {
    const myNumber = '123456789018';
    const payload = renderOcrRecord({ type: 'MN', number: myNumber, name: '高橋 美咲', dateOfBirth: '1995-09-30', address: '福岡県福岡市博多区博多駅中央街1-1', expiryDate: '2032-09-30' });
    const result = parse(payload);
    expect(result).toMatchObject({ outcome: 'document', document: { kind: 'myNumberCard', checks: { documentNumber: 'absent' } }, findings: [{ field: 'documentNumber', problem: 'discarded' }] });
    const classified = classifyParse(result, TODAY);
    expect(classified.completion).toBe('success');
    expect(JSON.stringify([result, classified])).not.toContain(myNumber);
  });

  it('reads a residence card with its Latin name, nationality and card number', () => {
    const result = parse(renderOcrRecord({
      type: 'RC', number: 'AB12345678CD', nameLatin: 'NGUYEN/VAN AN', sex: 'M', nationality: 'VNM', dateOfBirth: '1998-06-15', expiryDate: '2029-04-01',
    }));
    expect(result).toMatchObject({
      outcome: 'document',
      document: { kind: 'residenceCard', documentNumber: 'AB12345678CD', surname: 'NGUYEN', givenNames: 'VAN AN', sex: 'M', nationality: 'VNM', dateOfBirth: '1998-06-15', expiryDate: '2029-04-01' },
    });
    expect(classifyParse(result, TODAY).completion).toBe('success');
  });

  it('refuses a residence card number that is not 2 letters, 8 digits, 2 letters', () => {
    const result = parse(renderOcrRecord({ type: 'RC', number: 'AB1234567CD', nameLatin: 'NGUYEN/VAN AN', dateOfBirth: '1998-06-15', expiryDate: '2029-04-01' }));
    expect(classifyParse(result, TODAY)).toMatchObject({ errorCode: 'unreadable', detail: expect.stringContaining('documentNumber') });
  });

  it('reads a health-insurance card without an expiry date, dropping the insurance number and normalising kana', () => {
    const insuranceNumber = '12345678';
    const result = parse(['JPID/1', 'TYPE:HI', `NUMBER:${insuranceNumber}`, 'NAME:中村 さくら', 'KANA:ﾅｶﾑﾗ ｻｸﾗ', 'SEX:女', 'DOB:平成12年1月8日', 'END']);
    expect(result).toMatchObject({
      outcome: 'document',
      document: { kind: 'healthInsuranceCard', nameKanji: '中村 さくら', nameKana: 'ナカムラ サクラ', sex: 'F', dateOfBirth: '2000-01-08', checks: { expiryDate: 'absent', documentNumber: 'absent' } },
    });
    expect(JSON.stringify(result)).not.toContain(insuranceNumber);
    expect(classifyParse(result, TODAY).completion).toBe('success');
  });

  it('refuses kana that is not kana', () => {
    const result = parse(['JPID/1', 'TYPE:HI', 'NAME:中村 さくら', 'KANA:Nakamura', 'DOB:平成12年1月8日', 'END']);
    expect(result.outcome === 'document' && result.document.checks.nameKana).toBe('invalid');
  });
});
