/**
 * The one way the kiosk shows money. Japanese: `500,000円`; English:
 * `¥500,000`. Both use the ja-JP digit grouping, so a customer switching
 * language sees the same figures.
 */
import type { Locale } from '../../shared/bridge';

const grouping = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 0 });

export function formatYen(amountYen: number, locale: Locale): string {
  const figures = grouping.format(amountYen);
  return locale === 'ja' ? `${figures}円` : `¥${figures}`;
}

/** Ten thousand yen (万円): the unit Japanese customers state incomes in. */
export const MAN_YEN = 10_000;
