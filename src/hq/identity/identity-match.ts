/**
 * Compares a scanned identity document with the customer's record (issue 5;
 * DOMAIN.md, "Identity documents"; issue 13). Pure: HQ's services read the
 * record, apply the decision and count failures. One comparison, two
 * readings (rules and sources: docs/policy.md, "Identity at an unmanned
 * machine"):
 *
 * `matchIdentity`, field by field, for staff routes (the staff member sees
 * the fields and checks the photo against the person):
 * - name: every name form the document carries (kanji, kana, Latin) must
 *   match the record's form, up to the variants in src/shared/domain/name-forms.ts; a
 *   document with no comparable name is not enough;
 * - date of birth: exact;
 * - document number: must match when HQ holds a number for that kind of
 *   document; a kind HQ holds no number for is `notOnFile` and left to the
 *   staff member's check (staff then register it, staff-assist.ts);
 * - expiry: required, valid through the printed date (Tokyo);
 * - the scanner's own checks: any `invalid` makes the document unusable;
 *   `warning` does not (the staff member looks);
 * - a health-insurance card is not identity (no photo; no longer issued):
 *   `documentInvalid` with `documentKindNotAccepted`.
 *
 * `assessUnattended`, for the customer route at a machine nobody watches:
 * accepted, or refused with one customer-safe class. Decided in this order,
 * so the first three classes depend only on the document itself (which the
 * person holding it already knows) and everything compared with the record
 * answers the same `notAcceptedHere`, whichever field failed (no oracle):
 * 1. kind: photo documents only (UNATTENDED_DOCUMENT_KINDS) -> notAcceptedHere;
 * 2. the scanner's checks all passed (a `warning` is not enough here), and
 *    an expiry date present -> else unreadable;
 * 3. expiry not past (Tokyo) -> else expired;
 * 4. name and date of birth match, AND the document's own number matches a
 *    number HQ holds for this customer for this kind; a kind with nothing
 *    on file passes only when the policy allows first use of a new kind,
 *    and even then only with the document's number present
 *    -> else notAcceptedHere.
 */
import type { IdentityDocument, IdentityDocumentKind } from '../../shared/identity/identity-document';
import type { IdentityDecision, IdentityFieldResults, IdentityReasonCode, IdentityRefusalClass } from '../../shared/hq-api/identity';
import { kanaForm, kanjiForm, latinForm } from '../../shared/domain/name-forms';

export interface DocumentOnFile {
  kind: string;
  documentNumber: string | null;
}

export interface IdentityRecord {
  nameKanji: string;
  nameKana: string;
  nameLatin: { surname: string; givenNames: string } | null;
  dateOfBirth: string;
  documentsOnFile: readonly DocumentOnFile[];
}

export interface IdentityMatch {
  decision: Exclude<IdentityDecision, 'tooManyAttempts'>;
  fields: IdentityFieldResults;
  reasons: IdentityReasonCode[];
}

/**
 * Kinds a machine with nobody present accepts: photo documents on the
 * Japanese list (docs/policy.md). Not `healthInsuranceCard` (no photo, no
 * longer issued) and not `mrzIdCard` (a foreign TD1/TD2 identity card is
 * not on the list).
 */
export const UNATTENDED_DOCUMENT_KINDS: readonly IdentityDocumentKind[] = ['driversLicence', 'myNumberCard', 'passport', 'residenceCard'];

/** Kinds staff may not accept as identity either (docs/policy.md). */
export const STAFF_REFUSED_DOCUMENT_KINDS: readonly IdentityDocumentKind[] = ['healthInsuranceCard'];

/** Why HQ refused a document on the customer route: for HQ's own log only, never for the kiosk. */
export type UnattendedRuleCode =
  | 'kindNotAcceptedUnattended'
  | 'scannerChecksNotPassed'
  | 'expiryAbsent'
  | 'documentExpired'
  | 'nameMismatch'
  | 'nameAbsent'
  | 'dateOfBirthMismatch'
  | 'documentNumberAbsent'
  | 'documentNumberNotOnFile'
  | 'documentNumberMismatch';

export type UnattendedAssessment =
  | { accepted: true; basis: 'registeredDocument' | 'firstUseOfKind'; fields: IdentityFieldResults }
  | { accepted: false; refusal: Exclude<IdentityRefusalClass, 'tryStaff' | 'contactUs'>; codes: UnattendedRuleCode[]; fields: IdentityFieldResults };

