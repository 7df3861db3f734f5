import type { IncomeCertificate } from '../../shared/domain/income-certificate';
import type { IdentityDocument } from '../../shared/identity/identity-document';
import type { CompletionCode, IdScannerErrorCode } from '../../shared/xfs/vocabulary';
import { assertNever } from '../../shared/assert-never';
import type { FindingProblem, PayloadParse } from './payload/parse-result';

/**
 * The outcome of one scan. Structurally a `CommandResult<IdentityDocument,
 * IdScannerErrorCode>`, with one addition: when a document was read but is
 * not acceptable (`expired`, `checkDigitMismatch`, or `unreadable` because a
 * field failed its format), `document` carries what was read with its
 * per-field `checks`. The kiosk flow tells an expired document from an
 * unreadable one by `errorCode`; staff screens show `document.checks`.
 * An income certificate is `unsupportedDocument` (it is no identity
 * document) carrying the `certificate` read, which the limit flow uses.
 */
export type IdScanResult =
  | { completion: 'success'; value: IdentityDocument }
  | { completion: 'commandErrorCode'; errorCode: IdScannerErrorCode; detail?: string; document?: IdentityDocument; certificate?: IncomeCertificate }
  | { completion: Exclude<CompletionCode, 'success' | 'commandErrorCode'>; detail?: string };

/**
 * What a parsed payload means for the scan, in this order:
 * 1. `unsupportedDocument` / `unreadable` when no document came out;
 * 2. `checkDigitMismatch` when any ICAO check digit fails: the data cannot
 *    be trusted, so it outranks expiry;
 * 3. `unreadable` when a field is missing or malformed;
 * 4. `expired` when the expiry date is before today (Asia/Tokyo): a document
 *    is valid through its expiry day;
 * 5. otherwise success. Warnings (licence check digit) and discarded numbers
 *    do not fail a scan; they stay visible in `checks`.
 */
export function classifyParse(parse: PayloadParse, todayIso: string): IdScanResult {
  switch (parse.outcome) {
    case 'unsupportedDocument':
      return { completion: 'commandErrorCode', errorCode: 'unsupportedDocument', detail: parse.reason };
    case 'incomeCertificate':
      return { completion: 'commandErrorCode', errorCode: 'unsupportedDocument', detail: 'an income certificate, not an identity document', certificate: parse.certificate };
    case 'unreadable':
      return { completion: 'commandErrorCode', errorCode: 'unreadable', detail: parse.reason };
    case 'document':
      break;
    default:
      return assertNever(parse, 'payload parse');
  }
  const { document, findings } = parse;
  const mismatched = findings.filter((f) => weight(f.problem) === 'mismatch').map((f) => f.field);
  if (mismatched.length > 0) {
    return { completion: 'commandErrorCode', errorCode: 'checkDigitMismatch', detail: `check digit mismatch: ${mismatched.join(', ')}`, document };
  }
  const broken = findings.filter((f) => weight(f.problem) === 'broken');
  if (broken.length > 0) {
    return { completion: 'commandErrorCode', errorCode: 'unreadable', detail: broken.map((f) => `${f.field} ${f.problem === 'missing' ? 'missing' : 'malformed'}`).join(', '), document };
  }
  if (document.expiryDate !== undefined && document.expiryDate < todayIso) {
    return { completion: 'commandErrorCode', errorCode: 'expired', detail: 'the document expired before today', document };
  }
  return { completion: 'success', value: document };
}

/** How much a finding counts against a scan. */
function weight(problem: FindingProblem): 'mismatch' | 'broken' | 'note' {
  switch (problem) {
    case 'checkDigitMismatch':
      return 'mismatch';
    case 'badFormat':
    case 'missing':
      return 'broken';
    case 'checkWarning':
    case 'discarded':
    case 'unknownField':
      return 'note';
    default:
      return assertNever(problem, 'finding problem');
  }
}
