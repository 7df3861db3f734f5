/**
 * The keys the credit bureau matches a person on, as real Japanese bureaus
 * do (名寄せ): the name in kana, the date of birth, and a phone number or an
 * address. Kanji are recorded but not matched: the same person is written
 * with variant kanji (髙/高, 齋/斎) by different lenders, while the kana
 * reading is what every lender's system holds. Each function folds the
 * variants two lenders may legitimately send for the same person onto one
 * form; a person matches when the name key and date of birth are equal and
 * the phone key or the address key is equal too (docs/bureau.md,
 * "Matching"). In src/shared because the request schema refuses what has no
 * key, so a lender's answer never depends on a silently dropped field.
 */
import { kanaForm } from '../domain/name-forms';

/**
 * Small kana folded to their full-size letters: older lender systems (and
 * the half-width kana of Japanese banking formats) have no small kana, so
 * キャ may arrive as キヤ.
 */
const SMALL_KANA: Readonly<Record<string, string>> = {
  'ァ': 'ア', 'ィ': 'イ', 'ゥ': 'ウ', 'ェ': 'エ', 'ォ': 'オ', 'ッ': 'ツ', 'ャ': 'ヤ', 'ュ': 'ユ', 'ョ': 'ヨ', 'ヮ': 'ワ', 'ヵ': 'カ', 'ヶ': 'ケ',
};

const KATAKANA_KEY = /^[\u30A1-\u30FA\u30FC]+$/;

/** Kana, width-folded (NFKC), hiragana as katakana, spaces and ・ removed, small kana full-size. Null when what is left is not katakana. */
export function nameKey(nameKana: string): string | null {
  const key = [...kanaForm(nameKana)].map((ch) => SMALL_KANA[ch] ?? ch).join('');
  return KATAKANA_KEY.test(key) ? key : null;
}

/** Separators people type in phone numbers: hyphens of every width and shape, the long-vowel mark, brackets, dots, spaces. */
const PHONE_SEPARATORS = /[\s\-‐‑‒–—―−ー()（）.]/g;

/** A Japanese phone number as its domestic digits (`0` and 9 or 10 more); `+81` becomes `0`. Null when it is not one. */
export function phoneKey(phone: string): string | null {
  let digits = phone.normalize('NFKC').replace(PHONE_SEPARATORS, '');
  if (digits.startsWith('+81')) digits = `0${digits.slice(3).replace(/^0/, '')}`;
  return /^0\d{9,10}$/.test(digits) ? digits : null;
}

const KANJI_DIGITS: Readonly<Record<string, number>> = { '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9 };

/** 一 to 九十九, as written in 丁目 numbers. */
function kanjiNumber(text: string): string {
  const [tens, units] = text.includes('十') ? text.split('十') as [string, string] : ['', text];
  const value = (text.includes('十') ? (tens ? KANJI_DIGITS[tens] ?? 0 : 1) * 10 : 0) + (units ? KANJI_DIGITS[units] ?? 0 : 0);
  return String(value);
}

/**
 * An address folded to one form: width (NFKC), spaces removed, Latin upper
 * case, kanji 丁目 numbers as digits, 丁目/番(地)/号 written as hyphens, and
 * every dash shape between digits a plain hyphen: 丸の内１丁目１番１号,
 * 丸の内1-1-1 and 丸の内1ー1ー1 are one key. It does not resolve an omitted
 * prefecture, old place names or building names written differently (real
 * bureaus add postcodes and address codes for that). Null when nothing is left.
 */
export function addressKey(address: string): string | null {
  const key = address
    .normalize('NFKC')
    .replace(/\s/g, '')
    .toUpperCase()
    .replace(/([一二三四五六七八九十]+)丁目/g, (_, kanji: string) => `${kanjiNumber(kanji)}丁目`)
    .replace(/(\d)[‐‑‒–—―−ー](?=\d)/g, '$1-')
    .replace(/(\d+)丁目/g, '$1-')
    .replace(/(\d+)番地?/g, '$1-')
    .replace(/(\d+)号/g, '$1')
    .replace(/-{2,}/g, '-')
    .replace(/-$/, '');
  return key.length > 0 ? key : null;
}
