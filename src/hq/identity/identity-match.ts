/**
 * Compares a scanned identity document with the customer's record, field by
 * field (issue 5; DOMAIN.md, "Identity documents"). Pure: HQ's service
 * reads the record and applies the decision.
 *
 * Rules:
 * - name: every name form the document carries (kanji, kana, Latin) must
 *   match the record's form, up to the variants in src/shared/domain/name-forms.ts; a
 *   document with no comparable name is not enough;
 * - date of birth: exact;
 * - document number: must match when HQ holds a number for that kind of
 *   document; a document of a kind HQ has nothing on file for is accepted
 *   on name and date of birth;
 * - expiry: valid through the printed date (Tokyo); required except on a
 *   health-insurance card, which may carry none;
 * - the scanner's own checks: any `invalid` (e.g. a bad MRZ check digit)
 *   makes the document unusable; `warning` does not (DEVICES.md).
 */
import type { IdentityDocument } from '../../shared/identity/identity-document';
import type { IdentityDecision, IdentityFieldResults, IdentityReasonCode } from '../../shared/hq-api/identity';
import { kanaForm, kanjiForm, latinForm } from '../../shared/domain/name-forms';

export interface IdentityRecord {
  nameKanji: string;
  nameKana: string;
  nameLatin: { surname: string; givenNames: string } | null;
  dateOfBirth: string;
  documentsOnFile: readonly { kind: string; documentNumber: string | null }[];
}

export interface IdentityMatch {
  decision: Exclude<IdentityDecision, 'tooManyAttempts'>;
  fields: IdentityFieldResults;
  reasons: IdentityReasonCode[];
}

function documentNumberForm(value: string): string {
  return value.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
}

function compareNames(document: IdentityDocument, record: IdentityRecord): IdentityFieldResults['name'] {
  const comparisons: boolean[] = [];
  if (document.nameKanji) comparisons.push(kanjiForm(document.nameKanji) === kanjiForm(record.nameKanji));
  if (document.nameKana) comparisons.push(kanaForm(document.nameKana) === kanaForm(record.nameKana));
  if (document.surname !== undefined || document.givenNames !== undefined) {
    if (record.nameLatin) {
      comparisons.push(
        latinForm(document.surname ?? '') === latinForm(record.nameLatin.surname)
        && latinForm(document.givenNames ?? '') === latinForm(record.nameLatin.givenNames),
      );
    } else if (!document.nameKanji && !document.nameKana) {
      return 'notOnFile';
    }
  }
  if (comparisons.length === 0) return 'absent';
  return comparisons.every(Boolean) ? 'match' : 'mismatch';
}

function compareDocumentNumber(document: IdentityDocument, record: IdentityRecord): IdentityFieldResults['documentNumber'] {
  const onFile = record.documentsOnFile.filter((d) => d.kind === document.kind && d.documentNumber);
  if (onFile.length === 0) return 'notOnFile';
  if (!document.documentNumber) return 'absent';
  const scanned = documentNumberForm(document.documentNumber);
  return onFile.some((d) => documentNumberForm(d.documentNumber!) === scanned) ? 'match' : 'mismatch';
}

export function matchIdentity(document: IdentityDocument, record: IdentityRecord, todayTokyo: string): IdentityMatch {
  const checks = Object.values(document.checks);
  const fields: IdentityFieldResults = {
    name: compareNames(document, record),
    dateOfBirth: document.dateOfBirth === record.dateOfBirth ? 'match' : 'mismatch',
    documentNumber: compareDocumentNumber(document, record),
    expiry: document.expiryDate === undefined ? 'absent' : document.expiryDate < todayTokyo ? 'expired' : 'valid',
    scannerChecks: checks.includes('invalid') ? 'failed' : checks.includes('warning') ? 'warnings' : 'passed',
  };

  const reasons: IdentityReasonCode[] = [];
  if (fields.scannerChecks === 'failed') reasons.push('scannerChecksFailed');
  const expiryRequired = document.kind !== 'healthInsuranceCard';
  if (fields.expiry === 'absent' && expiryRequired) reasons.push('expiryAbsent');
  if (fields.expiry === 'expired') reasons.push('documentExpired');
  if (fields.name === 'mismatch') reasons.push('nameMismatch');
  if (fields.name === 'absent' || fields.name === 'notOnFile') reasons.push('nameAbsent');
  if (fields.dateOfBirth === 'mismatch') reasons.push('dateOfBirthMismatch');
  if (fields.documentNumber === 'mismatch' || fields.documentNumber === 'absent') reasons.push('documentNumberMismatch');

  let decision: IdentityMatch['decision'];
  if (reasons.includes('scannerChecksFailed') || reasons.includes('expiryAbsent')) decision = 'documentInvalid';
  else if (reasons.includes('documentExpired')) decision = 'documentExpired';
  else if (reasons.length > 0) decision = 'mismatch';
  else decision = 'verified';
  return { decision, fields, reasons };
}
