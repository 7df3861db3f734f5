/**
 * Answering an enquiry (POST /v1/enquiries; Money Lending Business Act art.
 * 13). In one transaction: the enquiry is recorded (who asked, when, why,
 * about whom), the person's contracts at every lender are found
 * (matching/person-match.ts), and the enquiries about the person in the
 * last six months are listed, this one included: real bureaus keep an
 * application record for six months and show it to every member, which is
 * how a lender sees that someone is applying everywhere at once.
 */
import { randomUUID } from 'node:crypto';
import type { BureauContract, BureauTotals, EnquiryRecord, EnquiryRequest, EnquiryResponse } from '../../shared/bureau-api/enquiry';
import { countsTowardTotalVolume, ProductKind } from '../../shared/bureau-api/product-kinds';
import { tokyoDateString, tokyoDayOf } from '../../shared/domain/calendar/tokyo-time';
import type { BureauContext, Outcome } from '../context';
import { findPerson, subjectKeys, type ContractRow } from '../matching/person-match';

/** How long an enquiry shows in answers (CIC and JICC: 申込情報, six months). */
export const ENQUIRY_VISIBLE_FOR = '6 months';

function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function toBureauContract(row: ContractRow, askingLenderId: string): BureauContract {
  const kind = ProductKind.parse(row.kind);
  const own = row.lender_id === askingLenderId;
  return {
    lenderId: row.lender_id,
    ownContract: own,
    contractRef: own ? row.contract_ref : null,
    kind,
    countsTowardTotalVolume: countsTowardTotalVolume(kind),
    limit: Number(row.credit_limit),
    balance: Number(row.balance),
    openedOn: row.opened_on,
    closedOn: row.closed_on,
    delinquent: row.delinquent_since !== null,
    delinquentSince: row.delinquent_since,
    lastUpdatedAt: iso(row.updated_at),
  };
}

/** Totals over open contracts; the total-volume figures only over the kinds art. 13-2 counts. */
export function totalsOf(contracts: readonly BureauContract[]): BureauTotals {
  const zero = () => ({ contracts: 0, limit: 0, balance: 0 });
  const add = (total: { contracts: number; limit: number; balance: number }, c: BureauContract) => {
    total.contracts += 1;
    total.limit += c.limit;
    total.balance += c.balance;
  };
  const counted = zero();
  const countedElsewhere = zero();
  const excluded = zero();
  for (const c of contracts) {
    if (c.closedOn !== null) continue;
    if (!c.countsTowardTotalVolume) {
      add(excluded, c);
      continue;
    }
    add(counted, c);
    if (!c.ownContract) add(countedElsewhere, c);
  }
  return {
    totalVolume: { ...counted, atOtherLenders: countedElsewhere },
    excluded,
    delinquentContracts: contracts.filter((c) => c.delinquent).length,
  };
}

export async function answerEnquiry(ctx: BureauContext, lenderId: string, request: EnquiryRequest): Promise<Outcome<EnquiryResponse>> {
  const now = ctx.clock();
  const today = tokyoDateString(tokyoDayOf(now.getTime()));
  const subject = subjectKeys(request.subject);
  const enquiryId = randomUUID();
  const answer = await ctx.db.transaction(async (tx) => {
    const { contracts: rows, keys } = await findPerson(tx, subject, today);
    await tx.query(
      `INSERT INTO bureau_enquiries (enquiry_id, lender_id, purpose, asked_at, name_kanji, name_key, date_of_birth, phone_key, address_key, contracts_found)
       VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8, $9, $10)`,
      [enquiryId, lenderId, request.purpose, now.toISOString(), request.subject.nameKanji.trim(), subject.nameKey, subject.dateOfBirth,
        subject.phoneKeys[0] ?? null, subject.addressKeys[0] ?? null, rows.length],
    );
    const enquiries = await tx.query<{ lender_id: string; purpose: string; asked_at: Date | string }>(
      `SELECT lender_id, purpose, asked_at FROM bureau_enquiries
        WHERE name_key = $1 AND date_of_birth = $2::date
          AND (phone_key = ANY($3::text[]) OR address_key = ANY($4::text[]))
          AND asked_at > $5::timestamptz - interval '${ENQUIRY_VISIBLE_FOR}'
        ORDER BY asked_at DESC, enquiry_id
        LIMIT 1000`,
      [keys.nameKey, keys.dateOfBirth, keys.phoneKeys, keys.addressKeys, now.toISOString()],
    );
    return { rows, enquiries: enquiries.rows };
  });
  const contracts = answer.rows.map((row) => toBureauContract(row, lenderId));
  const enquiries: EnquiryRecord[] = answer.enquiries.map((e) => ({ lenderId: e.lender_id, purpose: e.purpose as EnquiryRecord['purpose'], at: iso(e.asked_at) }));
  ctx.log.info({ lenderId, purpose: request.purpose, enquiryId, contractsFound: contracts.length }, 'enquiry answered');
  return {
    ok: true,
    value: { enquiryId, answeredAt: now.toISOString(), onRecord: contracts.length > 0, contracts, totals: totalsOf(contracts), enquiries },
  };
}
