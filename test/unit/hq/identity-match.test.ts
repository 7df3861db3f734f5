import { describe, expect, it } from 'vitest';
import { matchIdentity, type IdentityRecord } from '../../../src/hq/identity/identity-match';
import { kanaForm, kanjiForm, latinForm } from '../../../src/shared/domain/name-forms';
import type { IdentityDocument } from '../../../src/shared/identity/identity-document';

const record: IdentityRecord = {
  nameKanji: '高橋 美咲', nameKana: 'タカハシ ミサキ', nameLatin: { surname: 'TAKAHASHI', givenNames: 'MISAKI' },
  dateOfBirth: '1995-09-30', documentsOnFile: [{ kind: 'myNumberCard', documentNumber: null }, { kind: 'driversLicence', documentNumber: '309912345600' }],
};
const myNumberCard: IdentityDocument = { kind: 'myNumberCard', source: 'ocr', nameKanji: '高橋 美咲', nameKana: 'タカハシ ミサキ', dateOfBirth: '1995-09-30', expiryDate: '2032-09-30', checks: {} };

describe('identity matching for staff (per field)', () => {
  it('verifies a document without a number when HQ holds none for its kind (the staff member checks the photo)', () => {
    expect(matchIdentity(myNumberCard, record, '2026-06-10')).toEqual({
      decision: 'verified', reasons: [],
      fields: { name: 'match', dateOfBirth: 'match', documentNumber: 'notOnFile', expiry: 'valid', scannerChecks: 'passed' },
    });
  });

  it('accepts the variant kanji 髙 for 高 and Hepburn long-vowel spellings', () => {
    expect(matchIdentity({ ...myNumberCard, nameKanji: '髙橋　美咲' }, record, '2026-06-10').decision).toBe('verified');
    const passport: IdentityDocument = { kind: 'passport', source: 'mrz', documentNumber: 'TZ0000001', surname: 'TAKAHASHI', givenNames: 'MISAKI', dateOfBirth: '1995-09-30', expiryDate: '2030-01-01', checks: {} };
    expect(matchIdentity(passport, record, '2026-06-10').fields.name).toBe('match');
    expect(latinForm('SATOU')).toBe(latinForm('SATO'));
    expect(latinForm('OHNO')).toBe(latinForm('ONO'));
    expect(kanaForm('たかはし みさき')).toBe(kanaForm('タカハシミサキ'));
    expect(kanjiForm('齋藤')).toBe(kanjiForm('斎藤'));
  });

  it('needs the licence number when HQ holds one, and refuses a missing one', () => {
    const licence: IdentityDocument = { ...myNumberCard, kind: 'driversLicence', documentNumber: '3099-1234-5600' };
    expect(matchIdentity(licence, record, '2026-06-10').fields.documentNumber).toBe('match');
    const withoutNumber: IdentityDocument = { ...myNumberCard, kind: 'driversLicence' };
    expect(matchIdentity(withoutNumber, record, '2026-06-10')).toMatchObject({ decision: 'mismatch', reasons: ['documentNumberMismatch'] });
  });

  it('treats the expiry date as the last valid day', () => {
    expect(matchIdentity({ ...myNumberCard, expiryDate: '2026-06-10' }, record, '2026-06-10').decision).toBe('verified');
    expect(matchIdentity({ ...myNumberCard, expiryDate: '2026-06-09' }, record, '2026-06-10')).toMatchObject({ decision: 'documentExpired', reasons: ['documentExpired'] });
  });

  it('refuses a document without a comparable name or without an expiry date', () => {
    const nameless: IdentityDocument = { kind: 'residenceCard', source: 'ocr', dateOfBirth: '1995-09-30', expiryDate: '2030-01-01', checks: {} };
    expect(matchIdentity(nameless, record, '2026-06-10')).toMatchObject({ decision: 'mismatch', reasons: ['nameAbsent'] });
    const undated: IdentityDocument = { ...myNumberCard, expiryDate: undefined };
    expect(matchIdentity(undated, record, '2026-06-10')).toMatchObject({ decision: 'documentInvalid', reasons: ['expiryAbsent'] });
  });

  it('refuses a health-insurance card as identity, with or without an expiry date', () => {
    const insurance: IdentityDocument = { ...myNumberCard, kind: 'healthInsuranceCard' };
    expect(matchIdentity(insurance, record, '2026-06-10')).toMatchObject({ decision: 'documentInvalid', reasons: ['documentKindNotAccepted'] });
    expect(matchIdentity({ ...insurance, expiryDate: undefined }, record, '2026-06-10')).toMatchObject({ decision: 'documentInvalid', reasons: ['documentKindNotAccepted', 'expiryAbsent'] });
  });

  it('takes a scanner warning as something for staff to look at, not a refusal', () => {
    const licence: IdentityDocument = { ...myNumberCard, kind: 'driversLicence', documentNumber: '309912345600', checks: { documentNumber: 'warning' } };
    expect(matchIdentity(licence, record, '2026-06-10')).toMatchObject({ decision: 'verified', fields: { scannerChecks: 'warnings' } });
  });
});
