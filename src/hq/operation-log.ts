/**
 * HQ's record of every kiosk operation with its outcome and reason codes
 * (issue 5: "each journaled at HQ with reason codes"). Written in the same
 * transaction as the state change it describes. Card numbers appear masked;
 * identity documents appear by kind and reason class, never by number
 * (issue 13).
 */
import type { Queryable } from '../server-kit/db/db';

export type OperationName =
  | 'cardAuthentication'
  | 'cardIdentification'
  | 'identityVerification'
  | 'pinReset'
  | 'lockClear'
  | 'limitIncrease'
  | 'limitDecrease'
  | 'limitOfferAnswer'
  | 'sessionEnd'
  // Operator sessions (issue 8): detail carries the staff id.
  | 'operatorCheck'
  | 'staffLookup'
  | 'staffIdentityVerification'
  | 'staffIdentityConfirmation'
  | 'staffLockClear'
  | 'staffPinReset'
  | 'diagnosticsUpload'
  // Identity assurance (issue 13): the identity lock falling, staff clearing it (detail: staffId),
  // a document staff registered after checking its photo (kind only), a fleet alert raised.
  | 'identityLock'
  | 'identityLockClear'
  | 'identityDocumentRecorded'
  | 'fleetAlert'
  // The contract-change document (art. 17, issue 14): delivery as the kiosk reported it, and staff's reissue.
  | 'contractDocumentDelivery'
  | 'contractDocumentReissue'
  // Console and admin actions (issue 17): operator_id says who (null: the admin token, a machine client).
  | 'announcement'
  | 'announcementWithdrawal'
  | 'fleetAlertAcknowledgement'
  | 'journalAlertAcknowledgement'
  | 'operatorSignIn'
  | 'operatorSignOut'
  | 'operatorAccount'
  | 'diagnosticsRequest'
  // Kiosk provisioning (issue 16): enrolled, reEnrolled, disabled, enabled, revoked; detail: the key's fingerprint.
  | 'kioskProvisioning'
  // Signed software releases (issue 16): a manifest published, an artefact stored (detail: channel, version).
  | 'softwareRelease';

/**
 * Who did a console or admin action (issue 17: every operator action is
 * attributable): a named operator, or a machine client with the admin token.
 */
export type Actor = { operatorId: number } | { adminToken: true };

export function actorColumns(actor: Actor): { operatorId: number | null; detail: Record<string, unknown> } {
  return 'operatorId' in actor ? { operatorId: actor.operatorId, detail: {} } : { operatorId: null, detail: { via: 'adminToken' } };
}

export interface OperationEntry {
  at: Date;
  /** Null for an action not about one kiosk (an announcement to all, an account change). */
  kioskId: string | null;
  /** The console operator behind the action (issue 17); absent for kiosk operations. */
  operatorId?: number | null;
  sessionId: string | null;
  operation: OperationName;
  outcome: string;
  reasonCodes?: readonly string[];
  cardMasked?: string | null;
  cardId?: number | null;
  detail?: Record<string, unknown> | null;
}

/** A console or admin action, with its actor. */
export async function logActorOperation(q: Queryable, actor: Actor, entry: Omit<OperationEntry, 'operatorId' | 'sessionId'>): Promise<void> {
  const { operatorId, detail } = actorColumns(actor);
  await logOperation(q, { ...entry, sessionId: null, operatorId, detail: { ...detail, ...entry.detail } });
}

export async function logOperation(q: Queryable, entry: OperationEntry): Promise<void> {
  await logOperationEntry(q, entry);
}

/** As logOperation, returning the entry's id for records kept with it (income certificates, migration 008). */
export async function logOperationEntry(q: Queryable, entry: OperationEntry): Promise<number> {
  const { rows } = await q.query<{ entry_id: number | string }>(
    `INSERT INTO operation_log (at, kiosk_id, session_id, operation, outcome, reason_codes, card_masked, card_id, detail, console_operator_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING entry_id`,
    [entry.at.toISOString(), entry.kioskId, entry.sessionId, entry.operation, entry.outcome, [...(entry.reasonCodes ?? [])],
      entry.cardMasked ?? null, entry.cardId ?? null, entry.detail ? JSON.stringify(entry.detail) : null, entry.operatorId ?? null],
  );
  return Number(rows[0]!.entry_id);
}
