import { IdentityDocument, type FieldValidity, type IdentityDocumentKind } from '../../../shared/identity/identity-document';
import { inferBirthDate, inferExpiryDate } from '../calendar-date';
import type { Finding, PayloadParse } from '../payload/parse-result';
import { verifyCheckDigit } from './check-digit';
import { sliceMrz, type MrzFormat } from './mrz-layout';

const STATE_CODE = /^[A-Z][A-Z<]{2}$/; // ISO 3166-1 alpha-3 or 9303 Part 3 codes such as `D<<`
const NAME_FIELD = /^[A-Z<]+$/;

/**
 * Document codes we accept (9303 Part 4 section 4.2.2.1 and Part 5/6): `P` in
 * TD3 is a passport; `I`, `A`, `C` in TD1/TD2 are identity cards. `V` is a
 * visa (MRV-A/MRV-B), which identifies nobody on its own.
 */
function documentKind(format: MrzFormat, code: string): IdentityDocumentKind | undefined {
  const first = code[0];
  if (format === 'TD3') return first === 'P' ? 'passport' : undefined;
  return first === 'I' || first === 'A' || first === 'C' ? 'mrzIdCard' : undefined;
}

/** Filler to spaces, runs of spaces collapsed. */
function fillerToSpaces(text: string): string {
  return text.replace(/<+/g, ' ').trim();
}

/** 9303 Part 4, 4.6: primary identifier, `<<`, secondary identifier; `<` between name parts. */
export function splitMrzName(field: string): { surname: string; givenNames: string } {
  const separator = field.indexOf('<<');
  if (separator < 0) return { surname: fillerToSpaces(field), givenNames: '' };
  return { surname: fillerToSpaces(field.slice(0, separator)), givenNames: fillerToSpaces(field.slice(separator + 2)) };
}

/**
 * Long document numbers (TD1 and TD2, 9303 Part 5 note j / Part 6 note j):
 * when the number has more than nine characters, the check-digit position
 * holds `<`, and the optional data begins with the remaining characters
 * followed by the check digit and a filler.
 */
function resolveDocumentNumber(format: MrzFormat, raw: ReturnType<typeof sliceMrz>): { number: string; check: string; optionalData: string } {
  if (format !== 'TD3' && raw.documentNumberCheck === '<' && /^[A-Z0-9]/.test(raw.optionalData)) {
    const end = raw.optionalData.indexOf('<');
    const overflow = end < 0 ? raw.optionalData : raw.optionalData.slice(0, end);
    if (overflow.length >= 2) {
      return {
        number: raw.documentNumber + overflow.slice(0, -1),
        check: overflow.slice(-1),
        optionalData: end < 0 ? '' : raw.optionalData.slice(end + 1),
      };
    }
  }
  return { number: raw.documentNumber, check: raw.documentNumberCheck, optionalData: raw.optionalData };
}

/**
 * Parses MRZ lines already shaped as TD1, TD2 or TD3 (see `detectMrzFormat`).
 * Every field gets its own verdict in `checks`, so one bad digit names its
 * field; the service decides what the verdicts mean for the scan.
 */
