/**
 * Name comparison forms for identity matching (issue 5: "name with
 * kana/kanji and spacing variants"). Each function maps the variants a
 * document and a record may legitimately differ by onto one form:
 * - spacing: half-width, full-width (U+3000) or no space between family and
 *   given name;
 * - width: half-width katakana and full-width Latin (NFKC);
 * - kana: hiragana and katakana;
 * - kanji: the common variant forms (異体字) that registries and card
 *   printers substitute for each other, e.g. 髙/高, 﨑/崎, 齋/斎;
 * - Latin: letter case, `<` filler and hyphens of MRZ, and Hepburn
 *   long-vowel spellings (SATO/SATOU/SATOH, ONO/OHNO/OONO), because
 *   passports may use either (Ministry of Foreign Affairs rules for
 *   non-Hepburn spelling).
 * Shared because two services compare names: HQ (identity documents against
 * its record) and the reference credit bureau (its kana matching key,
 * src/bureau/matching/identity-keys.ts).
 */
const WHITESPACE = /[\s\u3000・･]/g;

/** Variant kanji -> the form used on our records. Small on purpose: only substitutions seen on Japanese ID documents. */
const KANJI_VARIANTS: Readonly<Record<string, string>> = {
  '髙': '高', '﨑': '崎', '嵜': '崎', '齋': '斎', '齊': '斎', '濱': '浜', '濵': '浜', '邊': '辺', '邉': '辺',
  '澤': '沢', '櫻': '桜', '廣': '広', '國': '国', '眞': '真', '冨': '富', '德': '徳', '惠': '恵', '龍': '竜',
};

export function kanjiForm(name: string): string {
  return [...name.normalize('NFKC').replace(WHITESPACE, '')].map((ch) => KANJI_VARIANTS[ch] ?? ch).join('');
}

export function kanaForm(name: string): string {
  return name
    .normalize('NFKC')
    .replace(WHITESPACE, '')
    .replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60));
}

export function latinForm(name: string): string {
  return name
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
    .replace(/OU|OH|OO/g, 'O')
    .replace(/UU/g, 'U');
}