/** The form document numbers are compared (and registered) in: NFKC, upper case, no spaces or hyphens. */
export function documentNumberForm(value: string): string {
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

/**
 * The document's number against the numbers on file for its kind:
 * `notOnFile` when HQ holds no number for that kind, `absent` when it does
 * and the document carries none.
 */
export function compareDocumentNumber(document: IdentityDocument, documentsOnFile: readonly DocumentOnFile[]): IdentityFieldResults['documentNumber'] {
  const onFile = documentsOnFile.filter((d) => d.kind === document.kind && d.documentNumber);
  if (onFile.length === 0) return 'notOnFile';
  if (!document.documentNumber) return 'absent';
  const scanned = documentNumberForm(document.documentNumber);
  return onFile.some((d) => documentNumberForm(d.documentNumber!) === scanned) ? 'match' : 'mismatch';
}

/** Every field of the document against the record; no decision. */
export function compareFields(document: IdentityDocument, record: IdentityRecord, todayTokyo: string): IdentityFieldResults {
  const checks = Object.values(document.checks);
  return {
    name: compareNames(document, record),
    dateOfBirth: document.dateOfBirth === record.dateOfBirth ? 'match' : 'mismatch',
    documentNumber: compareDocumentNumber(document, record.documentsOnFile),
    expiry: document.expiryDate === undefined ? 'absent' : document.expiryDate < todayTokyo ? 'expired' : 'valid',
    scannerChecks: checks.includes('invalid') ? 'failed' : checks.includes('warning') ? 'warnings' : 'passed',
  };
}

/** The staff routes' per-field answer. */
export function matchIdentity(document: IdentityDocument, record: IdentityRecord, todayTokyo: string): IdentityMatch {
  const fields = compareFields(document, record, todayTokyo);
  const reasons: IdentityReasonCode[] = [];
  if (STAFF_REFUSED_DOCUMENT_KINDS.includes(document.kind)) reasons.push('documentKindNotAccepted');
  if (fields.scannerChecks === 'failed') reasons.push('scannerChecksFailed');
  if (fields.expiry === 'absent') reasons.push('expiryAbsent');
  if (fields.expiry === 'expired') reasons.push('documentExpired');
  if (fields.name === 'mismatch') reasons.push('nameMismatch');
  if (fields.name === 'absent' || fields.name === 'notOnFile') reasons.push('nameAbsent');
  if (fields.dateOfBirth === 'mismatch') reasons.push('dateOfBirthMismatch');
  if (fields.documentNumber === 'mismatch' || fields.documentNumber === 'absent') reasons.push('documentNumberMismatch');

  let decision: IdentityMatch['decision'];
  if (reasons.some((r) => r === 'documentKindNotAccepted' || r === 'scannerChecksFailed' || r === 'expiryAbsent')) decision = 'documentInvalid';
  else if (reasons.includes('documentExpired')) decision = 'documentExpired';
  else if (reasons.length > 0) decision = 'mismatch';
  else decision = 'verified';
  return { decision, fields, reasons };
}

/** The customer route's decision at an unmanned machine (order and rules in the module comment). */
export function assessUnattended(
  document: IdentityDocument,
  record: IdentityRecord,
  todayTokyo: string,
  policy: { allowFirstUseOfNewDocumentKind: boolean },
): UnattendedAssessment {
  const fields = compareFields(document, record, todayTokyo);
  const refuse = (refusal: Extract<UnattendedAssessment, { accepted: false }>['refusal'], codes: UnattendedRuleCode[]): UnattendedAssessment =>
    ({ accepted: false, refusal, codes, fields });

  if (!UNATTENDED_DOCUMENT_KINDS.includes(document.kind)) return refuse('notAcceptedHere', ['kindNotAcceptedUnattended']);
  if (fields.scannerChecks !== 'passed') return refuse('unreadable', ['scannerChecksNotPassed']);
  if (fields.expiry === 'absent') return refuse('unreadable', ['expiryAbsent']);
  if (fields.expiry === 'expired') return refuse('expired', ['documentExpired']);

  const codes: UnattendedRuleCode[] = [];
  if (fields.name === 'mismatch') codes.push('nameMismatch');
  if (fields.name === 'absent' || fields.name === 'notOnFile') codes.push('nameAbsent');
  if (fields.dateOfBirth === 'mismatch') codes.push('dateOfBirthMismatch');

  const kindOnFile = record.documentsOnFile.some((d) => d.kind === document.kind);
  let basis: 'registeredDocument' | 'firstUseOfKind' | null = null;
  if (!document.documentNumber) codes.push('documentNumberAbsent');
  else if (fields.documentNumber === 'match') basis = 'registeredDocument';
  else if (fields.documentNumber === 'mismatch') codes.push('documentNumberMismatch');
  else if (!kindOnFile && policy.allowFirstUseOfNewDocumentKind) basis = 'firstUseOfKind';
  else codes.push('documentNumberNotOnFile');

  if (codes.length > 0 || basis === null) return refuse('notAcceptedHere', codes);
  return { accepted: true, basis, fields };
}
