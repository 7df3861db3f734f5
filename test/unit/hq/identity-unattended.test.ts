/**
 * The customer route's rules at a machine nobody watches (issue 13;
 * docs/policy.md, "Identity at an unmanned machine"), on the pure function,
 * and the shape of the customer answer: a class, never a field.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_HQ_POLICY, HqPolicy } from '../../../src/hq/config/hq-policy';
import { assessUnattended, UNATTENDED_DOCUMENT_KINDS, type IdentityRecord } from '../../../src/hq/identity/identity-match';
import { FieldIdentityResponse, VerifyIdentityResponse } from '../../../src/shared/hq-api/identity';
import { IdentityDocumentKind, type IdentityDocument } from '../../../src/shared/identity/identity-document';

const TODAY = '2026-06-10';
const DEFAULT = { allowFirstUseOfNewDocumentKind: false };
const FIRST_USE = { allowFirstUseOfNewDocumentKind: true };

/** 山田 太郎 as HQ holds him: a driver's licence on file. */
const yamada: IdentityRecord = {
  nameKanji: '山田 太郎', nameKana: 'ヤマダ タロウ', nameLatin: { surname: 'YAMADA', givenNames: 'TARO' },
  dateOfBirth: '1985-04-12', documentsOnFile: [{ kind: 'driversLicence', documentNumber: '309012345620' }],
};
const licence: IdentityDocument = {
  kind: 'driversLicence', source: 'ocr', documentNumber: '309012345620', nameKanji: '山田 太郎', nameKana: 'ヤマダ タロウ',
  dateOfBirth: '1985-04-12', expiryDate: '2029-05-12', checks: { documentNumber: 'valid', nameKanji: 'valid' },
};
const forgedPassport: IdentityDocument = {
  kind: 'passport', source: 'mrz', documentNumber: 'TK0000001', surname: 'YAMADA', givenNames: 'TARO', dateOfBirth: '1985-04-12', expiryDate: '2031-01-01', checks: {},
};
const myNumberCard: IdentityDocument = {
  kind: 'myNumberCard', source: 'ocr', nameKanji: '山田 太郎', nameKana: 'ヤマダ タロウ', dateOfBirth: '1985-04-12', expiryDate: '2032-04-12', checks: { documentNumber: 'absent' },
};

