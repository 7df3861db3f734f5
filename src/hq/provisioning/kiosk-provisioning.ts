/**
 * Enrolling, disabling and revoking kiosks (issue 16, "Provisioning"), for
 * the admin routes and the console alike; each change is written in one
 * transaction with its operation-log row naming who did it (issue 17).
 *
 * - Enrolment by fingerprint: the operator gives the kiosk id, the kiosk's
 *   Ed25519 public key (SPKI PEM) and the fingerprint the kiosk's technician
 *   page shows (src/shared/hq-api/key-fingerprint.ts). HQ computes the
 *   fingerprint of the key it was given and refuses a mismatch, so a key
 *   swapped on its way from the kiosk to the console is never enrolled.
 * - Disable / enable: the kiosk's requests are refused while disabled
 *   (kiosk-auth.ts, the same answer as an unknown kiosk), nothing else changes.
 * - Revoke: disabled for good. The key's fingerprint goes into
 *   revoked_kiosk_keys and is refused at every later enrolment (this id or
 *   another, console or `--enroll`); the kiosk comes back only by enrolment
 *   with a new key.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { KioskId } from '../../shared/hq-api/common';
import { groupFingerprint, keyFingerprint, normalizeFingerprint } from '../../shared/hq-api/key-fingerprint';
import type { Db, Queryable } from '../../server-kit/db/db';
import { refuse, type Outcome } from '../context';
import { logActorOperation, type Actor } from '../operation-log';

export const KioskProvisioningState = z.enum(['enabled', 'disabled', 'revoked']);
export type KioskProvisioningState = z.infer<typeof KioskProvisioningState>;

export const EnrolKioskRequest = z.object({
  kioskId: z.string().max(64),
  publicKeyPem: z.string().max(4000),
  /** As the kiosk's technician page shows it; spaces, colons and case do not matter. */
  fingerprint: z.string().max(200),
  storeName: z.string().trim().min(1).max(100).optional(),
}).strict();
export type EnrolKioskRequest = z.infer<typeof EnrolKioskRequest>;

export const ProvisionedKiosk = z.object({
  kioskId: z.string(),
  storeName: z.string().nullable(),
  state: KioskProvisioningState,
  /** Grouped upper-case hex, as the technician page shows it. */
  fingerprint: z.string(),
  enrolledAt: z.string(),
  revokedAt: z.string().nullable(),
}).strict();
export type ProvisionedKiosk = z.infer<typeof ProvisionedKiosk>;

export const KioskStateChange = z.enum(['disable', 'enable', 'revoke']);
export type KioskStateChange = z.infer<typeof KioskStateChange>;

