/**
 * The Japanese OCR record, version 1 (docs/id-document-record.md): what a
 * scanner's OCR of a Japanese card face becomes on the wire. Japanese
 * driver's licences, My Number cards, residence cards and health-insurance
 * cards carry no MRZ (DEVICES.md), so the reader transcribes the face.
 */
import type { IdentityDocumentKind } from '../../../shared/identity/identity-document';

export const RECORD_MAGIC = 'JPID';
export const RECORD_VERSION = 1;
export const RECORD_END = 'END';

export const RECORD_TYPES = {
  DL: 'driversLicence',
  MN: 'myNumberCard',
  RC: 'residenceCard',
  HI: 'healthInsuranceCard',
} as const satisfies Record<string, IdentityDocumentKind>;
export type RecordType = keyof typeof RECORD_TYPES;

export const RECORD_KEYS = ['TYPE', 'NUMBER', 'NAME', 'KANA', 'NAME_LATIN', 'SEX', 'NATIONALITY', 'DOB', 'ADDRESS', 'ISSUE', 'EXPIRY'] as const;
export type RecordKey = (typeof RECORD_KEYS)[number];

/**
 * Which keys each card type must carry, from what its face prints. Residence
 * cards print the name in Latin letters (address is on the back).
 */
export const REQUIRED_KEYS: Record<RecordType, readonly RecordKey[]> = {
  DL: ['NUMBER', 'NAME', 'DOB', 'ADDRESS', 'EXPIRY'],
  MN: ['NAME', 'DOB', 'ADDRESS', 'EXPIRY'],
  RC: ['NUMBER', 'NAME_LATIN', 'DOB', 'EXPIRY'],
  HI: ['NAME', 'DOB'],
};

/**
 * Numbers we may not collect even when the reader sends them:
 * - My Number (individual number): 番号法 (Act on the Use of Numbers to
 *   Identify a Specific Individual) Art. 20 forbids collecting it outside
 *   the uses the Act lists, and KYC by a money lender is not one. It is
 *   printed on the back; a record that carries it is dropped field-wise.
 * - Health-insurance symbol and number: 健康保険法 Art. 194-2 (告知要求制限,
 *   in force 1 October 2020) forbids asking for them outside health
 *   insurance business.
 */
export const DISCARDED_NUMBER: Record<RecordType, boolean> = { DL: false, MN: true, RC: false, HI: true };

/** The record key each IdentityDocument check is reported under. */
export const CHECK_NAMES: Record<Exclude<RecordKey, 'TYPE'>, string> = {
  NUMBER: 'documentNumber',
  NAME: 'nameKanji',
  KANA: 'nameKana',
  NAME_LATIN: 'nameLatin',
  SEX: 'sex',
  NATIONALITY: 'nationality',
  DOB: 'dateOfBirth',
  ADDRESS: 'address',
  ISSUE: 'issueDate',
  EXPIRY: 'expiryDate',
};

/** TYPE of an income-certificate record: not an identity document; its own keys (docs/id-document-record.md, income-record-parser.ts). */
export const INCOME_CERTIFICATE_TYPE = 'INCOME';
