/**
 * Where each field sits in the three ICAO Doc 9303 machine-readable-zone
 * layouts (Part 5 for TD1, Part 6 for TD2, Part 4 for TD3). Offsets are
 * zero-based here; the standard counts from 1.
 */
export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

export const MRZ_SHAPES: Record<MrzFormat, { lines: number; length: number }> = {
  TD1: { lines: 3, length: 30 },
  TD2: { lines: 2, length: 36 },
  TD3: { lines: 2, length: 44 },
};

export function detectMrzFormat(lines: readonly string[]): MrzFormat | undefined {
  for (const format of ['TD1', 'TD2', 'TD3'] as const) {
    const shape = MRZ_SHAPES[format];
    if (lines.length === shape.lines && lines.every((line) => line.length === shape.length)) return format;
  }
  return undefined;
}

/** The raw character groups of one MRZ, before any interpretation. */
export interface MrzRawFields {
  documentCode: string;
  issuingState: string;
  name: string;
  documentNumber: string;
  documentNumberCheck: string;
  nationality: string;
  dateOfBirth: string;
  dateOfBirthCheck: string;
  sex: string;
  expiryDate: string;
  expiryDateCheck: string;
  /** TD1 line 1 optional data, TD2 optional data, TD3 personal number. */
  optionalData: string;
  /** TD3 only: check digit over the personal number. */
  optionalDataCheck?: string;
  /** TD1 only: line 2 optional data (no check digit of its own). */
  optionalData2?: string;
  composite: string;
  /** The characters the composite check digit covers, in order. */
  compositeField: string;
}

export function sliceMrz(format: MrzFormat, lines: readonly string[]): MrzRawFields {
  const [l1 = '', l2 = '', l3 = ''] = lines;
  switch (format) {
    case 'TD1':
      // 9303 Part 5, 4.2.2: composite over line 1 positions 6-30, line 2 positions 1-7, 9-15 and 19-29.
      return {
        documentCode: l1.slice(0, 2), issuingState: l1.slice(2, 5),
        documentNumber: l1.slice(5, 14), documentNumberCheck: l1.slice(14, 15), optionalData: l1.slice(15, 30),
        dateOfBirth: l2.slice(0, 6), dateOfBirthCheck: l2.slice(6, 7), sex: l2.slice(7, 8),
        expiryDate: l2.slice(8, 14), expiryDateCheck: l2.slice(14, 15), nationality: l2.slice(15, 18),
        optionalData2: l2.slice(18, 29), composite: l2.slice(29, 30),
        compositeField: l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29),
        name: l3,
      };
    case 'TD2':
      // 9303 Part 6, 4.2.2: composite over line 2 positions 1-10, 14-20 and 22-35.
      return {
        documentCode: l1.slice(0, 2), issuingState: l1.slice(2, 5), name: l1.slice(5, 36),
        documentNumber: l2.slice(0, 9), documentNumberCheck: l2.slice(9, 10), nationality: l2.slice(10, 13),
        dateOfBirth: l2.slice(13, 19), dateOfBirthCheck: l2.slice(19, 20), sex: l2.slice(20, 21),
        expiryDate: l2.slice(21, 27), expiryDateCheck: l2.slice(27, 28), optionalData: l2.slice(28, 35),
        composite: l2.slice(35, 36), compositeField: l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 35),
      };
    case 'TD3':
      // 9303 Part 4, 4.2.2: composite over line 2 positions 1-10, 14-20 and 22-43.
      return {
        documentCode: l1.slice(0, 2), issuingState: l1.slice(2, 5), name: l1.slice(5, 44),
        documentNumber: l2.slice(0, 9), documentNumberCheck: l2.slice(9, 10), nationality: l2.slice(10, 13),
        dateOfBirth: l2.slice(13, 19), dateOfBirthCheck: l2.slice(19, 20), sex: l2.slice(20, 21),
        expiryDate: l2.slice(21, 27), expiryDateCheck: l2.slice(27, 28),
        optionalData: l2.slice(28, 42), optionalDataCheck: l2.slice(42, 43),
        composite: l2.slice(43, 44), compositeField: l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43),
      };
  }
}
