/**
 * Helpers for the printer unit tests. Event-loop helpers are the device
 * tests' shared ones (test/support/in-memory-link-loop.ts); time moves only
 * through the ManualClock (test/support/manual-clock.ts).
 */
import { ManualClock } from '../../support/manual-clock';
import { drive as driveLoop, settle, tick } from '../../support/in-memory-link-loop';
import type { PrinterDocument } from '../../../src/devices/printer/printer-document';

export { ManualClock, settle, tick };

/** Runs the event loop (no clock time passes) until `promise` settles; fails if it never does. */
export function drive<T>(promise: Promise<T>, maxRounds = 5_000): Promise<T> {
  return driveLoop(promise, maxRounds);
}

/** Moves the manual clock, letting the link settle before and after each timer. */
export function advance(clock: ManualClock, ms: number): Promise<void> {
  return clock.advanceSettling(ms, () => settle());
}

/** A contract-change document of the shape the kiosk will render from HQ's text (made-up customer). */
export const CUSTOMER_NAME = '佐藤 花子';

export function contractChangeDocument(): PrinterDocument {
  return {
    lines: [
      { text: '極度額変更のお知らせ', style: 'title', align: 'center' },
      { text: '' },
      { text: 'デモ消費者金融株式会社' },
      { text: '登録番号 関東財務局長(1)第00000号' },
      { text: '2025年1月6日' },
      { text: `${CUSTOMER_NAME} 様` },
      { text: 'カード番号 **** **** **** 0051' },
      { text: '変更前の極度額 300,000円' },
      { text: '変更後の極度額 500,000円' },
      { text: '貸付利率 年3.0%～18.0%' },
      { text: '返済方式 残高スライド元利定額返済方式' },
      { text: 'お問い合わせ 0120-000-000', style: 'small' },
    ],
    cut: true,
  };
}
