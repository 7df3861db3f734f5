/**
 * Full-width (全角) to half-width (半角) for digits, Latin letters and
 * common ASCII punctuation, plus the ideographic space. DOMAIN.md lists
 * full-width input as the most common reason a log-in fails; we normalise it
 * rather than reject it. Katakana and kanji are left untouched.
 */
export function toHalfWidth(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}
