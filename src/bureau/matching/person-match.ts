/**
 * Finding a person's records as a real bureau does (名寄せ; docs/bureau.md,
 * "Matching"): a contract or an enquiry belongs to the subject when its
 * name key (kana, src/shared/bureau-api/identity-keys.ts) and date of birth
 * are equal and its phone key or address key is one of the subject's.
 *
 * One widening step: the phone and address keys of the contracts found are
 * added to the subject's, and the search runs once more. So a lender that
 * registered only a phone number is found by an enquiry that gives only
 * the address, when another lender's record ties that phone to that
 * address (same name and date of birth throughout). No further steps: a
 * chain of partial identities is how two namesakes born on the same day
 * would be merged.
 */
import type { Subject } from '../../shared/bureau-api/subject';
import { addressKey, nameKey, phoneKey } from '../../shared/bureau-api/identity-keys';
import type { Queryable } from '../../server-kit/db/db';

export interface SubjectKeys {
  nameKey: string;
  dateOfBirth: string;
  phoneKeys: string[];
  addressKeys: string[];
}

export interface ContractRow {
  lender_id: string;
  contract_ref: string;
  kind: string;
  credit_limit: number;
  balance: number;
  opened_on: string;
  closed_on: string | null;
  delinquent_since: string | null;
  updated_at: Date | string;
  phone_key: string | null;
  address_key: string | null;
}

/** The subject's keys. The request schema has already refused fields without one. */
export function subjectKeys(subject: Subject): SubjectKeys {
  const name = nameKey(subject.nameKana);
  if (name === null) throw new Error('subject without a name key: the schema should have refused it');
  const phone = subject.phone === undefined ? null : phoneKey(subject.phone);
  const address = subject.address === undefined ? null : addressKey(subject.address);
  return { nameKey: name, dateOfBirth: subject.dateOfBirth, phoneKeys: phone ? [phone] : [], addressKeys: address ? [address] : [] };
}

const CONTRACT_COLUMNS = `lender_id, contract_ref, kind, credit_limit::int8 AS credit_limit, balance::int8 AS balance,
  opened_on::text AS opened_on, closed_on::text AS closed_on, delinquent_since::text AS delinquent_since, updated_at, phone_key, address_key`;

/**
 * Contracts of the subject shown in an answer: open ones, and closed ones
 * for five years after they closed (real bureaus keep a repaid contract on
 * file for five years). `today` is the bureau's date (Tokyo).
 */
async function contractsMatching(db: Queryable, keys: SubjectKeys, today: string): Promise<ContractRow[]> {
  const { rows } = await db.query<ContractRow>(
    `SELECT ${CONTRACT_COLUMNS} FROM bureau_contracts
      WHERE name_key = $1 AND date_of_birth = $2::date
        AND (phone_key = ANY($3::text[]) OR address_key = ANY($4::text[]))
        AND (closed_on IS NULL OR closed_on >= $5::date - interval '5 years')
      ORDER BY lender_id, opened_on, contract_ref`,
    [keys.nameKey, keys.dateOfBirth, keys.phoneKeys, keys.addressKeys, today],
  );
  return rows;
}

/** The subject's contracts and the keys the search ended with (the subject's, widened once by what was found). */
export async function findPerson(db: Queryable, subject: SubjectKeys, today: string): Promise<{ contracts: ContractRow[]; keys: SubjectKeys }> {
  const first = await contractsMatching(db, subject, today);
  const widened: SubjectKeys = {
    ...subject,
    phoneKeys: unique([...subject.phoneKeys, ...first.map((c) => c.phone_key)]),
    addressKeys: unique([...subject.addressKeys, ...first.map((c) => c.address_key)]),
  };
  if (widened.phoneKeys.length === subject.phoneKeys.length && widened.addressKeys.length === subject.addressKeys.length) return { contracts: first, keys: subject };
  return { contracts: await contractsMatching(db, widened, today), keys: widened };
}

function unique(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}