describe('identity at an unmanned machine', () => {
  it('defaults: three refused documents lock, no first use of a new kind, an alert above ten refusals an hour at one kiosk', () => {
    expect(DEFAULT_HQ_POLICY).toMatchObject({ maxIdentityAttempts: 3, allowFirstUseOfNewDocumentKind: false, kioskIdentityFailuresPerHourAlert: 10 });
    expect(HqPolicy.safeParse({ maxIdentityAttempts: 0 }).success).toBe(false);
    expect(HqPolicy.safeParse({ allowFirstUseOfNewDocumentKind: 'yes' }).success).toBe(false);
  });

  it('accepts a registered photo document: number on file for that kind, name and date of birth matching, valid today, checks passed', () => {
    expect(assessUnattended(licence, yamada, TODAY, DEFAULT)).toMatchObject({ accepted: true, basis: 'registeredDocument' });
    // Number spelled with spaces and hyphens, name with full-width space and hiragana: the same document.
    expect(assessUnattended({ ...licence, documentNumber: '3090-1234 5620', nameKanji: '山田　太郎', nameKana: 'やまだ たろう' }, yamada, TODAY, DEFAULT).accepted).toBe(true);
    // The expiry day itself is still valid.
    expect(assessUnattended({ ...licence, expiryDate: TODAY }, yamada, TODAY, DEFAULT).accepted).toBe(true);
  });

  it('refuses a passport with his name and date of birth and a number HQ does not hold', () => {
    expect(assessUnattended(forgedPassport, yamada, TODAY, DEFAULT)).toMatchObject({ accepted: false, refusal: 'notAcceptedHere', codes: ['documentNumberNotOnFile'] });
  });

  it('refuses a My Number card, which carries no number HQ may compare', () => {
    expect(assessUnattended(myNumberCard, yamada, TODAY, DEFAULT)).toMatchObject({ accepted: false, refusal: 'notAcceptedHere', codes: ['documentNumberAbsent'] });
    // Even when a My Number card is on file (without a number), and even when first use is allowed.
    const withCard = { ...yamada, documentsOnFile: [...yamada.documentsOnFile, { kind: 'myNumberCard', documentNumber: null }] };
    expect(assessUnattended(myNumberCard, withCard, TODAY, FIRST_USE)).toMatchObject({ accepted: false, refusal: 'notAcceptedHere' });
    expect(assessUnattended(myNumberCard, yamada, TODAY, FIRST_USE)).toMatchObject({ accepted: false, refusal: 'notAcceptedHere' });
  });

  it('refuses a health-insurance card and a foreign TD1/TD2 identity card as not accepted here, whatever they carry', () => {
    const insurance: IdentityDocument = { ...licence, kind: 'healthInsuranceCard' };
    const foreign: IdentityDocument = { ...forgedPassport, kind: 'mrzIdCard' };
    for (const document of [insurance, foreign]) {
      const onFile = { ...yamada, documentsOnFile: [{ kind: document.kind, documentNumber: document.documentNumber! }] };
      expect(assessUnattended(document, onFile, TODAY, FIRST_USE)).toMatchObject({ accepted: false, refusal: 'notAcceptedHere', codes: ['kindNotAcceptedUnattended'] });
    }
    expect(IdentityDocumentKind.options.filter((k) => !UNATTENDED_DOCUMENT_KINDS.includes(k))).toEqual(['mrzIdCard', 'healthInsuranceCard']);
  });

  it('answers expired for a document past its date, unreadable for scanner warnings, failures or no expiry date', () => {
    expect(assessUnattended({ ...licence, expiryDate: '2026-06-09' }, yamada, TODAY, DEFAULT)).toMatchObject({ accepted: false, refusal: 'expired' });
    expect(assessUnattended({ ...licence, checks: { documentNumber: 'warning' } }, yamada, TODAY, DEFAULT)).toMatchObject({ accepted: false, refusal: 'unreadable', codes: ['scannerChecksNotPassed'] });
    expect(assessUnattended({ ...licence, checks: { mrz: 'invalid' } }, yamada, TODAY, DEFAULT)).toMatchObject({ accepted: false, refusal: 'unreadable' });
    expect(assessUnattended({ ...licence, expiryDate: undefined }, yamada, TODAY, DEFAULT)).toMatchObject({ accepted: false, refusal: 'unreadable', codes: ['expiryAbsent'] });
  });

  it('decides expired and unreadable from the document alone: the same answer whoever it is compared with', () => {
    const stranger: IdentityRecord = { ...yamada, nameKanji: '木村 拓也', nameKana: 'キムラ タクヤ', dateOfBirth: '1972-12-24', documentsOnFile: [] };
    for (const document of [{ ...licence, expiryDate: '2020-01-01' }, { ...licence, checks: { documentNumber: 'warning' as const } }]) {
      const a = assessUnattended(document, yamada, TODAY, DEFAULT);
      const b = assessUnattended(document, stranger, TODAY, DEFAULT);
      expect(a.accepted || b.accepted).toBe(false);
      if (!a.accepted && !b.accepted) expect(a.refusal).toBe(b.refusal);
    }
  });

  it('answers notAcceptedHere for every content mismatch alike', () => {
    const cases: IdentityDocument[] = [
      { ...licence, nameKanji: '山田 次郎', nameKana: 'ヤマダ ジロウ' },
      { ...licence, dateOfBirth: '1985-04-13' },
      { ...licence, documentNumber: '309012345699' },
      { ...licence, documentNumber: undefined },
      { ...licence, nameKanji: undefined, nameKana: undefined },
      { ...licence, kind: 'residenceCard' },
    ];
    for (const document of cases) expect(assessUnattended(document, yamada, TODAY, DEFAULT)).toMatchObject({ accepted: false, refusal: 'notAcceptedHere' });
  });

  it('accepts a new kind on name and date of birth only when HQ policy allows first use, and never one of a kind already on file', () => {
    expect(assessUnattended(forgedPassport, yamada, TODAY, FIRST_USE)).toMatchObject({ accepted: true, basis: 'firstUseOfKind' });
    expect(assessUnattended({ ...forgedPassport, dateOfBirth: '1985-04-13' }, yamada, TODAY, FIRST_USE).accepted).toBe(false);
    expect(assessUnattended({ ...licence, documentNumber: '309012345699' }, yamada, TODAY, FIRST_USE).accepted).toBe(false);
    // A passport is on file: another passport number is a mismatch, not a first use.
    const withPassport = { ...yamada, documentsOnFile: [...yamada.documentsOnFile, { kind: 'passport', documentNumber: 'TK1111111' }] };
    expect(assessUnattended(forgedPassport, withPassport, TODAY, FIRST_USE)).toMatchObject({ accepted: false, codes: ['documentNumberMismatch'] });
  });
});

describe('the customer answer carries no field', () => {
  it('has no fields or reasons in its schema', () => {
    for (const option of VerifyIdentityResponse.options) {
      expect(Object.keys(option.shape)).not.toContain('fields');
      expect(Object.keys(option.shape)).not.toContain('reasons');
    }
    expect(VerifyIdentityResponse.options.map((o) => Object.keys(o.shape).sort())).toEqual([['cardLocked', 'decision'], ['decision', 'reason']]);
  });

  it('refuses an answer that carries fields or reasons, and every per-field staff answer', () => {
    const fields = { name: 'match', dateOfBirth: 'mismatch', documentNumber: 'match', expiry: 'valid', scannerChecks: 'passed' };
    expect(VerifyIdentityResponse.safeParse({ decision: 'notAccepted', reason: 'notAcceptedHere', fields }).success).toBe(false);
    expect(VerifyIdentityResponse.safeParse({ decision: 'notAccepted', reason: 'notAcceptedHere', reasons: ['dateOfBirthMismatch'] }).success).toBe(false);
    expect(VerifyIdentityResponse.safeParse({ decision: 'verified', cardLocked: false, fields, reasons: [] }).success).toBe(false);
    expect(VerifyIdentityResponse.safeParse({ decision: 'mismatch', fields, reasons: ['dateOfBirthMismatch'] }).success).toBe(false);
    expect(VerifyIdentityResponse.safeParse({ decision: 'notAccepted', reason: 'dateOfBirthMismatch' }).success).toBe(false);
    // The staff answer is a different schema and keeps its fields.
    expect(FieldIdentityResponse.safeParse({ decision: 'mismatch', fields, reasons: ['dateOfBirthMismatch'] }).success).toBe(true);
    expect(VerifyIdentityResponse.safeParse({ decision: 'notAccepted', reason: 'notAcceptedHere' }).success).toBe(true);
  });
});