export function parseMrz(format: MrzFormat, lines: readonly string[], todayIso: string): PayloadParse {
  const raw = sliceMrz(format, lines);
  const kind = documentKind(format, raw.documentCode);
  if (!/^[A-Z][A-Z<]$/.test(raw.documentCode)) {
    return { outcome: 'unreadable', format, reason: 'the document code is not two MRZ letters', findings: [{ field: 'documentCode', problem: 'badFormat' }] };
  }
  if (!kind) {
    return { outcome: 'unsupportedDocument', format, reason: `document code ${raw.documentCode.replace(/</g, '')} in ${format} is not an identity document we accept` };
  }

  const checks: Record<string, FieldValidity> = {};
  const findings: Finding[] = [];
  const mark = (field: string, verdict: FieldValidity, problem?: Finding['problem']): void => {
    checks[field] = verdict;
    if (problem) findings.push({ field, problem });
  };

  const { number, check, optionalData } = resolveDocumentNumber(format, raw);
  const documentNumber = number.replace(/<+$/, '');
  if (!/^[A-Z0-9<]+$/.test(number) || documentNumber === '') mark('documentNumber', 'invalid', documentNumber === '' ? 'missing' : 'badFormat');
  else if (verifyCheckDigit(number, check) === 'invalid') mark('documentNumber', 'invalid', 'checkDigitMismatch');
  else mark('documentNumber', 'valid');

  const dateOfBirth = inferBirthDate(raw.dateOfBirth, todayIso);
  if (!dateOfBirth) mark('dateOfBirth', 'invalid', 'badFormat');
  else if (verifyCheckDigit(raw.dateOfBirth, raw.dateOfBirthCheck) === 'invalid') mark('dateOfBirth', 'invalid', 'checkDigitMismatch');
  else mark('dateOfBirth', 'valid');

  const expiryDate = inferExpiryDate(raw.expiryDate, todayIso);
  if (!expiryDate) mark('expiryDate', 'invalid', 'badFormat');
  else if (verifyCheckDigit(raw.expiryDate, raw.expiryDateCheck) === 'invalid') mark('expiryDate', 'invalid', 'checkDigitMismatch');
  else mark('expiryDate', 'valid');

  if (raw.optionalDataCheck !== undefined) {
    const empty = /^<*$/.test(raw.optionalData);
    if (verifyCheckDigit(raw.optionalData, raw.optionalDataCheck, true) === 'invalid') mark('optionalData', 'invalid', 'checkDigitMismatch');
    else mark('optionalData', empty ? 'absent' : 'valid');
  }

  if (verifyCheckDigit(raw.compositeField, raw.composite) === 'invalid') mark('composite', 'invalid', 'checkDigitMismatch');
  else mark('composite', 'valid');

  let sex: IdentityDocument['sex'];
  if (raw.sex === 'M' || raw.sex === 'F') sex = raw.sex;
  else if (raw.sex === '<' || raw.sex === 'X') sex = 'X'; // 9303 Part 4: `<` (or `X`) for unspecified
  mark('sex', sex ? 'valid' : 'invalid', sex ? undefined : 'badFormat');

  const issuingStateOk = STATE_CODE.test(raw.issuingState);
  mark('issuingState', issuingStateOk ? 'valid' : 'invalid', issuingStateOk ? undefined : 'badFormat');
  const nationalityOk = STATE_CODE.test(raw.nationality);
  mark('nationality', nationalityOk ? 'valid' : 'invalid', nationalityOk ? undefined : 'badFormat');

  let names: { surname: string; givenNames: string } | undefined;
  if (!NAME_FIELD.test(raw.name)) mark('name', 'invalid', 'badFormat');
  else {
    names = splitMrzName(raw.name);
    if (names.surname === '' && names.givenNames === '') mark('name', 'invalid', 'missing');
    else mark('name', 'valid');
  }

  if (!dateOfBirth) {
    return { outcome: 'unreadable', format, reason: 'the date of birth is not a date', findings };
  }

  const candidate = {
    kind,
    source: 'mrz' as const,
    documentNumber: /^[A-Z0-9<]+$/.test(number) && documentNumber !== '' ? documentNumber : undefined,
    issuingState: issuingStateOk ? raw.issuingState : undefined,
    nationality: nationalityOk ? raw.nationality : undefined,
    surname: names?.surname || undefined,
    givenNames: names?.givenNames || undefined,
    dateOfBirth,
    sex,
    expiryDate,
    checks,
  };
  const document = IdentityDocument.safeParse(stripUndefined(candidate));
  if (!document.success) {
    return { outcome: 'unreadable', format, reason: 'the fields read do not form a valid identity document', findings };
  }
  const fields: Record<string, string> = {
    documentCode: raw.documentCode,
    issuingState: raw.issuingState,
    documentNumber,
    nationality: raw.nationality,
    dateOfBirth: raw.dateOfBirth,
    sex: raw.sex,
    expiryDate: raw.expiryDate,
    optionalData: fillerToSpaces(optionalData),
    surname: names?.surname ?? '',
    givenNames: names?.givenNames ?? '',
  };
  if (raw.optionalData2 !== undefined) fields.optionalData2 = fillerToSpaces(raw.optionalData2);
  return { outcome: 'document', format, document: document.data, findings, fields };
}

export function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
