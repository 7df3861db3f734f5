import { describe, expect, it } from 'vitest';
import { classifyParse } from '../../../src/devices/id-scanner/id-scan-result';
import { renderMrz } from '../../../src/devices/id-scanner/mrz/mrz-render';
import { parsePayload } from '../../../src/devices/id-scanner/payload/parse-payload';
import type { PayloadParse } from '../../../src/devices/id-scanner/payload/parse-result';

const TODAY = '2026-01-15';
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];

function parse(lines: string[] | string, today = TODAY): PayloadParse {
  return parsePayload(typeof lines === 'string' ? lines : lines.join('\r'), { todayIso: today });
}

function document(lines: string[] | string, today = TODAY) {
  const result = parse(lines, today);
  if (result.outcome !== 'document') throw new Error(`expected a document, got ${result.outcome}: ${'reason' in result ? result.reason : ''}`);
  return result;
}

/** Replaces one character, as an OCR misread would. */
function misread(lines: string[], line: number, column: number, ch: string): string[] {
  return lines.map((text, i) => (i === line ? text.slice(0, column) + ch + text.slice(column + 1) : text));
}

describe('MRZ TD3 (passports)', () => {
  it('reads every field of the DEVICES.md specimen', () => {
    const read = document(TD3);
    expect(read.format).toBe('TD3');
    expect(read.document).toEqual({
      kind: 'passport', source: 'mrz', documentNumber: 'L898902C3', issuingState: 'UTO', nationality: 'UTO',
      surname: 'ERIKSSON', givenNames: 'ANNA MARIA', dateOfBirth: '1974-08-12', sex: 'F', expiryDate: '2012-04-15',
      checks: {
        documentNumber: 'valid', dateOfBirth: 'valid', expiryDate: 'valid', optionalData: 'valid', composite: 'valid',
        sex: 'valid', issuingState: 'valid', nationality: 'valid', name: 'valid',
      },
    });
    expect(read.fields.optionalData).toBe('ZE184226B');
    expect(read.fields.documentCode).toBe('P<');
  });

  it('calls the specimen expired, with the document attached', () => {
    const result = classifyParse(parse(TD3), TODAY);
    expect(result).toMatchObject({ completion: 'commandErrorCode', errorCode: 'expired', document: { surname: 'ERIKSSON' } });
  });

  it('accepts the specimen on a day before it expired', () => {
    expect(classifyParse(parse(TD3, '2012-04-15'), '2012-04-15').completion).toBe('success');
    expect(classifyParse(parse(TD3, '2012-04-16'), '2012-04-16')).toMatchObject({ errorCode: 'expired' });
  });

  it.each([
    ['documentNumber', 1, 9],
    ['dateOfBirth', 1, 19],
    ['expiryDate', 1, 27],
    ['optionalData', 1, 42],
    ['composite', 1, 43],
  ] as const)('names %s when only its check digit is wrong', (field, line, column) => {
    const wrong = misread(TD3, line, column, TD3[line]![column] === '5' ? '6' : '5');
    const read = document(wrong);
    expect(read.document.checks[field]).toBe('invalid');
    const invalid = Object.entries(read.document.checks).filter(([, v]) => v === 'invalid').map(([k]) => k);
    // A field's own check digit sits inside the composite's range, except the composite itself.
    expect(invalid.sort()).toEqual(field === 'composite' ? ['composite'] : [field, 'composite'].sort());
    expect(classifyParse(read, TODAY)).toMatchObject({ errorCode: 'checkDigitMismatch', detail: expect.stringContaining(field) });
  });

  it('says checkDigitMismatch rather than expired when the data cannot be trusted', () => {
    const result = classifyParse(parse(misread(TD3, 1, 19, '3')), TODAY);
    expect(result).toMatchObject({ errorCode: 'checkDigitMismatch' });
  });

  it('flags a data character misread under an intact check digit', () => {
    // 740812 -> 740813: the date still exists, the check digit no longer fits.
    const read = document(misread(TD3, 1, 18, '3'));
    expect(read.document.dateOfBirth).toBe('1974-08-13');
    expect(read.document.checks.dateOfBirth).toBe('invalid');
  });

  it('reads sex `<` as unspecified and refuses other letters', () => {
    expect(document(misread(TD3, 1, 20, '<')).document.sex).toBe('X');
    const read = document(misread(TD3, 1, 20, 'Q'));
    expect(read.document.sex).toBeUndefined();
    expect(read.document.checks.sex).toBe('invalid');
    expect(classifyParse(read, TODAY)).toMatchObject({ errorCode: 'unreadable', detail: expect.stringContaining('sex') });
  });

  it('refuses a date of birth that is no date as unreadable', () => {
    const result = parse(misread(TD3, 1, 15, '9')); // month 98
    expect(result.outcome).toBe('unreadable');
    expect(result.outcome === 'unreadable' && result.findings).toContainEqual({ field: 'dateOfBirth', problem: 'badFormat' });
  });

  it('treats a visa MRZ as an unsupported document', () => {
    expect(parse(misread(TD3, 0, 0, 'V'))).toMatchObject({ outcome: 'unsupportedDocument' });
    expect(classifyParse(parse(misread(TD3, 0, 0, 'V')), TODAY)).toMatchObject({ errorCode: 'unsupportedDocument' });
  });

  it('accepts full-width characters and LF or CRLF line ends from OCR engines', () => {
    const fullWidth = TD3.map((line) => line.replace(/[A-Z0-9<]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)));
    expect(document(fullWidth.join('\n')).document.documentNumber).toBe('L898902C3');
    expect(document(`${TD3.join('\r\n')}\r\n`).document.surname).toBe('ERIKSSON');
  });

  it('reads a Japanese passport rendered with every check digit', () => {
    const lines = renderMrz({
      format: 'TD3', documentCode: 'P<', issuingState: 'JPN', nationality: 'JPN', surname: 'SATO', givenNames: 'HANAKO',
      documentNumber: 'TZ1234567', dateOfBirth: '1990-11-03', sex: 'F', expiryDate: '2031-03-15',
    });
    expect(lines[0]).toBe('P<JPNSATO<<HANAKO<<<<<<<<<<<<<<<<<<<<<<<<<<<');
    const read = document(lines);
    expect(read.document).toMatchObject({ surname: 'SATO', givenNames: 'HANAKO', documentNumber: 'TZ1234567', expiryDate: '2031-03-15' });
    expect(read.document.checks.optionalData).toBe('absent');
    expect(classifyParse(read, TODAY).completion).toBe('success');
  });
});

