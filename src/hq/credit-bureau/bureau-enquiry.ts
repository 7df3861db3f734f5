/**
 * HQ's enquiry at the credit bureau before an increase review (Money
 * Lending Business Act art. 13: for an increase the lender must use a
 * designated credit bureau for the customer's borrowing at other lenders).
 * The bureau records the enquiry itself (docs/bureau.md).
 *
 * What the review takes from the answer (docs/policy.md, "Credit bureau"):
 * - other lenders' borrowing for the total-volume rule (art. 13-2): the
 *   balances of open contracts of the kinds the rule counts (consumer loans,
 *   card cashing) at other lenders: `totals.totalVolume.atOtherLenders.balance`.
 *   This lender's own contract is left out: the review adds its own new limit.
 * - a delinquency on record at any lender (異動), which declines an increase.
 *
 * Anything short of a whole, self-consistent answer is no answer: the totals
 * are recomputed from the contracts listed and an answer whose figures do not
 * add up is treated like an unreachable bureau (the review then decides
 * nothing). Failures are values, never exceptions; they name the kind of
 * failure, never personal data.
 */
import { BureauClient, type BureauClientError } from '../../shared/bureau-api/bureau-client';
import type { EnquiryResponse } from '../../shared/bureau-api/enquiry';
import type { Subject } from '../../shared/bureau-api/subject';
import type { BureauLinkConfig } from '../config/bureau-config';
import type { CustomerRecord } from '../cards/card-records';

/** The figures an increase review takes from the bureau. */
export interface BureauFigures {
  /** Balances at other lenders that count under 総量規制 (art. 13-2). */
  otherLendersBorrowing: number;
  /** A delinquency on record at any lender. */
  delinquent: boolean;
  enquiryId: string;
}

export type BureauFailure = BureauClientError['kind'] | 'notConfigured' | 'inconsistentAnswer';
export type EnquiryOutcome = { ok: true; figures: BureauFigures } | { ok: false; failure: BureauFailure };

export function bureauClientFor(config: BureauLinkConfig, clock: () => Date): BureauClient {
  return new BureauClient({ baseUrl: config.url, lenderId: config.lenderId, sign: config.sign, timeoutMs: config.timeoutMs, clock, ...(config.fetch ? { fetch: config.fetch } : {}) });
}

/** The person as HQ registered them: name, date of birth and the contract's address (the bureau's matching keys). */
export function subjectOf(customer: Pick<CustomerRecord, 'nameKanji' | 'nameKana' | 'dateOfBirth' | 'address'>): Subject {
  return { nameKanji: customer.nameKanji, nameKana: customer.nameKana, dateOfBirth: customer.dateOfBirth, address: customer.address };
}

export async function enquireForIncrease(bureau: BureauClient | null, customer: CustomerRecord): Promise<EnquiryOutcome> {
  if (!bureau) return { ok: false, failure: 'notConfigured' };
  const answer = await bureau.enquire({ subject: subjectOf(customer), purpose: 'limitIncrease' });
  if (!answer.ok) return { ok: false, failure: answer.error.kind };
  const figures = figuresOf(answer.value);
  return figures ? { ok: true, figures } : { ok: false, failure: 'inconsistentAnswer' };
}

/** The review's figures, or null when the answer's totals disagree with its own contracts. */
export function figuresOf(answer: EnquiryResponse): BureauFigures | null {
  const counted = answer.contracts.filter((c) => c.countsTowardTotalVolume && c.closedOn === null && !c.ownContract);
  const otherBalance = counted.reduce((sum, c) => sum + c.balance, 0);
  const delinquentListed = answer.contracts.filter((c) => c.delinquent).length;
  const { atOtherLenders } = answer.totals.totalVolume;
  if (atOtherLenders.balance !== otherBalance || atOtherLenders.contracts !== counted.length) return null;
  if (answer.totals.delinquentContracts !== delinquentListed) return null;
  return { otherLendersBorrowing: otherBalance, delinquent: delinquentListed > 0, enquiryId: answer.enquiryId };
}
