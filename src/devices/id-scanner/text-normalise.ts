import { toHalfWidth } from '../../shared/domain/half-width';

/**
 * Text as the scanner's OCR hands it over, made consistent before parsing:
 * full-width digits and Latin letters to half-width (DOMAIN.md: full-width
 * input is the commonest mismatch), half-width katakana to full-width, and
 * one half-width space wherever the card shows a gap (IdentityDocument's
 * `山田 太郎` convention).
 */
export function normaliseText(text: string): string {
  return collapseSpaces(halfWidthKatakanaToFullWidth(toHalfWidth(text)));
}

export function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Half-width katakana (U+FF61..U+FF9F) to full-width, composing voiced marks
 * (ｶﾞ -> ガ). NFKC is applied to those runs only: on a whole name it would
 * also fold CJK compatibility ideographs (e.g. U+FA19 神 becomes U+795E 神), changing how the
 * holder's name is written.
 */
export function halfWidthKatakanaToFullWidth(text: string): string {
  return text.replace(/[\uFF61-\uFF9F]+/g, (run) => run.normalize('NFKC'));
}