/** The SPKI DER of an Ed25519 public key in PEM, or null. */
function ed25519Key(pem: string): KeyObject | null {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/** A kiosk key's fingerprint (64 lower-case hex) from its PEM, or null when the PEM is not an Ed25519 public key. */
export async function pemFingerprint(pem: string): Promise<string | null> {
  const key = ed25519Key(pem);
  return key ? keyFingerprint(key.export({ type: 'spki', format: 'der' })) : null;
}

/** Whether a key (by fingerprint) was revoked: such a key is never enrolled again. */
export async function keyRevoked(q: Queryable, fingerprint: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM revoked_kiosk_keys WHERE fingerprint = $1', [fingerprint])).rows.length > 0;
}

interface KioskRow {
  kiosk_id: string;
  store_name: string | null;
  public_key: string;
  enabled: boolean;
  revoked_at: Date | string | null;
  enrolled_at: Date | string;
}

const iso = (value: Date | string) => new Date(value).toISOString();

async function provisioned(row: KioskRow): Promise<ProvisionedKiosk> {
  const fingerprint = await pemFingerprint(row.public_key);
  return {
    kioskId: row.kiosk_id,
    storeName: row.store_name,
    state: row.revoked_at !== null ? 'revoked' : row.enabled ? 'enabled' : 'disabled',
    fingerprint: fingerprint ? groupFingerprint(fingerprint) : '—',
    enrolledAt: iso(row.enrolled_at),
    revokedAt: row.revoked_at === null ? null : iso(row.revoked_at),
  };
}

const KIOSK_COLUMNS = 'kiosk_id, store_name, public_key, enabled, revoked_at, enrolled_at';

export async function listProvisionedKiosks(q: Queryable): Promise<ProvisionedKiosk[]> {
  const { rows } = await q.query<KioskRow>(`SELECT ${KIOSK_COLUMNS} FROM kiosks ORDER BY kiosk_id`);
  return Promise.all(rows.map(provisioned));
}

/**
 * Enrols a new kiosk, or a revoked one with a new key, enabled. Refused,
 * with every bad field named: a malformed kiosk id, a PEM that is not an
 * Ed25519 public key, a fingerprint that is not 64 hex digits or is not
 * this key's, a key that was revoked, a kiosk id enrolled and not revoked.
 */
export async function enrolKioskByFingerprint(db: Db, input: EnrolKioskRequest, actor: Actor, now: Date): Promise<Outcome<ProvisionedKiosk>> {
  const problems: string[] = [];
  if (!KioskId.safeParse(input.kioskId).success) problems.push('kioskId: 3 to 32 of A-Z, 0-9 and -');
  const key = ed25519Key(input.publicKeyPem);
  if (!key) problems.push('publicKeyPem: not an Ed25519 public key (SPKI PEM)');
  const confirmed = normalizeFingerprint(input.fingerprint);
  if (confirmed === null) problems.push('fingerprint: 64 hex digits, as the kiosk\'s technician page shows them');
  if (problems.length > 0 || !key || confirmed === null) return refuse('malformedRequest', problems.join('; '));
  const computed = await keyFingerprint(key.export({ type: 'spki', format: 'der' }));
  if (computed !== confirmed) {
    return refuse('malformedRequest', `fingerprint: does not match the public key given (its fingerprint is ${groupFingerprint(computed)}); check the key was copied from this kiosk`);
  }
  const pem = key.export({ type: 'spki', format: 'pem' }).toString();
  return db.transaction(async (tx) => {
    if (await keyRevoked(tx, computed)) return refuse('malformedRequest', 'publicKeyPem: this key was revoked and is never enrolled again; the kiosk needs a new key');
    const existing = (await tx.query<{ revoked_at: unknown }>('SELECT revoked_at FROM kiosks WHERE kiosk_id = $1 FOR UPDATE', [input.kioskId])).rows[0];
    if (existing && existing.revoked_at === null) {
      return refuse('malformedRequest', `kioskId: ${input.kioskId} is enrolled; revoke it before enrolling a new key`);
    }
    const { rows } = existing
      ? await tx.query<KioskRow>(
        `UPDATE kiosks SET public_key = $2, enabled = true, revoked_at = NULL, store_name = COALESCE($3, store_name), enrolled_at = $4
         WHERE kiosk_id = $1 RETURNING ${KIOSK_COLUMNS}`, [input.kioskId, pem, input.storeName ?? null, now.toISOString()])
      : await tx.query<KioskRow>(
        `INSERT INTO kiosks (kiosk_id, public_key, enabled, store_name, enrolled_at) VALUES ($1, $2, true, $3, $4) RETURNING ${KIOSK_COLUMNS}`,
        [input.kioskId, pem, input.storeName ?? null, now.toISOString()]);
    await logActorOperation(tx, actor, {
      at: now, kioskId: input.kioskId, operation: 'kioskProvisioning', outcome: existing ? 'reEnrolled' : 'enrolled', detail: { fingerprint: computed },
    });
    return { ok: true as const, value: await provisioned(rows[0]!) };
  });
}

/**
 * Disables, enables or revokes an enrolled kiosk. `notFound` for an unknown
 * id; a revoked kiosk cannot be enabled (it needs a new key) and revoking
 * it again changes nothing (its key is already on the revoked list).
 */
export async function changeKioskState(db: Db, kioskId: string, change: KioskStateChange, actor: Actor, now: Date): Promise<Outcome<ProvisionedKiosk>> {
  return db.transaction(async (tx) => {
    const row = (await tx.query<KioskRow>(`SELECT ${KIOSK_COLUMNS} FROM kiosks WHERE kiosk_id = $1 FOR UPDATE`, [kioskId])).rows[0];
    if (!row) return refuse('notFound', `no kiosk ${kioskId} is enrolled`);
    if (row.revoked_at !== null) {
      return refuse('malformedRequest', `kioskId: ${kioskId} is revoked; it comes back only by enrolment with a new key`);
    }
    let updated: KioskRow;
    if (change === 'revoke') {
      const fingerprint = await pemFingerprint(row.public_key);
      if (fingerprint) {
        await tx.query('INSERT INTO revoked_kiosk_keys (fingerprint, kiosk_id, revoked_at) VALUES ($1, $2, $3) ON CONFLICT (fingerprint) DO NOTHING', [fingerprint, kioskId, now.toISOString()]);
      }
      updated = (await tx.query<KioskRow>(`UPDATE kiosks SET enabled = false, revoked_at = $2 WHERE kiosk_id = $1 RETURNING ${KIOSK_COLUMNS}`, [kioskId, now.toISOString()])).rows[0]!;
    } else {
      updated = (await tx.query<KioskRow>(`UPDATE kiosks SET enabled = $2 WHERE kiosk_id = $1 RETURNING ${KIOSK_COLUMNS}`, [kioskId, change === 'enable'])).rows[0]!;
    }
    const outcome = { disable: 'disabled', enable: 'enabled', revoke: 'revoked' }[change];
    const fingerprint = await pemFingerprint(row.public_key);
    await logActorOperation(tx, actor, { at: now, kioskId, operation: 'kioskProvisioning', outcome, detail: { fingerprint } });
    return { ok: true as const, value: await provisioned(updated) };
  });
}
