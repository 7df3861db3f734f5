/** Reading cards and their holders. Dates come back as `YYYY-MM-DD` text, never as JS Dates (which would shift by the host's zone). */
import type { Queryable } from '../../server-kit/db/db';
import { cardNumberHmac, type DerivedKeys } from '../keys/derived-keys';

export type CardStatus = 'active' | 'lost' | 'stolen' | 'expired';

export interface CardRecord {
  cardId: number;
  cardMasked: string;
  status: CardStatus;
  expiresOn: string;
  pinHash: string;
  failedPinAttempts: number;
  lockedAt: Date | null;
  customerId: number | null;
  staffId: string | null;
}

interface CardRow {
  card_id: number;
  card_masked: string;
  status: CardStatus;
  expires_on: string;
  pin_hash: string;
  failed_pin_attempts: number;
  locked_at: Date | null;
  customer_id: number | null;
  staff_id: string | null;
}

const CARD_COLUMNS = `card_id, card_masked, status, expires_on::text AS expires_on, pin_hash, failed_pin_attempts, locked_at, customer_id, staff_id`;

function toRecord(row: CardRow): CardRecord {
  return {
    cardId: Number(row.card_id),
    cardMasked: row.card_masked,
    status: row.status,
    expiresOn: row.expires_on,
    pinHash: row.pin_hash,
    failedPinAttempts: row.failed_pin_attempts,
    lockedAt: row.locked_at,
    customerId: row.customer_id === null ? null : Number(row.customer_id),
    staffId: row.staff_id,
  };
}

export async function findCardByNumber(q: Queryable, derived: DerivedKeys, cardNumber: string): Promise<CardRecord | null> {
  const { rows } = await q.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM cards WHERE card_number_hmac = $1`, [cardNumberHmac(derived, cardNumber)]);
  return rows[0] ? toRecord(rows[0]) : null;
}

/** Reads a card under a row lock (`FOR UPDATE`): the lock counter's only writer path. */
export async function lockCardRow(q: Queryable, cardId: number): Promise<CardRecord | null> {
  const { rows } = await q.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM cards WHERE card_id = $1 FOR UPDATE`, [cardId]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function findCardById(q: Queryable, cardId: number): Promise<CardRecord | null> {
  const { rows } = await q.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM cards WHERE card_id = $1`, [cardId]);
  return rows[0] ? toRecord(rows[0]) : null;
}

/** `YYYY-MM-DD` of an instant in Asia/Tokyo (fixed +09:00, no DST since 1951). */
export function tokyoDateOf(at: Date): string {
  return new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** A card is expired on the day after its `expires_on` (valid through the last day), Tokyo time. */
export function isCardExpired(card: Pick<CardRecord, 'status' | 'expiresOn'>, at: Date): boolean {
  return card.status === 'expired' || card.expiresOn < tokyoDateOf(at);
}

export interface CustomerRecord {
  customerId: number;
  memberNumber: string;
  nameKanji: string;
  nameKana: string;
  nameLatinSurname: string | null;
  nameLatinGiven: string | null;
  dateOfBirth: string;
  /** As on the contract: what HQ tells the credit bureau to match the person by (docs/bureau.md, "Matching"). */
  address: string;
  employment: 'employed' | 'selfEmployed' | 'partTime' | 'pensioner' | 'unemployed';
  annualIncome: number;
  suspended: boolean;
  creditLimit: number;
  balance: number;
  otherLendersBorrowing: number;
  delinquent: boolean;
  /** Refused identity documents since the last verified one (issue 13; migration 005). */
  identityFailures: number;
  /** Set when identityFailures reached HqPolicy.maxIdentityAttempts; only staff clear it. */
  identityLockedAt: Date | null;
}

export async function findCustomer(q: Queryable, customerId: number, options: { forUpdate?: boolean } = {}): Promise<CustomerRecord | null> {
  const { rows } = await q.query<{
    customer_id: number; member_number: string; name_kanji: string; name_kana: string; name_latin_surname: string | null;
    name_latin_given: string | null; date_of_birth: string; address: string; employment: CustomerRecord['employment']; annual_income: number; suspended: boolean; credit_limit: number;
    balance: number; other_lenders_borrowing: number | null; delinquent: boolean | null; identity_failures: number; identity_locked_at: Date | null;
  }>(
    `SELECT c.customer_id, c.member_number, c.name_kanji, c.name_kana, c.name_latin_surname, c.name_latin_given,
            c.date_of_birth::text AS date_of_birth, c.address, c.employment, c.annual_income, c.suspended, c.credit_limit, c.balance,
            b.other_lenders_borrowing, b.delinquent, c.identity_failures, c.identity_locked_at
       FROM customers c LEFT JOIN credit_bureau_records b ON b.customer_id = c.customer_id
      WHERE c.customer_id = $1${options.forUpdate ? ' FOR UPDATE OF c' : ''}`,
    [customerId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    customerId: Number(row.customer_id),
    memberNumber: row.member_number,
    nameKanji: row.name_kanji,
    nameKana: row.name_kana,
    nameLatinSurname: row.name_latin_surname,
    nameLatinGiven: row.name_latin_given,
    dateOfBirth: row.date_of_birth,
    address: row.address,
    employment: row.employment,
    annualIncome: Number(row.annual_income),
    suspended: row.suspended,
    creditLimit: Number(row.credit_limit),
    balance: Number(row.balance),
    otherLendersBorrowing: Number(row.other_lenders_borrowing ?? 0),
    delinquent: row.delinquent ?? false,
    identityFailures: Number(row.identity_failures),
    identityLockedAt: row.identity_locked_at === null ? null : new Date(row.identity_locked_at),
  };
}

export interface OperatorRecord {
  staffId: string;
  name: string;
  role: 'staff' | 'technician';
  enabled: boolean;
}

export async function findOperator(q: Queryable, staffId: string): Promise<OperatorRecord | null> {
  const { rows } = await q.query<{ staff_id: string; name: string; role: 'staff' | 'technician'; enabled: boolean }>(
    'SELECT staff_id, name, role, enabled FROM operators WHERE staff_id = $1', [staffId]);
  const row = rows[0];
  return row ? { staffId: row.staff_id, name: row.name, role: row.role, enabled: row.enabled } : null;
}
