import { toHalfWidth } from '../../../shared/domain/half-width';
import { IdentityDocument, type FieldValidity } from '../../../shared/identity/identity-document';
import { stripUndefined } from '../mrz/mrz-parser';
import type { Finding, PayloadParse } from '../payload/parse-result';
import { normaliseText } from '../text-normalise';
import { parseCardDate } from './japanese-era';
import { parseIncomeRecord } from './income-record-parser';
import { LICENCE_NUMBER, licenceCheckDigitConsistent } from './licence-number';
import {
  CHECK_NAMES, DISCARDED_NUMBER, INCOME_CERTIFICATE_TYPE, RECORD_END, RECORD_KEYS, RECORD_MAGIC, RECORD_TYPES, RECORD_VERSION, REQUIRED_KEYS,
  type RecordKey, type RecordType,
} from './ocr-record';

const HEADER = /^JPID\/([0-9]+)$/;
const RESIDENCE_CARD_NUMBER = /^[A-Z]{2}[0-9]{8}[A-Z]{2}$/; // 在留カード番号: 2 letters, 8 digits, 2 letters
const KANA = /^[\u3041-\u3096\u30A1-\u30FA\u30FC\u30FB ]+$/;
const LATIN_NAME = /^[A-Z][A-Z .,'-]*$/;

/** True when the first line announces an OCR record of any version. */
export function looksLikeOcrRecord(firstLine: string): boolean {
  return toHalfWidth(firstLine).trim().startsWith(`${RECORD_MAGIC}/`);
}

/** Splits `KEY:VALUE` at the first colon, half- or full-width. */
function splitLine(line: string): { key: string; value: string } | undefined {
  const colon = line.search(/[:：]/);
  if (colon < 0) return undefined;
  return { key: toHalfWidth(line.slice(0, colon)).trim().toUpperCase(), value: line.slice(colon + 1).trim() };
}

/**
 * Parses a JPID record (lines already split, blank lines dropped). Every key
 * gets a verdict in `checks`; what the verdicts mean for the scan is the
 * classifier's business.
 */
export function parseOcrRecord(lines: readonly string[]): PayloadParse {
  const header = HEADER.exec(toHalfWidth(lines[0] ?? '').trim());
  if (!header) return { outcome: 'unreadable', reason: 'the record header is not JPID/<version>', findings: [] };
  if (Number(header[1]) !== RECORD_VERSION) {
    return { outcome: 'unsupportedDocument', reason: `record version JPID/${header[1]} is not supported (this driver reads JPID/${RECORD_VERSION})` };
  }
  const format = 'JPID/1' as const;
  const last = toHalfWidth(lines[lines.length - 1] ?? '').trim();
  if (lines.length < 2 || last !== RECORD_END) {
    return { outcome: 'unreadable', format, reason: 'the record has no END line (truncated)', findings: [] };
  }

  const entries: { key: string; value: string }[] = [];
  for (let i = 1; i < lines.length - 1; i++) {
    const parts = splitLine(lines[i]!);
    if (!parts) return { outcome: 'unreadable', format, reason: `record line ${i + 1} is not KEY:VALUE`, findings: [] };
    entries.push(parts);
  }
  const typeText = toHalfWidth(entries.find((e) => e.key === 'TYPE')?.value ?? '').trim().toUpperCase();
  // An income-certificate record has its own keys (docs/id-document-record.md, "Income certificates").
  if (typeText === INCOME_CERTIFICATE_TYPE) return parseIncomeRecord(entries);

  const values = new Map<RecordKey, string>();
  const findings: Finding[] = [];
  for (const parts of entries) {
    if (!(RECORD_KEYS as readonly string[]).includes(parts.key)) {
      // Forward compatibility within version 1: a key we do not know is ignored, and said so.
      findings.push({ field: parts.key.replace(/[^A-Z0-9_]/g, '?').slice(0, 20), problem: 'unknownField' });
      continue;
    }
    const key = parts.key as RecordKey;
    if (values.has(key)) return { outcome: 'unreadable', format, reason: `record key ${key} appears twice`, findings };
    if (parts.value !== '') values.set(key, parts.value);
  }

  if (!(typeText in RECORD_TYPES)) {
    return typeText === ''
      ? { outcome: 'unreadable', format, reason: 'the record has no TYPE', findings }
      : { outcome: 'unsupportedDocument', format, reason: `record TYPE ${typeText.slice(0, 8)} is not a document we accept` };
  }
  const type = typeText as RecordType;

  const checks: Record<string, FieldValidity> = {};
  const fields: Record<string, string> = { TYPE: type };
  const mark = (key: Exclude<RecordKey, 'TYPE'>, verdict: FieldValidity, problem?: Finding['problem']): void => {
    const field = CHECK_NAMES[key];
    checks[field] = verdict;
    if (problem) findings.push({ field, problem });
  };
  for (const key of RECORD_KEYS) {
    if (key !== 'TYPE' && !values.has(key)) {
      if (REQUIRED_KEYS[type].includes(key)) mark(key, 'invalid', 'missing');
      else mark(key, 'absent');
    }
  }

  const document: Record<string, unknown> = { kind: RECORD_TYPES[type], source: 'ocr', checks };

  const number = values.get('NUMBER');
  if (number !== undefined) {
    if (DISCARDED_NUMBER[type]) {
      // Dropped here, before it reaches any field, log or error message.
      mark('NUMBER', 'absent', 'discarded');
    } else {
      // Cards print `第 309012345620 号` with spaces; keep only the number itself.
      const cleaned = toHalfWidth(number).replace(/[\s\-第号]/g, '').toUpperCase();
      fields.NUMBER = cleaned;
      if (type === 'DL') {
        if (!LICENCE_NUMBER.test(cleaned)) mark('NUMBER', 'invalid', 'badFormat');
        else if (!licenceCheckDigitConsistent(cleaned)) mark('NUMBER', 'warning', 'checkWarning');
        else mark('NUMBER', 'valid');
      } else if (!RESIDENCE_CARD_NUMBER.test(cleaned)) mark('NUMBER', 'invalid', 'badFormat');
      else mark('NUMBER', 'valid');
      if (checks.documentNumber !== 'invalid') document.documentNumber = cleaned;
    }
  }

  const text = (key: RecordKey, target: string, valid: (v: string) => boolean, max: number): void => {
    const raw = values.get(key);
    if (raw === undefined) return;
    const value = normaliseText(raw);
    fields[key] = value;
    if (value.length > 0 && value.length <= max && valid(value)) {
      document[target] = value;
      mark(key as Exclude<RecordKey, 'TYPE'>, 'valid');
    } else mark(key as Exclude<RecordKey, 'TYPE'>, 'invalid', 'badFormat');
  };
  text('NAME', 'nameKanji', (v) => !/[\u0000-\u001F]/.test(v), 60);
  text('KANA', 'nameKana', (v) => KANA.test(v), 60);
  text('ADDRESS', 'address', (v) => !/[\u0000-\u001F]/.test(v), 200);

  const latin = values.get('NAME_LATIN');
  if (latin !== undefined) {
    const value = normaliseText(latin).toUpperCase();
    fields.NAME_LATIN = value;
    const [surname = '', given = ''] = value.split('/').map((part) => part.trim());
    if (value.split('/').length <= 2 && LATIN_NAME.test(surname) && (given === '' || LATIN_NAME.test(given)) && surname.length <= 60 && given.length <= 60) {
      document.surname = surname;
      if (given) document.givenNames = given;
      mark('NAME_LATIN', 'valid');
    } else mark('NAME_LATIN', 'invalid', 'badFormat');
  }

  const sex = values.get('SEX');
  if (sex !== undefined) {
    const value = toHalfWidth(sex).trim().toUpperCase();
    fields.SEX = value;
    const mapped = value === '男' || value === 'M' ? 'M' : value === '女' || value === 'F' ? 'F' : undefined;
    if (mapped) { document.sex = mapped; mark('SEX', 'valid'); } else mark('SEX', 'invalid', 'badFormat');
  }

  const nationality = values.get('NATIONALITY');
  if (nationality !== undefined) {
    const value = toHalfWidth(nationality).trim().toUpperCase();
    fields.NATIONALITY = value;
    if (/^[A-Z]{3}$/.test(value)) { document.nationality = value; mark('NATIONALITY', 'valid'); } else mark('NATIONALITY', 'invalid', 'badFormat');
  }

  for (const [key, target] of [['DOB', 'dateOfBirth'], ['ISSUE', 'issueDate'], ['EXPIRY', 'expiryDate']] as const) {
    const raw = values.get(key);
    if (raw === undefined) continue;
    const parsed = parseCardDate(toHalfWidth(raw));
    fields[key] = normaliseText(raw);
    if (parsed.ok) { document[target] = parsed.iso; mark(key, 'valid'); } else mark(key, 'invalid', 'badFormat');
  }

  if (document.dateOfBirth === undefined) {
    return { outcome: 'unreadable', format, reason: 'the record has no readable date of birth', findings };
  }
  const result = IdentityDocument.safeParse(stripUndefined(document));
  if (!result.success) {
    return { outcome: 'unreadable', format, reason: 'the fields read do not form a valid identity document', findings };
  }
  return { outcome: 'document', format, document: result.data, findings, fields };
}
