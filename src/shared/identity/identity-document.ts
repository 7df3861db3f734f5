/**
 * The identity document as the kiosk hands it to HQ for matching
 * (DOMAIN.md, "Identity documents"). Produced by the ID-scanner service from
 * an ICAO 9303 MRZ or from the scanner's OCR record of a Japanese card face.
 * Never carries an image. Dates are ISO `YYYY-MM-DD` (Gregorian; Japanese
 * era dates are converted by the parser).
 */
import { z } from 'zod';

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD');

export const IdentityDocumentKind = z.enum([
  'passport',            // ICAO TD3
  'mrzIdCard',           // ICAO TD1 / TD2 identity cards
  'driversLicence',      // 運転免許証 (OCR record)
  'myNumberCard',        // マイナンバーカード (OCR record, front face only)
  'residenceCard',       // 在留カード (OCR record)
  'healthInsuranceCard', // 健康保険証 (OCR record)
]);
export type IdentityDocumentKind = z.infer<typeof IdentityDocumentKind>;

/** Per-field check result: `warning` is for checks that are not proof (the licence check digit, DEVICES.md). */
export const FieldValidity = z.enum(['valid', 'invalid', 'warning', 'absent']);
export type FieldValidity = z.infer<typeof FieldValidity>;

export const IdentityDocument = z.object({
  kind: IdentityDocumentKind,
  source: z.enum(['mrz', 'ocr']),
  /** Licence number, passport number, residence-card number. Absent for My Number cards: the individual number is on the back and may not be collected for KYC (番号法 第20条). */
  documentNumber: z.string().max(20).optional(),
  issuingState: z.string().length(3).optional(),
  nationality: z.string().length(3).optional(),
  /** Latin names (MRZ): surname and given names, spaces between words. */
  surname: z.string().max(60).optional(),
  givenNames: z.string().max(60).optional(),
  /** Japanese names (OCR): `山田 太郎`, `ヤマダ タロウ` with one half-width space between family and given name. */
  nameKanji: z.string().max(60).optional(),
  nameKana: z.string().max(60).optional(),
  dateOfBirth: IsoDate,
  sex: z.enum(['M', 'F', 'X']).optional(),
  address: z.string().max(200).optional(),
  issueDate: IsoDate.optional(),
  expiryDate: IsoDate.optional(),
  /** Field name -> result of its check (check digits, format, dates). */
  checks: z.record(z.string(), FieldValidity),
}).strict();
export type IdentityDocument = z.infer<typeof IdentityDocument>;
