/**
 * Registering a lender's contract (POST /v1/contracts; Money Lending
 * Business Act art. 41-35). The key is the authenticated lender and its
 * own contract reference, so a lender can only ever write its own records;
 * a registration replaces the contract's state and the identity it is
 * filed under (a customer who moved is re-registered with the new address),
 * keeping only the contract date when none is sent.
 */
import type { RegisterContractRequest, RegisterContractResponse } from '../../shared/bureau-api/contracts';
import { tokyoDateString, tokyoDayOf } from '../../shared/domain/calendar/tokyo-time';
import { refuse, type BureauContext, type Outcome } from '../context';
import type { Queryable } from '../../server-kit/db/db';
import { subjectKeys } from '../matching/person-match';

/**
 * PostgreSQL's check_violation: the only one a valid request can still
 * reach is closedOn before a stored openedOn. (The row proposed for the
 * insert is checked too, before the conflict is found: without a contract
 * date it takes the registration day, or the closing day when that is
 * earlier, so a valid update never fails on the proposal.)
 */
const CHECK_VIOLATION = '23514';

export async function writeContract(db: Queryable, lenderId: string, request: RegisterContractRequest, now: Date): Promise<{ inserted: boolean; updatedAt: string }> {
  const keys = subjectKeys(request.subject);
  const { contract, subject } = request;
  const { rows } = await db.query<{ inserted: boolean; updated_at: Date | string }>(
    `INSERT INTO bureau_contracts (lender_id, contract_ref, name_kanji, name_kana, name_key, date_of_birth, phone_key, address, address_key,
        kind, credit_limit, balance, opened_on, closed_on, delinquent_since, registered_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9, $10, $11, $12, COALESCE($13::date, LEAST($14::date, $15::date)), $15::date, $16::date, $17, $17)
     ON CONFLICT (lender_id, contract_ref) DO UPDATE SET
        name_kanji = EXCLUDED.name_kanji, name_kana = EXCLUDED.name_kana, name_key = EXCLUDED.name_key, date_of_birth = EXCLUDED.date_of_birth,
        phone_key = EXCLUDED.phone_key, address = EXCLUDED.address, address_key = EXCLUDED.address_key,
        kind = EXCLUDED.kind, credit_limit = EXCLUDED.credit_limit, balance = EXCLUDED.balance,
        opened_on = COALESCE($13::date, bureau_contracts.opened_on), closed_on = EXCLUDED.closed_on, delinquent_since = EXCLUDED.delinquent_since,
        updated_at = EXCLUDED.updated_at
     RETURNING (xmax = 0) AS inserted, updated_at`,
    [lenderId, contract.contractRef, subject.nameKanji.trim(), subject.nameKana, keys.nameKey, keys.dateOfBirth, keys.phoneKeys[0] ?? null,
      subject.address ?? null, keys.addressKeys[0] ?? null, contract.kind, contract.limit, contract.balance,
      contract.openedOn ?? null, tokyoDateString(tokyoDayOf(now.getTime())), contract.closedOn ?? null, contract.delinquentSince ?? null, now.toISOString()],
  );
  const row = rows[0]!;
  return { inserted: row.inserted, updatedAt: (row.updated_at instanceof Date ? row.updated_at : new Date(row.updated_at)).toISOString() };
}

export async function registerContract(ctx: BureauContext, lenderId: string, request: RegisterContractRequest): Promise<Outcome<RegisterContractResponse>> {
  try {
    const written = await writeContract(ctx.db, lenderId, request, ctx.clock());
    ctx.log.info({ lenderId, outcome: written.inserted ? 'registered' : 'updated', kind: request.contract.kind }, 'contract registered');
    return { ok: true, value: { outcome: written.inserted ? 'registered' : 'updated', contractRef: request.contract.contractRef, lastUpdatedAt: written.updatedAt } };
  } catch (error) {
    if ((error as { code?: unknown }).code === CHECK_VIOLATION) return refuse('malformedRequest', 'contract.closedOn is before the contract date on record');
    throw error;
  }
}
