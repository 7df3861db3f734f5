import type { IncomeCertificateKind } from '../../../shared/domain/income-certificate';
import { INCOME_KIND_CODE } from './income-record-parser';
import { isoToEraDate } from './japanese-era';
import { INCOME_CERTIFICATE_TYPE, RECORD_END, RECORD_MAGIC, RECORD_VERSION, type RecordType } from './ocr-record';

/**
 * Writes a JPID/1 record the way a reader would: dates in the era form the
 * card prints. Used by the simulator and tests, not by the driver.
 */
export interface OcrRecordFields {
  type: RecordType;
  number?: string;
  name?: string;
  kana?: string;
  /** `SURNAME/GIVEN NAMES` */
  nameLatin?: string;
  sex?: 'M' | 'F';
  nationality?: string;
  /** ISO dates. */
  dateOfBirth: string;
  address?: string;
  issueDate?: string;
  expiryDate?: string;
}

/** Lines of the record; the serial and HID envelopes join them with CR. */
export function renderOcrRecord(fields: OcrRecordFields): string[] {
  const lines = [`${RECORD_MAGIC}/${RECORD_VERSION}`, `TYPE:${fields.type}`];
  const add = (key: string, value: string | undefined) => { if (value !== undefined) lines.push(`${key}:${value}`); };
  add('NUMBER', fields.number);
  add('NAME', fields.name);
  add('KANA', fields.kana);
  add('NAME_LATIN', fields.nameLatin);
  add('SEX', fields.sex === undefined ? undefined : fields.sex === 'M' ? '男' : '女');
  add('NATIONALITY', fields.nationality);
  add('DOB', isoToEraDate(fields.dateOfBirth));
  add('ADDRESS', fields.address);
  add('ISSUE', fields.issueDate === undefined ? undefined : isoToEraDate(fields.issueDate));
  add('EXPIRY', fields.expiryDate === undefined ? undefined : isoToEraDate(fields.expiryDate));
  lines.push(RECORD_END);
  return lines;
}

export interface IncomeRecordFields {
  kind: IncomeCertificateKind;
  name: string;
  incomeYear: number;
  /** ISO date; written in the era form, as certificates print it. */
  issueDate?: string;
  annualIncome: number;
}

/** Lines of a `TYPE:INCOME` record (docs/id-document-record.md), income written `5,200,000円` as printed. */
export function renderIncomeRecord(fields: IncomeRecordFields): string[] {
  return [
    `${RECORD_MAGIC}/${RECORD_VERSION}`, `TYPE:${INCOME_CERTIFICATE_TYPE}`, `KIND:${INCOME_KIND_CODE[fields.kind]}`, `NAME:${fields.name}`,
    `YEAR:${fields.incomeYear}年分`, ...(fields.issueDate ? [`ISSUE:${isoToEraDate(fields.issueDate)}`] : []),
    `INCOME:${fields.annualIncome.toLocaleString('en-US')}円`, RECORD_END,
  ];
}
