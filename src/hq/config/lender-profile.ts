/**
 * The lender's particulars printed on every contract-change document
 * (貸金業法 art. 17(1): the lender's trade name and registration number;
 * the product's terms). HQ configuration, like HqPolicy, but public: it is
 * printed and handed to customers. The defaults are a demo lender's and
 * the product facts of DOMAIN.md ("Product ranges", "Hours and
 * maintenance"); a real deployment sets its own.
 */
import { z } from 'zod';

const PrintableText = z.string().min(1).max(60).refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'no control characters');

export const LenderProfile = z.object({
  /** 商号 (trade name). */
  name: PrintableText.default('デモ・コンシューマーファイナンス株式会社'),
  /** 登録番号: the registration under 貸金業法 art. 3. A demo number; real ones read 関東財務局長(n)第nnnnn号. */
  registrationNumber: PrintableText.default('関東財務局長(00)第00000号（デモ）'),
  /** Annual rate range (DOMAIN.md: 4.5% to 17.8%). */
  rateRange: PrintableText.default('年4.5%～17.8%'),
  /** Late-payment rate (DOMAIN.md: 20.0%). */
  lateRate: PrintableText.default('年20.0%'),
  /** DOMAIN.md: fixed instalment sliding with the balance. */
  repaymentMethod: PrintableText.default('残高スライド元利定額返済方式'),
  /** The contact line printed at the foot (DOMAIN.md, call centre and its hours). */
  contact: PrintableText.default('お問い合わせ 0120-24-0365（平日9:00～18:00）'),
}).strict();
export type LenderProfile = z.infer<typeof LenderProfile>;

export const DEFAULT_LENDER_PROFILE: LenderProfile = Object.freeze(LenderProfile.parse({}));
