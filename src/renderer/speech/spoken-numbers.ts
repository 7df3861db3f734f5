/**
 * Numbers as voice guidance says them (issue 18): amounts the way Japanese
 * speaks them (五十万円, 千二百三十四万円: kanji numerals in 万 groups, which
 * speech synthesis reads naturally), English in words, and telephone numbers
 * digit by digit in words. No script ever carries a run of figures, so
 * nothing spoken can be mistaken for, or be, a PIN or a card number.
 */
import type { Locale } from '../../shared/bridge';

const KANJI_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const KANJI_PLACES = ['', '十', '百', '千'];
const KANJI_GROUPS = ['', '万', '億'];

/** 0 to 9999 in kanji: 千二百三十四 (no 一 before 十, 百, 千, as spoken). */
function kanjiGroup(n: number): string {
  let out = '';
  for (let place = 3; place >= 0; place--) {
    const digit = Math.floor(n / 10 ** place) % 10;
    if (digit === 0) continue;
    out += (digit === 1 && place > 0 ? '' : KANJI_DIGITS[digit] ?? '') + (KANJI_PLACES[place] ?? '');
  }
  return out;
}

export function kanjiNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a count: ${n}`);
  if (n === 0) return 'ゼロ';
  let out = '';
  for (let group = KANJI_GROUPS.length - 1; group >= 0; group--) {
    const part = Math.floor(n / 10_000 ** group) % 10_000;
    if (part) out += kanjiGroup(part) + (KANJI_GROUPS[group] ?? '');
  }
  return out;
}

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

function underThousand(n: number): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const parts: string[] = [];
  if (hundreds) parts.push(`${ONES[hundreds]} hundred`);
  if (rest >= 20) parts.push(TENS[Math.floor(rest / 10)]! + (rest % 10 ? `-${ONES[rest % 10]}` : ''));
  else if (rest) parts.push(ONES[rest]!);
  return parts.join(' ');
}

export function englishNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a count: ${n}`);
  if (n === 0) return 'zero';
  const scales: Array<[number, string]> = [[1_000_000_000, 'billion'], [1_000_000, 'million'], [1_000, 'thousand'], [1, '']];
  const parts: string[] = [];
  let rest = n;
  for (const [size, name] of scales) {
    const count = Math.floor(rest / size);
    rest %= size;
    if (count) parts.push(name ? `${underThousand(count)} ${name}` : underThousand(count));
  }
  return parts.join(' ');
}

/** An amount of money as spoken: 五十万円, "five hundred thousand yen". */
export function spokenYen(amountYen: number, locale: Locale): string {
  return locale === 'ja' ? `${kanjiNumber(amountYen)}円` : `${englishNumber(amountYen)} yen`;
}

/** A small count (seconds, attempts) as spoken. */
export function spokenCount(n: number, locale: Locale): string {
  return locale === 'ja' ? kanjiNumber(n) : englishNumber(n);
}

const DIGIT_WORDS: Record<Locale, readonly string[]> = {
  ja: ['ゼロ', 'イチ', 'ニー', 'サン', 'ヨン', 'ゴー', 'ロク', 'ナナ', 'ハチ', 'キュウ'],
  en: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'],
};

/** A telephone number digit by digit, its groups kept: "ゼロイチニーゼロ、ニーヨン、…". */
export function spokenPhone(number: string, locale: Locale): string {
  const words = DIGIT_WORDS[locale];
  const join = locale === 'ja' ? '' : ' ';
  return number.split(/[^0-9]+/).filter(Boolean)
    .map((group) => [...group].map((d) => words[Number(d)]).join(join))
    .join(locale === 'ja' ? '、' : ', ');
}