describe('MRZ TD1 and TD2 (identity cards)', () => {
  it('reads every field of the TD1 specimen', () => {
    const read = document(TD1);
    expect(read.format).toBe('TD1');
    expect(read.document).toMatchObject({
      kind: 'mrzIdCard', documentNumber: 'D23145890', issuingState: 'UTO', nationality: 'UTO', surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA', dateOfBirth: '1974-08-12', sex: 'F', expiryDate: '2012-04-15',
    });
    expect(Object.values(read.document.checks).every((v) => v === 'valid')).toBe(true);
  });

  it('reads every field of the ICAO TD2 specimen', () => {
    const read = document(TD2);
    expect(read.format).toBe('TD2');
    expect(read.document).toMatchObject({ kind: 'mrzIdCard', documentNumber: 'D23145890', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', dateOfBirth: '1974-08-12' });
    expect(Object.values(read.document.checks).every((v) => v === 'valid')).toBe(true);
  });

  it.each([
    ['documentNumber', 0, 14],
    ['dateOfBirth', 1, 6],
    ['expiryDate', 1, 14],
    ['composite', 1, 29],
  ] as const)('names %s in a TD1 when its check digit is wrong', (field, line, column) => {
    const read = document(misread(TD1, line, column, TD1[line]![column] === '1' ? '2' : '1'));
    expect(read.document.checks[field]).toBe('invalid');
    expect(read.document.checks.composite).toBe('invalid');
  });

  it('follows a TD1 optional-data line change into the composite check', () => {
    // Not `A`: A is 10, and 10 x any weight is 0 mod 10, so 7-3-1 cannot see `<` -> `A`.
    const read = document(misread(TD1, 1, 20, 'B'));
    expect(read.document.checks.composite).toBe('invalid');
    expect(read.document.checks.documentNumber).toBe('valid');
  });

  it('reads a document number longer than nine characters from the optional data (9303 Part 5)', () => {
    const lines = renderMrz({
      format: 'TD1', documentCode: 'I<', issuingState: 'NLD', nationality: 'NLD', surname: 'DE BRUIJN', givenNames: 'WILLEKE LISELOTTE',
      documentNumber: 'XI85935F86A', dateOfBirth: '1965-03-10', sex: 'F', expiryDate: '2031-03-15', optionalData: '999999990',
    });
    expect(lines[0]!.slice(5, 15)).toBe('XI85935F8<');
    const read = document(lines);
    expect(read.document.documentNumber).toBe('XI85935F86A');
    expect(read.fields.optionalData).toBe('999999990');
    expect(read.document.checks.documentNumber).toBe('valid');
    expect(read.document.surname).toBe('DE BRUIJN');
  });

  it('splits a name without given names into a surname only', () => {
    const read = document(renderMrz({
      format: 'TD2', documentCode: 'I<', issuingState: 'IDN', nationality: 'IDN', surname: 'SUKARNO', givenNames: '',
      documentNumber: 'A1234567', dateOfBirth: '1970-01-01', sex: 'M', expiryDate: '2030-01-01',
    }));
    expect(read.document.surname).toBe('SUKARNO');
    expect(read.document.givenNames).toBeUndefined();
  });
});

describe('payloads that are not an MRZ', () => {
  it.each([
    ['empty', ''],
    ['blank lines only', '\r\r\n'],
    ['one short line', 'P<UTOERIKSSON'],
    ['a TD3 line too short', `${TD3[0]}\r${TD3[1]!.slice(0, 40)}`],
    ['three TD3 lines', [...TD3, TD3[1]!].join('\r')],
  ])('calls %s unreadable with a reason', (_name, payload) => {
    const result = parse(payload);
    expect(result.outcome).toBe('unreadable');
    expect(classifyParse(result, TODAY)).toMatchObject({ errorCode: 'unreadable', detail: expect.any(String) });
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(parsePayload(new Uint8Array([0xff, 0xfe, 0x50]), { todayIso: TODAY })).toMatchObject({ outcome: 'unreadable', reason: expect.stringContaining('UTF-8') });
  });

  it('refuses an oversized payload before parsing it', () => {
    expect(parse('A'.repeat(5000))).toMatchObject({ outcome: 'unreadable', reason: expect.stringContaining('longer') });
  });
});
