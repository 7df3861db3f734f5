import { toYymmdd } from '../calendar-date';
import { mrzCheckDigit } from './check-digit';
import { MRZ_SHAPES, sliceMrz, type MrzFormat } from './mrz-layout';

/**
 * Writes an MRZ from fields, with every check digit computed (ICAO 9303).
 * Used by the simulator to render demo documents and by property tests to
 * generate valid zones; not by the driver.
 */
export interface MrzFields {
  format: MrzFormat;
  /** Two characters, e.g. `P<`, `I<`. */
  documentCode: string;
  issuingState: string;
  surname: string;
  givenNames: string;
  /** Up to 9 characters (TD3); TD1/TD2 may be longer and use the overflow rule. */
  documentNumber: string;
  nationality: string;
  /** ISO dates; only YYMMDD goes into the zone. */
  dateOfBirth: string;
  sex: 'M' | 'F' | 'X';
  expiryDate: string;
  optionalData?: string;
  /** TD1 line 2 optional data. */
  optionalData2?: string;
}

function pad(text: string, length: number): string {
  return text.slice(0, length).padEnd(length, '<');
}

function digit(field: string): string {
  const value = mrzCheckDigit(field);
  if (value === undefined) throw new RangeError('MRZ field holds a character outside A-Z, 0-9, <');
  return String(value);
}

/** Name field: surname `<<` given names, spaces as `<`, truncated to fit (9303 Part 4, 4.6). */
export function mrzNameField(surname: string, givenNames: string, length: number): string {
  const part = (text: string) => text.trim().toUpperCase().replace(/[\s-]+/g, '<');
  const given = part(givenNames);
  return pad(given ? `${part(surname)}<<${given}` : part(surname), length);
}

function documentNumberAndOverflow(number: string, optional: string, optionalLength: number): { field: string; check: string; optional: string } {
  if (number.length <= 9) return { field: pad(number, 9), check: digit(pad(number, 9)), optional: pad(optional, optionalLength) };
  const first = number.slice(0, 9);
  const overflow = number.slice(9);
  return { field: first, check: '<', optional: pad(`${overflow}${digit(number)}<${optional}`, optionalLength) };
}

export function renderMrz(fields: MrzFields): string[] {
  const code = pad(fields.documentCode, 2);
  const state = pad(fields.issuingState, 3);
  const nationality = pad(fields.nationality, 3);
  const birth = toYymmdd(fields.dateOfBirth);
  const expiry = toYymmdd(fields.expiryDate);
  const sex = fields.sex === 'X' ? '<' : fields.sex;
  const { length } = MRZ_SHAPES[fields.format];
  let lines: string[];
  switch (fields.format) {
    case 'TD1': {
      const number = documentNumberAndOverflow(fields.documentNumber, fields.optionalData ?? '', 15);
      const line1 = `${code}${state}${number.field}${number.check}${number.optional}`;
      const line2Head = `${birth}${digit(birth)}${sex}${expiry}${digit(expiry)}${nationality}${pad(fields.optionalData2 ?? '', 11)}`;
      lines = [line1, line2Head, mrzNameField(fields.surname, fields.givenNames, length)];
      break;
    }
    case 'TD2': {
      const number = documentNumberAndOverflow(fields.documentNumber, fields.optionalData ?? '', 7);
      const line2Head = `${number.field}${number.check}${nationality}${birth}${digit(birth)}${sex}${expiry}${digit(expiry)}${number.optional}`;
      lines = [`${code}${state}${mrzNameField(fields.surname, fields.givenNames, 31)}`, line2Head];
      break;
    }
    case 'TD3': {
      if (fields.documentNumber.length > 9) throw new RangeError('TD3 document numbers have at most 9 characters');
      const number = pad(fields.documentNumber, 9);
      const personal = pad(fields.optionalData ?? '', 14);
      const personalCheck = /^<*$/.test(personal) ? '<' : digit(personal);
      const line2Head = `${number}${digit(number)}${nationality}${birth}${digit(birth)}${sex}${expiry}${digit(expiry)}${personal}${personalCheck}`;
      lines = [`${code}${state}${mrzNameField(fields.surname, fields.givenNames, 39)}`, line2Head];
      break;
    }
  }
  // The composite covers fields from the finished lines; compute it last.
  const secondLine = lines[1]!;
  const partial = fields.format === 'TD1' ? [lines[0]!, `${secondLine}0`, lines[2]!] : [lines[0]!, `${secondLine}0`];
  const composite = digit(sliceMrz(fields.format, partial).compositeField);
  lines[1] = `${secondLine}${composite}`;
  return lines;
}
