/**
 * The words of the contract-change document (極度額変更の書面). HQ owns
 * them (ARCHITECTURE.md, "Devices"); the kiosk prints these lines as given.
 *
 * What it states follows 貸金業法 art. 17(1) as it applies to a change of
 * a revolving loan's credit limit (極度額): the lender's trade name and
 * registration number, the date, the customer, the contract (card, masked),
 * the credit limit before and after, the interest rate range and the
 * late-payment rate, the repayment method, the date the change takes effect,
 * and where to ask (docs/policy.md, "The contract-change document").
 * Pure: the same facts always give the same lines.
 */
import { tokyoDate, tokyoDayOf } from '../../shared/domain/calendar/tokyo-time';
import type { ContractDocumentKind, ContractDocumentLine } from '../../shared/hq-api/contract-document';
import type { LenderProfile } from '../config/lender-profile';

export interface ContractDocumentFacts {
  documentId: string;
  kind: ContractDocumentKind;
  issuedAt: Date;
  customerName: string;
  cardMasked: string;
  previousLimit: number;
  newLimit: number;
}

/** `2026年12月2日`: the Tokyo calendar date of the instant. */
export function japaneseDate(at: Date): string {
  const d = tokyoDate(tokyoDayOf(at.getTime()));
  return `${d.year}年${d.month}月${d.day}日`;
}

/** `500,000円` */
export function yenText(amount: number): string {
  return `${amount.toLocaleString('en-US')}円`;
}

export function contractDocumentLines(lender: LenderProfile, facts: ContractDocumentFacts): ContractDocumentLine[] {
  const date = japaneseDate(facts.issuedAt);
  const lines: ContractDocumentLine[] = [
    { text: '極度額変更のお知らせ', style: 'title', align: 'center' },
    { text: '（貸金業法第17条に基づく書面）', style: 'small', align: 'center' },
    { text: '' },
    { text: `発行日　${date}` },
    { text: `${facts.customerName}　様` },
    { text: '' },
    { text: 'ご契約の極度額を次のとおり変更しました。' },
    { text: `カード番号　${facts.cardMasked}` },
    { text: `変更前の極度額　${yenText(facts.previousLimit)}` },
    { text: `変更後の極度額　${yenText(facts.newLimit)}` },
    // The change applies from the moment HQ records it: the same day.
    { text: `変更の効力発生日　${date}` },
    { text: `貸付利率　${lender.rateRange}` },
    { text: `遅延損害金　${lender.lateRate}` },
    { text: `返済方式　${lender.repaymentMethod}` },
    { text: 'その他のご契約内容に変更はありません。', style: 'small' },
  ];
  // DOMAIN.md: a decrease is easy, but raising the limit again needs a new review.
  if (facts.kind === 'decrease') lines.push({ text: '極度額を再び増やすには改めて審査が必要です。', style: 'small' });
  lines.push(
    { text: '' },
    { text: lender.name },
    { text: `登録番号　${lender.registrationNumber}` },
    { text: lender.contact },
    { text: `書面番号　${facts.documentId.slice(0, 8).toUpperCase()}`, style: 'small' },
  );
  return lines;
}
