/**
 * Readings for the harder terms customers meet (issue 18, "Plain Japanese"):
 * shown as furigana (<ruby>) wherever the Japanese text uses them, so a
 * customer who does not read the kanji still can. One list, used by
 * components/PlainText.vue. 極度額 is not listed: the screens say ご利用限度額.
 */
export const FURIGANA: Readonly<Record<string, string>> = {
  本人確認書類: 'ほんにんかくにんしょるい',
  収入証明書: 'しゅうにゅうしょうめいしょ',
  源泉徴収票: 'げんせんちょうしゅうひょう',
  確定申告書: 'かくていしんこくしょ',
  極度額: 'きょくどがく',
};

export type TextPart = { text: string; reading: string | null };

/** Splits a sentence into plain runs and glossary terms with their reading. */
export function withFurigana(sentence: string): TextPart[] {
  const terms = Object.keys(FURIGANA);
  const parts: TextPart[] = [];
  let rest = sentence;
  while (rest) {
    let best: { at: number; term: string } | null = null;
    for (const term of terms) {
      const at = rest.indexOf(term);
      if (at >= 0 && (best === null || at < best.at)) best = { at, term };
    }
    if (!best) { parts.push({ text: rest, reading: null }); break; }
    if (best.at > 0) parts.push({ text: rest.slice(0, best.at), reading: null });
    parts.push({ text: best.term, reading: FURIGANA[best.term] ?? null });
    rest = rest.slice(best.at + best.term.length);
  }
  return parts;
}
