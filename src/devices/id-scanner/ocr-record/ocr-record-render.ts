import { isoToEraDate } from './japanese-era';
import { RECORD_END, RECORD_MAGIC, RECORD_VERSION, type RecordType } from './ocr-record';

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
