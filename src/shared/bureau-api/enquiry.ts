/**
 * POST /v1/enquiries: a lender asks the bureau what a person owes
 * (Money Lending Business Act art. 13: a lender must use a designated credit
 * bureau before a contract or a limit increase; DOMAIN.md). The answer holds
 * the person's contracts at every lender, the totals the total-volume rule
 * (art. 13-2) needs, and the enquiries lenders made about the person: the
 * enquiry itself is recorded first, as real bureaus record and show
 * applications (申込情報). No match is not an error: it is an empty record.
 */
import { z } from 'zod';
import { CalendarDate, IsoTimestamp, LenderId, Yen } from './common';
import { ProductKind } from './product-kinds';
import { Subject } from './subject';

/**
 * Why a lender asks (a real bureau records a purpose with every enquiry):
 * a new contract (新規申込), a limit increase (増額), or the periodic
 * re-read of an existing customer (途上与信; DOMAIN.md: "The lender re-reads
 * credit-bureau data periodically").
 */
export const EnquiryPurpose = z.enum(['newApplication', 'limitIncrease', 'periodicReview']);
export type EnquiryPurpose = z.infer<typeof EnquiryPurpose>;

export const EnquiryRequest = z.object({
  subject: Subject,
  purpose: EnquiryPurpose,
}).strict();
export type EnquiryRequest = z.infer<typeof EnquiryRequest>;

export const BureauContract = z.object({
  lenderId: LenderId,
  /** True for the asking lender's own contracts. */
  ownContract: z.boolean(),
  /** The lender's own reference for the contract: given back only to the lender that registered it. */
  contractRef: z.string().nullable(),
  kind: ProductKind,
  countsTowardTotalVolume: z.boolean(),
  /** Credit limit (極度額) of a revolving contract, or the amount lent for an instalment loan. */
  limit: Yen,
  balance: Yen,
  openedOn: CalendarDate,
  /** Repaid in full or ended; closed contracts are shown for five years and count toward nothing. */
  closedOn: CalendarDate.nullable(),
  /** A delinquency the lender registered (異動: 61 days or more overdue) and the date it began. */
  delinquent: z.boolean(),
  delinquentSince: CalendarDate.nullable(),
  lastUpdatedAt: IsoTimestamp,
}).strict();
export type BureauContract = z.infer<typeof BureauContract>;

export const EnquiryRecord = z.object({
  lenderId: LenderId,
  purpose: EnquiryPurpose,
  at: IsoTimestamp,
}).strict();
export type EnquiryRecord = z.infer<typeof EnquiryRecord>;

const ContractTotal = z.object({ contracts: z.number().int().min(0), limit: Yen, balance: Yen }).strict();

export const BureauTotals = z.object({
  /** Open contracts of the kinds art. 13-2 counts (consumer loans, card cashing), at every lender. */
  totalVolume: ContractTotal.extend({
    /** The same, without the asking lender's own contracts: what the lender adds its own new limit to. */
    atOtherLenders: ContractTotal,
  }).strict(),
  /** Open contracts the rule excludes (bank card loans, mortgages, auto loans). */
  excluded: ContractTotal,
  /** Contracts (open or closed) with a delinquency on record. */
  delinquentContracts: z.number().int().min(0),
}).strict();
export type BureauTotals = z.infer<typeof BureauTotals>;

export const EnquiryResponse = z.object({
  enquiryId: z.uuid(),
  answeredAt: IsoTimestamp,
  /** False when the bureau holds no contract for this person: an empty record, not an error. */
  onRecord: z.boolean(),
  contracts: z.array(BureauContract).max(500),
  totals: BureauTotals,
  /** Enquiries about this person in the last six months, newest first, this one included. */
  enquiries: z.array(EnquiryRecord).max(1000),
}).strict();
export type EnquiryResponse = z.infer<typeof EnquiryResponse>;
