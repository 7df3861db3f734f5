/**
 * The technician's self-test page (issue 14: "the technician page shows the
 * printer with a self-test"): both languages, every style, kanji from the
 * JIS rows a receipt uses, and where it was printed from. No customer data.
 */
import type { PrinterDocument } from './printer-document';

export interface SelfTestContext {
  /** When it was printed. */
  at: Date;
  endpoint: string;
  baudRate?: number;
}

export function selfTestPage(context: SelfTestContext): PrinterDocument {
  const port = context.baudRate === undefined ? context.endpoint : `${context.endpoint} (${context.baudRate} bps)`;
  return {
    lines: [
      { text: 'プリンター自己診断', style: 'title', align: 'center' },
      { text: 'Printer self-test', style: 'title', align: 'center' },
      { text: '' },
      { text: `日時 / Time: ${context.at.toISOString()}` },
      { text: `ポート / Port: ${port}` },
      { text: '' },
      { text: '日本語: 漢字・ひらがな・カタカナ・全角ＡＢＣ１２３' },
      { text: 'English: ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789' },
      { text: '極度額 / Credit limit: 1,000,000円' },
      { text: '記号 / Symbols: ￥ 〒 ※ ○ ● △ ▲ □ ■ 〜' },
      { text: '小さい文字 / Small text', style: 'small' },
      { text: '' },
      { text: '以上 / End of test', align: 'center' },
    ],
    cut: true,
  };
}
