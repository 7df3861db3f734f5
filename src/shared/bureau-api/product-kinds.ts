/**
 * The kinds of credit contract the bureau records, and which of them count
 * toward the total-volume rule (総量規制, Money Lending Business Act art.
 * 13-2; DOMAIN.md, "Limit increase and decrease"): loans from money lenders
 * (consumer finance, credit-card cashing) count; mortgages, car loans and
 * bank card loans do not (banks are not money lenders under the Act, and
 * the Act's regulations exclude mortgages and car loans). Declared once:
 * the bureau's totals and HQ's review read the same rule.
 */
import { z } from 'zod';

export const ProductKind = z.enum(['consumerLoan', 'cardCashing', 'bankCardLoan', 'mortgage', 'autoLoan']);
export type ProductKind = z.infer<typeof ProductKind>;

export function countsTowardTotalVolume(kind: ProductKind): boolean {
  switch (kind) {
    case 'consumerLoan':
    case 'cardCashing':
      return true;
    case 'bankCardLoan':
    case 'mortgage':
    case 'autoLoan':
      return false;
    default: {
      const never: never = kind;
      throw new Error(`unknown product kind ${String(never)}`);
    }
  }
}
