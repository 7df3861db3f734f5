/**
 * Writing accounts, cards, operators and kiosks: used by the demo seed, the
 * CLI's `--enroll`, and tests that need a card in a particular state. Not
 * reachable over HTTP.
 */
import { createPublicKey } from 'node:crypto';
import { maskCardNumber, isValidCardNumber } from '../../shared/domain/card-number';
import type { KioskCalendarInput } from '../../shared/domain/calendar';
import { KioskCalendarSchema } from '../../shared/domain/calendar';
import type { Queryable } from '../../server-kit/db/db';
import { cardNumberHmac, type DerivedKeys } from '../keys/derived-keys';
import { hashPin, type ScryptCost } from '../pin/pin-hash';
import { keyRevoked } from '../provisioning/kiosk-provisioning';
import { keyFingerprint } from '../../shared/hq-api/key-fingerprint';

export interface NewCustomer {
  memberNumber: string;
  nameKanji: string;
  nameKana: string;
  nameLatin?: { surname: string; givenNames: string };
  dateOfBirth: string;
  address: string;
  annualIncome: number;
  employment: 'employed' | 'selfEmployed' | 'partTime' | 'pensioner' | 'unemployed';
  creditLimit: number;
  balance?: number;
  suspended?: boolean;
  otherLendersBorrowing?: number;
  delinquent?: boolean;
  documentsOnFile?: readonly { kind: string; documentNumber?: string; expiryDate?: string }[];
}

export async function createCustomer(q: Queryable, customer: NewCustomer, bureauReadAt: Date): Promise<number> {
  const { rows } = await q.query<{ customer_id: number }>(
    `INSERT INTO customers (member_number, name_kanji, name_kana, name_latin_surname, name_latin_given, date_of_birth, address,
                            annual_income, employment, suspended, credit_limit, balance)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING customer_id`,
    [customer.memberNumber, customer.nameKanji, customer.nameKana, customer.nameLatin?.surname ?? null, customer.nameLatin?.givenNames ?? null,
      customer.dateOfBirth, customer.address, customer.annualIncome, customer.employment, customer.suspended ?? false, customer.creditLimit, customer.balance ?? 0],
  );
  const customerId = Number(rows[0]!.customer_id);
  await q.query('INSERT INTO credit_bureau_records (customer_id, other_lenders_borrowing, delinquent, read_at) VALUES ($1, $2, $3, $4)',
    [customerId, customer.otherLendersBorrowing ?? 0, customer.delinquent ?? false, bureauReadAt.toISOString()]);
  for (const document of customer.documentsOnFile ?? []) {
    await q.query('INSERT INTO identity_documents_on_file (customer_id, kind, document_number, expiry_date) VALUES ($1, $2, $3, $4)',
      [customerId, document.kind, document.documentNumber ?? null, document.expiryDate ?? null]);
  }
  return customerId;
}

export async function createOperator(q: Queryable, operator: { staffId: string; name: string; role: 'staff' | 'technician' }): Promise<void> {
  await q.query('INSERT INTO operators (staff_id, name, role) VALUES ($1, $2, $3)', [operator.staffId, operator.name, operator.role]);
}

export interface NewCard {
  cardNumber: string;
  /** ASCII digits; wiped after hashing. */
  pin: Buffer;
  holder: { customerId: number } | { staffId: string };
  cardPlan?: string;
  status?: 'active' | 'lost' | 'stolen' | 'expired';
  expiresOn?: string;
  failedPinAttempts?: number;
  lockedAt?: Date | null;
}

export async function issueCard(q: Queryable, derived: DerivedKeys, card: NewCard, cost?: ScryptCost): Promise<number> {
  if (!isValidCardNumber(card.cardNumber)) throw new Error('card numbers are 10 or 15 to 16 digits');
  let pinHash: string;
  try {
    pinHash = await hashPin(card.pin, derived, cost);
  } finally {
    card.pin.fill(0);
  }
  const { rows } = await q.query<{ card_id: number }>(
    `INSERT INTO cards (card_number_hmac, card_masked, card_plan, customer_id, staff_id, status, expires_on, pin_hash, failed_pin_attempts, locked_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING card_id`,
    [cardNumberHmac(derived, card.cardNumber), maskCardNumber(card.cardNumber), card.cardPlan ?? 'standard',
      'customerId' in card.holder ? card.holder.customerId : null, 'staffId' in card.holder ? card.holder.staffId : null,
      card.status ?? 'active', card.expiresOn ?? '2030-12-31', pinHash, card.failedPinAttempts ?? 0, card.lockedAt?.toISOString() ?? null],
  );
  return Number(rows[0]!.card_id);
}

/**
 * Enrolls a kiosk with its Ed25519 public key, enabled; or re-keys one
 * already enrolled, leaving its enabled flag as it is: a kiosk an operator
 * disabled stays disabled whatever `--enroll` says at the next start (issue
 * 15); only `setKioskEnabled` enables it again. A revoked key is refused;
 * a revoked kiosk re-keyed here stays revoked (only the console's or the
 * admin route's enrolment brings it back, issue 16). Answers whether the
 * kiosk is enabled now.
 */
export async function enrollKiosk(q: Queryable, kiosk: { kioskId: string; publicKeyPem: string; storeName?: string; calendar?: KioskCalendarInput }): Promise<{ enabled: boolean }> {
  const key = createPublicKey(kiosk.publicKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`kiosk ${kiosk.kioskId}: public key must be Ed25519`);
  const pem = key.export({ type: 'spki', format: 'pem' }).toString();
  // A revoked key is never enrolled again, whatever the start flags say (issue 16; kiosk-provisioning.ts).
  if (await keyRevoked(q, await keyFingerprint(key.export({ type: 'spki', format: 'der' })))) {
    throw new Error(`kiosk ${kiosk.kioskId}: this public key was revoked and is never enrolled again; the kiosk needs a new key`);
  }
  const calendar = KioskCalendarSchema.parse(kiosk.calendar ?? {});
  const { rows } = await q.query<{ enabled: boolean }>(
    `INSERT INTO kiosks (kiosk_id, public_key, enabled, store_name, calendar) VALUES ($1, $2, true, $3, $4)
     ON CONFLICT (kiosk_id) DO UPDATE SET public_key = EXCLUDED.public_key,
       store_name = COALESCE(EXCLUDED.store_name, kiosks.store_name)
     RETURNING enabled AND revoked_at IS NULL AS enabled`,
    [kiosk.kioskId, pem, kiosk.storeName ?? null, JSON.stringify({ storeHours: calendar.storeHours, closedDates: calendar.closedDates })],
  );
  return { enabled: rows[0]!.enabled };
}

export async function setKioskEnabled(q: Queryable, kioskId: string, enabled: boolean): Promise<void> {
  await q.query('UPDATE kiosks SET enabled = $2 WHERE kiosk_id = $1', [kioskId, enabled]);
}

export async function addAnnouncement(q: Queryable, announcement: { id: string; kioskId: string | null; startsAt: Date; endsAt: Date; messageJa: string; messageEn: string }): Promise<void> {
  await q.query(
    'INSERT INTO service_announcements (announcement_id, kiosk_id, starts_at, ends_at, message_ja, message_en) VALUES ($1, $2, $3, $4, $5, $6)',
    [announcement.id, announcement.kioskId, announcement.startsAt.toISOString(), announcement.endsAt.toISOString(), announcement.messageJa, announcement.messageEn],
  );
}
