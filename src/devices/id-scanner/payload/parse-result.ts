import type { IncomeCertificate } from '../../../shared/domain/income-certificate';
import type { IdentityDocument } from '../../../shared/identity/identity-document';

/** The payload layouts this driver reads. `JPID/1` is our OCR record (docs/id-document-record.md). */
export type PayloadFormat = 'TD1' | 'TD2' | 'TD3' | 'JPID/1';

/**
 * Why a field is not simply valid. Closed set, so the classifier's switch is
 * checked for exhaustiveness. Findings name fields, never their values: they
 * end up in the journal, which must not hold personal data.
 */
export type FindingProblem =
  /** An ICAO 9303 check digit does not match its field. */
  | 'checkDigitMismatch'
  /** The field is present but not in its documented shape (bad character, impossible date). */
  | 'badFormat'
  /** A field the document type requires is not in the payload. */
  | 'missing'
  /** A check that is not proof failed (licence number check digit, DEVICES.md): staff should look. */
  | 'checkWarning'
  /** A value we must not collect was in the payload and has been dropped (My Number, insurance numbers). */
  | 'discarded'
  /** A record key this version does not define; ignored. */
  | 'unknownField';

export interface Finding {
  field: string;
  problem: FindingProblem;
}

export type PayloadParse =
  | {
      outcome: 'document';
      format: PayloadFormat;
      document: IdentityDocument;
      findings: Finding[];
      /** Every field as read (after normalisation), for the technician CLI. Never holds a discarded value. */
      fields: Record<string, string>;
    }
  | { outcome: 'unreadable'; reason: string; format?: PayloadFormat; findings: Finding[] }
  | { outcome: 'unsupportedDocument'; reason: string; format?: PayloadFormat }
  /** An income certificate (JPID `TYPE:INCOME`, docs/id-document-record.md): not an identity document, but what a limit increase may ask for. */
  | { outcome: 'incomeCertificate'; format: 'JPID/1'; certificate: IncomeCertificate; findings: Finding[] };
