import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdentityDocument } from '../../../src/shared/identity/identity-document';
import { classifyParse } from '../../../src/devices/id-scanner/id-scan-result';
import { renderMrz, type MrzFields } from '../../../src/devices/id-scanner/mrz/mrz-render';
import { MRZ_SHAPES } from '../../../src/devices/id-scanner/mrz/mrz-layout';
import { parsePayload } from '../../../src/devices/id-scanner/payload/parse-payload';

const TODAY = '2026-01-15';
const MRZ_CHARS = '<<<<<<ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const mrzChar = fc.constantFrom(...MRZ_CHARS.split(''));
const mrzLine = (length: number) => fc.array(mrzChar, { minLength: length, maxLength: length }).map((cs) => cs.join(''));
const letters = (min: number, max: number) => fc.array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('')), { minLength: min, maxLength: max }).map((cs) => cs.join(''));
const alnum = (min: number, max: number) => fc.array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('')), { minLength: min, maxLength: max }).map((cs) => cs.join(''));
const day = (from: string, to: string) => fc.integer({ min: Date.parse(from) / 86_400_000, max: Date.parse(to) / 86_400_000 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));

/** Fields that fit their format without truncation, so parsing must give them back exactly. */
const mrzFields: fc.Arbitrary<MrzFields> = fc.constantFrom('TD1', 'TD2', 'TD3' as const).chain((format) => {
  const nameRoom = format === 'TD1' ? 30 : format === 'TD2' ? 31 : 39;
  return fc.record({
    format: fc.constant(format),
    documentCode: format === 'TD3' ? fc.constantFrom('P<', 'PN') : fc.constantFrom('I<', 'ID', 'AC', 'C<'),
    issuingState: fc.oneof(letters(3, 3), fc.constant('D<<')),
    nationality: letters(3, 3),
    surname: fc.array(letters(1, 8), { minLength: 1, maxLength: 2 }).map((parts) => parts.join(' ')),
    givenNames: fc.array(letters(1, 8), { minLength: 0, maxLength: 2 }).map((parts) => parts.join(' ')),
    documentNumber: format === 'TD3' ? alnum(1, 9) : alnum(1, 12),
    dateOfBirth: day('1927-01-16', TODAY),
    sex: fc.constantFrom('M', 'F', 'X' as const),
    expiryDate: day('1977-01-15', '2076-01-01'),
    optionalData: format === 'TD3' ? alnum(0, 14) : fc.constant(''),
  }).filter((f) => `${f.surname}<<${f.givenNames}`.length <= nameRoom);
});

describe('payload parsing properties', () => {
  it('round-trips every generated MRZ with valid check digits to the same fields', () => {
    fc.assert(fc.property(mrzFields, (fields) => {
      const lines = renderMrz(fields);
      expect(lines.map((l) => l.length)).toEqual(Array(MRZ_SHAPES[fields.format].lines).fill(MRZ_SHAPES[fields.format].length));
      const result = parsePayload(lines.join('\r'), { todayIso: TODAY });
      if (result.outcome !== 'document') throw new Error(`${result.outcome}: ${'reason' in result ? result.reason : ''}\n${lines.join('\n')}`);
      expect(result.format).toBe(fields.format);
      expect(result.findings).toEqual([]);
      expect(result.document).toMatchObject({
        kind: fields.format === 'TD3' ? 'passport' : 'mrzIdCard',
        documentNumber: fields.documentNumber,
        issuingState: fields.issuingState,
        nationality: fields.nationality,
        surname: fields.surname,
        dateOfBirth: fields.dateOfBirth,
        sex: fields.sex,
        expiryDate: fields.expiryDate,
      });
      expect(result.document.givenNames).toBe(fields.givenNames === '' ? undefined : fields.givenNames);
      expect(Object.values(result.document.checks).every((v) => v === 'valid' || v === 'absent')).toBe(true);
    }), { numRuns: 1000 });
  });

  it('never throws on MRZ-like text and only ever yields contract-valid documents', () => {
    const shapedLike = fc.constantFrom('TD1', 'TD2', 'TD3' as const).chain((format) =>
      fc.array(mrzLine(MRZ_SHAPES[format].length), { minLength: MRZ_SHAPES[format].lines, maxLength: MRZ_SHAPES[format].lines }));
    const loose = fc.array(fc.oneof(mrzLine(30), mrzLine(36), mrzLine(44), fc.string({ maxLength: 50 })), { maxLength: 4 });
    fc.assert(fc.property(fc.oneof(shapedLike, loose), fc.constantFrom('\r', '\n', '\r\n'), (lines, separator) => {
      const result = parsePayload(lines.join(separator), { todayIso: TODAY });
      if (result.outcome === 'document') expect(IdentityDocument.safeParse(result.document).success).toBe(true);
      const classified = classifyParse(result, TODAY);
      expect(['success', 'commandErrorCode']).toContain(classified.completion);
    }), { numRuns: 2000 });
  });

  it('never throws on arbitrary bytes or JPID-looking records', () => {
    const record = fc.array(fc.oneof(
      fc.constantFrom('TYPE:DL', 'TYPE:MN', 'TYPE:RC', 'TYPE:HI', 'END', 'DOB:昭和60年4月12日', 'NUMBER:309012345620'),
      fc.tuple(fc.constantFrom('NAME', 'KANA', 'DOB', 'EXPIRY', 'ISSUE', 'NUMBER', 'SEX', 'NAME_LATIN', 'X'), fc.string({ maxLength: 30 })).map(([k, v]) => `${k}:${v}`),
    ), { maxLength: 12 }).map((lines) => ['JPID/1', ...lines].join('\r'));
    fc.assert(fc.property(fc.oneof(record, fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b))), (payload) => {
      const result = parsePayload(payload, { todayIso: TODAY });
      if (result.outcome === 'document') expect(IdentityDocument.safeParse(result.document).success).toBe(true);
      classifyParse(result, TODAY);
    }), { numRuns: 2000 });
  });
});
