/**
 * Member lenders. Enrolment is an admin step (`npm run bureau --
 * enroll-lender`, or `--enroll` at start): the lender's Ed25519 public key
 * is put on record under its member id. A lender already holding a key is
 * re-keyed only when asked to (`replace`), so a typo cannot silently lock a
 * lender out or let another key in. Lenders on record without a key (the
 * demo seed's other lenders) have contracts but cannot call the bureau.
 */
import { createPublicKey } from 'node:crypto';
import { LENDER_ID_PATTERN } from '../../shared/bureau-api/common';
import type { Queryable } from '../../server-kit/db/db';

export type EnrolOutcome = 'enrolled' | 'keyReplaced' | 'alreadyEnrolled';

export class LenderEnrolmentError extends Error {}

/** The key as SPKI PEM, or an error naming what is wrong with it. */
export function ed25519PublicKeyPem(pem: string): string {
  let key;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new LenderEnrolmentError('the public key file is not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new LenderEnrolmentError(`the public key is ${key.asymmetricKeyType ?? 'of an unknown type'}, not Ed25519`);
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

export async function enrollLender(db: Queryable, input: { lenderId: string; publicKeyPem: string; name?: string; replace?: boolean }, now: Date = new Date()): Promise<EnrolOutcome> {
  if (!LENDER_ID_PATTERN.test(input.lenderId)) throw new LenderEnrolmentError('lender id: 3 to 32 of A-Z, 0-9 and -');
  const pem = ed25519PublicKeyPem(input.publicKeyPem);
  const existing = (await db.query<{ public_key: string | null }>('SELECT public_key FROM bureau_lenders WHERE lender_id = $1', [input.lenderId])).rows[0];
  if (!existing) {
    await db.query('INSERT INTO bureau_lenders (lender_id, name, public_key, enrolled_at) VALUES ($1, $2, $3, $4)', [input.lenderId, input.name ?? input.lenderId, pem, now.toISOString()]);
    return 'enrolled';
  }
  if (existing.public_key === pem) {
    if (input.name) await db.query('UPDATE bureau_lenders SET name = $2 WHERE lender_id = $1', [input.lenderId, input.name]);
    return 'alreadyEnrolled';
  }
  if (existing.public_key && !input.replace) throw new LenderEnrolmentError(`lender ${input.lenderId} already has another key: pass --replace to re-key it`);
  await db.query('UPDATE bureau_lenders SET public_key = $2, enrolled_at = $3, name = COALESCE($4, name) WHERE lender_id = $1', [input.lenderId, pem, now.toISOString(), input.name ?? null]);
  return existing.public_key ? 'keyReplaced' : 'enrolled';
}

/** A lender on record without a key (its contracts are shown; it cannot call). Idempotent. */
export async function addLenderOnRecord(db: Queryable, input: { lenderId: string; name: string }): Promise<void> {
  await db.query('INSERT INTO bureau_lenders (lender_id, name) VALUES ($1, $2) ON CONFLICT (lender_id) DO NOTHING', [input.lenderId, input.name]);
}
