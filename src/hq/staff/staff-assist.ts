/**
 * Staff-assisted lookup, identity check, lock clearing and PIN re-set
 * (issue 8, "Branch staff"; DOMAIN.md, "Security lock": a lock is cleared
 * at a contract machine or staffed counter with the card and an identity
 * document, normally together with a new PIN).
 *
 * Order of proof, enforced here and not in the kiosk: lookup (names the
 * customer for this operator session) -> document verified by HQ ->
 * staff confirmation (the staff member compared document and person) ->
 * lock clear -> PIN re-set. A suspended account is refused before anything
 * else is checked at the lock and PIN steps, so staff are told the real
 * reason (DOMAIN.md: suspension is decided by the lender, not at the
 * machine). Each step is written to HQ's operation log with the staff id and
 * the masked card, in the transaction that changes state.
 *
 * Identity assurance (issue 13; docs/policy.md):
 * - staff get the per-field answer and may accept a document of a kind HQ
 *   holds no number for (it is their check of the photo); on their
 *   confirmation HQ registers that document's number on the customer's
 *   file. Health-insurance cards are refused here too (identity-match.ts);
 * - a refused document counts against the customer exactly as on the
 *   customer route (identity-failures.ts: across sessions, kiosks and
 *   routes; the threshold identity-locks the customer). The staff route is
 *   not stopped by that lock (staff are the ones who clear it), but an
 *   operator session may have at most HqPolicy.maxIdentityAttempts
 *   documents refused, whoever it looks up: the count is on the operator's
 *   own session row, which no lookup touches (A, B, A gives nothing back);
 * - the identity lock and the count are cleared at the CONFIRM step, when
 *   the verified document matched a number registered before this operator
 *   session (not one registered by it) and the staff member confirmed;
 *   logged as `identityLockClear` with the staff id. Confirmation for a
 *   suspended account changes nothing on the customer's file.
 */
import type {
  StaffConfirmIdentityResponse, StaffCustomerView, StaffLookupRequest, StaffLookupResponse, StaffRefusal, StaffResetPinRequest,
  StaffResetPinResponse, StaffSessionRequest, StaffUnlockResponse, StaffVerifyIdentityRequest, StaffVerifyIdentityResponse,
} from '../../shared/hq-api/staff';
import type { OperatorPermission } from '../../shared/hq-api/session';
import { findCardById, findCardByNumber, findCustomer, isCardExpired, lockCardRow, tokyoDateOf, type CardRecord, type CustomerRecord } from '../cards/card-records';
import { refuse, type HqContext, type Outcome } from '../context';
import type { Queryable } from '../../server-kit/db/db';
import { clearIdentityLock, recordIdentityFailure } from '../identity/identity-failures';
import { compareDocumentNumber, documentNumberForm, matchIdentity } from '../identity/identity-match';
import { identityRecordOf, readDocumentsOnFile } from '../identity/identity-record';
import { logOperation } from '../operation-log';
import { openPinBlock } from '../pin/pin-block-guard';
import { hashPin } from '../pin/pin-hash';
import { checkNewPin } from '../policy/pin-strength';
import { requireOperator, type OperatorSession } from './operator-session';

interface AssistRow {
  customerId: number;
  cardId: number | null;
  identityVerifiedAt: Date | null;
  documentKind: string | null;
  /** The verified document matched a number registered before this operator session: confirming it clears the identity lock. */
  documentRegistered: boolean;
  /** The verified document's number and expiry, when HQ held no number for its kind: registered on confirmation. */
  pendingDocumentNumber: string | null;
  pendingDocumentExpiry: string | null;
  confirmedAt: Date | null;
}

async function readAssist(q: Queryable, sessionId: string, forUpdate = false): Promise<AssistRow | null> {
  const { rows } = await q.query<{
    customer_id: number; card_id: number | null; identity_verified_at: Date | null; document_kind: string | null; document_registered: boolean;
    pending_document_number: string | null; pending_document_expiry: string | null; confirmed_at: Date | null;
  }>(
    `SELECT customer_id, card_id, identity_verified_at, document_kind, document_registered, pending_document_number,
            pending_document_expiry::text AS pending_document_expiry, confirmed_at
       FROM staff_assists WHERE session_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [sessionId]);
  const row = rows[0];
  if (!row) return null;
  return {
    customerId: Number(row.customer_id), cardId: row.card_id === null ? null : Number(row.card_id),
    identityVerifiedAt: row.identity_verified_at, documentKind: row.document_kind, documentRegistered: row.document_registered,
    pendingDocumentNumber: row.pending_document_number, pendingDocumentExpiry: row.pending_document_expiry, confirmedAt: row.confirmed_at,
  };
}

interface OpenAssist {
  staffId: string;
  operatorSession: OperatorSession['session'];
  assist: AssistRow;
  customer: CustomerRecord;
  card: CardRecord | null;
}

/**
 * The common first steps of every step after lookup: the operator session
 * with the permission, the customer this session looked up, and its card
 * (`lockCard` takes the card row's lock for a step that changes it).
 */
async function openAssist(
  ctx: HqContext, q: Queryable,
  at: { kioskId: string; sessionId: string; permission: OperatorPermission; forUpdate: boolean; lockCard?: boolean; lockCustomer?: boolean },
): Promise<Outcome<OpenAssist>> {
  const op = await requireOperator(ctx, q, { kioskId: at.kioskId, sessionId: at.sessionId, permission: at.permission, forUpdate: at.forUpdate });
  if (!op.ok) return op;
  const assist = await readAssist(q, at.sessionId, at.forUpdate);
  if (!assist) return refuse('noCustomerSelected', 'look a customer up first');
  // The customer row's lock guards the identity counter (migration 005); taken before the card's, as everywhere.
  const customer = await findCustomer(q, assist.customerId, { forUpdate: at.lockCustomer ?? false });
  if (!customer) return refuse('noCustomerSelected', 'the looked-up customer no longer exists');
  const card = assist.cardId === null ? null : at.lockCard ? await lockCardRow(q, assist.cardId) : await findCardById(q, assist.cardId);
  return { ok: true, value: { staffId: op.value.operator.staffId, operatorSession: op.value.session, assist, customer, card } };
}

/** The customer's newest card, an active one first (the lock lives on the card). */
async function newestCardOf(q: Queryable, customerId: number): Promise<CardRecord | null> {
  const { rows } = await q.query<{ card_id: number }>(
    `SELECT card_id FROM cards WHERE customer_id = $1 ORDER BY (status = 'active') DESC, card_id DESC LIMIT 1`, [customerId]);
  return rows[0] ? findCardById(q, Number(rows[0].card_id)) : null;
}

function viewOf(customer: CustomerRecord, card: CardRecord | null, now: Date): StaffCustomerView {
  return {
    cardMasked: card?.cardMasked ?? null,
    memberNumber: customer.memberNumber,
    nameKanji: customer.nameKanji,
    nameKana: customer.nameKana,
    locked: card?.lockedAt != null,
    identityLocked: customer.identityLockedAt !== null,
    suspended: customer.suspended,
    cardStatus: !card ? 'none' : card.status !== 'active' ? card.status : isCardExpired(card, now) ? 'expired' : 'active',
  };
}

export async function staffLookupCustomer(ctx: HqContext, kioskId: string, request: StaffLookupRequest): Promise<Outcome<StaffLookupResponse>> {
  const now = ctx.clock();
  return ctx.db.transaction(async (tx): Promise<Outcome<StaffLookupResponse>> => {
    const op = await requireOperator(ctx, tx, { kioskId, sessionId: request.sessionId, permission: 'unlockCustomerAccount', forUpdate: true });
    if (!op.ok) return op;
    const staffId = op.value.operator.staffId;
    const log = (outcome: string, card: CardRecord | null, reasonCodes: string[] = []) => logOperation(tx, {
      at: now, kioskId, sessionId: request.sessionId, operation: 'staffLookup', outcome, reasonCodes,
      cardMasked: card?.cardMasked ?? null, cardId: card?.cardId ?? null, detail: { staffId, by: request.by.kind },
    });

    let card: CardRecord | null;
    let customer: CustomerRecord | null;
    if (request.by.kind === 'card') {
      card = await findCardByNumber(tx, ctx.derived, request.by.cardNumber);
      if (!card) { await log('notFound', null); return { ok: true, value: { outcome: 'notFound' } }; }
      if (card.staffId !== null) { await log('operatorCard', card); return { ok: true, value: { outcome: 'operatorCard' } }; }
      if (card.status === 'lost' || card.status === 'stolen') {
        await log('captureCard', card, [card.status]);
        return { ok: true, value: { outcome: 'captureCard', reason: card.status } };
      }
      customer = card.customerId === null ? null : await findCustomer(tx, card.customerId);
    } else {
      const { rows } = await tx.query<{ customer_id: number }>('SELECT customer_id FROM customers WHERE member_number = $1', [request.by.memberNumber]);
      customer = rows[0] ? await findCustomer(tx, Number(rows[0].customer_id)) : null;
      card = customer ? await newestCardOf(tx, customer.customerId) : null;
    }
    if (!customer) { await log('notFound', card); return { ok: true, value: { outcome: 'notFound' } }; }

    // A lookup forgets what was proven about the previous customer; the refused-document counts are not here to forget
    // (the operator session's own count and the customer's, identity-failures.ts).
    await tx.query(
      `INSERT INTO staff_assists (session_id, staff_id, customer_id, card_id, looked_up_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (session_id) DO UPDATE SET
         staff_id = EXCLUDED.staff_id, customer_id = EXCLUDED.customer_id, card_id = EXCLUDED.card_id, looked_up_at = EXCLUDED.looked_up_at,
         identity_verified_at = NULL, document_kind = NULL, document_registered = false,
         pending_document_number = NULL, pending_document_expiry = NULL, confirmed_at = NULL`,
      [request.sessionId, staffId, customer.customerId, card?.cardId ?? null, now.toISOString()],
    );
    const view = viewOf(customer, card, now);
    await log('found', card, [...(view.locked ? ['locked'] : []), ...(view.identityLocked ? ['identityLocked'] : []), ...(view.suspended ? ['suspended'] : [])]);
    return { ok: true, value: { outcome: 'found', customer: view } };
  });
}

export async function staffVerifyIdentity(ctx: HqContext, kioskId: string, request: StaffVerifyIdentityRequest): Promise<Outcome<StaffVerifyIdentityResponse>> {
  const now = ctx.clock();
  return ctx.db.transaction(async (tx): Promise<Outcome<StaffVerifyIdentityResponse>> => {
    const opened = await openAssist(ctx, tx, { kioskId, sessionId: request.sessionId, permission: 'unlockCustomerAccount', forUpdate: true, lockCustomer: true });
    if (!opened.ok) return opened;
    const { staffId, operatorSession, customer, card } = opened.value;
    const document = request.document;
    const base = {
      at: now, kioskId, sessionId: request.sessionId, operation: 'staffIdentityVerification' as const, cardMasked: card?.cardMasked ?? null, cardId: card?.cardId ?? null,
    };
    if (operatorSession.identityAttempts >= ctx.policy.maxIdentityAttempts) {
      await logOperation(tx, { ...base, outcome: 'tooManyAttempts', reasonCodes: ['tooManyAttempts'], detail: { staffId, documentKind: document.kind } });
      return { ok: true, value: { decision: 'tooManyAttempts', reasons: ['tooManyAttempts'] } };
    }
    const documents = await readDocumentsOnFile(tx, customer.customerId);
    const match = matchIdentity(document, identityRecordOf(customer, documents), tokyoDateOf(now));
    if (match.decision === 'verified') {
      // Registered: the number matches one on file from before this operator session (one it registered itself does not count).
      const registered = compareDocumentNumber(document, documents.filter((d) => d.recordedSession !== request.sessionId)) === 'match';
      const pending = match.fields.documentNumber === 'notOnFile' && document.documentNumber ? documentNumberForm(document.documentNumber) : null;
      await tx.query(
        `UPDATE staff_assists SET identity_verified_at = $2, document_kind = $3, document_registered = $4, pending_document_number = $5,
           pending_document_expiry = $6, confirmed_at = NULL WHERE session_id = $1`,
        [request.sessionId, now.toISOString(), document.kind, registered, pending, pending ? document.expiryDate ?? null : null]);
      await logOperation(tx, {
        ...base, outcome: 'verified', reasonCodes: [registered ? 'registeredDocument' : pending ? 'newDocument' : 'documentNotRegistered'],
        detail: { staffId, documentKind: document.kind, fields: match.fields },
      });
      return { ok: true, value: { decision: 'verified', fields: match.fields, reasons: [], cardLocked: card?.lockedAt != null } };
    }
    await tx.query('UPDATE sessions SET identity_attempts = identity_attempts + 1 WHERE session_id = $1', [request.sessionId]);
    await tx.query(
      `UPDATE staff_assists SET identity_verified_at = NULL, document_registered = false, pending_document_number = NULL, pending_document_expiry = NULL,
         confirmed_at = NULL WHERE session_id = $1`, [request.sessionId]);
    await recordIdentityFailure(ctx, tx, {
      at: now, kioskId, sessionId: request.sessionId, customerId: customer.customerId, card: card ? { cardId: card.cardId, cardMasked: card.cardMasked } : null,
      route: 'staff', documentKind: document.kind, reasonClass: match.decision, staffId,
    }, ({ failures }) => logOperation(tx, { ...base, outcome: match.decision, reasonCodes: match.reasons, detail: { staffId, documentKind: document.kind, fields: match.fields, failures } }));
    return { ok: true, value: { decision: match.decision, fields: match.fields, reasons: match.reasons } };
  });
}

export async function staffConfirmIdentity(ctx: HqContext, kioskId: string, request: StaffSessionRequest): Promise<Outcome<StaffConfirmIdentityResponse>> {
  const now = ctx.clock();
  return ctx.db.transaction(async (tx): Promise<Outcome<StaffConfirmIdentityResponse>> => {
    const op = await requireOperator(ctx, tx, { kioskId, sessionId: request.sessionId, permission: 'unlockCustomerAccount', forUpdate: true });
    if (!op.ok) return op;
    const staffId = op.value.operator.staffId;
    const assist = await readAssist(tx, request.sessionId, true);
    if (!assist) return refuse('noCustomerSelected', 'look a customer up first');
    const card = assist.cardId === null ? null : await findCardById(tx, assist.cardId);
    const base = { at: now, kioskId, sessionId: request.sessionId, cardMasked: card?.cardMasked ?? null, cardId: card?.cardId ?? null };
    if (!assist.identityVerifiedAt) {
      await logOperation(tx, { ...base, operation: 'staffIdentityConfirmation', outcome: 'refused', reasonCodes: ['identityNotVerified'], detail: { staffId } });
      return { ok: true, value: { outcome: 'refused', reason: 'identityNotVerified' } };
    }
    const customer = await findCustomer(tx, assist.customerId, { forUpdate: true });
    if (!customer) return refuse('noCustomerSelected', 'the looked-up customer no longer exists');
    await tx.query('UPDATE staff_assists SET confirmed_at = $2, pending_document_number = NULL, pending_document_expiry = NULL WHERE session_id = $1', [request.sessionId, now.toISOString()]);
    await logOperation(tx, {
      ...base, operation: 'staffIdentityConfirmation', outcome: 'confirmed', reasonCodes: customer.suspended ? ['accountSuspended'] : [],
      detail: { staffId, documentKind: assist.documentKind },
    });
    // A suspended account's file is not changed at a machine (the same rule as its lock and PIN).
    if (customer.suspended) return { ok: true, value: { outcome: 'confirmed' } };

    if (assist.documentRegistered && (customer.identityLockedAt !== null || customer.identityFailures > 0)) {
      await clearIdentityLock(tx, customer.customerId);
      await logOperation(tx, {
        ...base, operation: 'identityLockClear', outcome: customer.identityLockedAt ? 'identityLockCleared' : 'failuresCleared',
        reasonCodes: ['registeredDocument', 'staffConfirmed'],
        detail: { staffId, documentKind: assist.documentKind, failures: customer.identityFailures },
      });
    }
    if (assist.pendingDocumentNumber && assist.documentKind) {
      // Still no number of that kind on file (checked under the customer's row lock): register this one.
      const documents = await readDocumentsOnFile(tx, customer.customerId);
      if (!documents.some((d) => d.kind === assist.documentKind && d.documentNumber)) {
        await tx.query(
          `INSERT INTO identity_documents_on_file (customer_id, kind, document_number, expiry_date, recorded_at, recorded_by, recorded_session)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [customer.customerId, assist.documentKind, assist.pendingDocumentNumber, assist.pendingDocumentExpiry, now.toISOString(), staffId, request.sessionId]);
        await logOperation(tx, {
          ...base, operation: 'identityDocumentRecorded', outcome: 'recorded', reasonCodes: ['staffConfirmed'],
          detail: { staffId, documentKind: assist.documentKind },
        });
      }
    }
    return { ok: true, value: { outcome: 'confirmed' } };
  });
}

/** What must hold before the lock or the PIN of the looked-up customer may change; suspension first. */
function readiness(customer: CustomerRecord, assist: AssistRow, card: CardRecord | null, now: Date): StaffRefusal | null {
  if (customer.suspended) return 'accountSuspended';
  if (!assist.identityVerifiedAt) return 'identityNotVerified';
  if (!assist.confirmedAt) return 'notConfirmed';
  if (!card) return 'noCard';
  if (card.status !== 'active' || isCardExpired(card, now)) return 'cardNotUsable';
  return null;
}

export async function staffClearLock(ctx: HqContext, kioskId: string, request: StaffSessionRequest): Promise<Outcome<StaffUnlockResponse>> {
  const now = ctx.clock();
  return ctx.db.transaction(async (tx): Promise<Outcome<StaffUnlockResponse>> => {
    const opened = await openAssist(ctx, tx, { kioskId, sessionId: request.sessionId, permission: 'unlockCustomerAccount', forUpdate: true, lockCard: true });
    if (!opened.ok) return opened;
    const { staffId, assist, customer, card } = opened.value;
    const base = { at: now, kioskId, sessionId: request.sessionId, operation: 'staffLockClear' as const, cardMasked: card?.cardMasked ?? null, cardId: card?.cardId ?? null };
    const refusal = readiness(customer, assist, card, now);
    if (refusal) {
      await logOperation(tx, { ...base, outcome: 'refused', reasonCodes: [refusal], detail: { staffId } });
      return { ok: true, value: { outcome: 'refused', reason: refusal } };
    }
    const wasLocked = card!.lockedAt !== null;
    await tx.query('UPDATE cards SET failed_pin_attempts = 0, locked_at = NULL WHERE card_id = $1', [card!.cardId]);
    await logOperation(tx, { ...base, outcome: 'lockCleared', reasonCodes: wasLocked ? ['identityVerified', 'staffConfirmed'] : ['identityVerified', 'staffConfirmed', 'wasNotLocked'], detail: { staffId, documentKind: assist.documentKind } });
    return { ok: true, value: { outcome: 'lockCleared', wasLocked } };
  });
}

export async function staffResetPin(ctx: HqContext, kioskId: string, request: StaffResetPinRequest): Promise<Outcome<StaffResetPinResponse>> {
  const now = ctx.clock();
  // Everything that can refuse is checked before the PIN block is opened (and so used up).
  const pre = await checkPinReset(ctx, ctx.db, kioskId, request.sessionId, now);
  if (!pre.ok) return pre;
  if (pre.value.refusal) return { ok: true, value: { outcome: 'refused', reason: pre.value.refusal } };
  const opened = await openPinBlock(ctx, request.newPinBlock, { kioskId, sessionId: request.sessionId, purpose: 'newPin' });
  if (!opened.ok) return opened;
  const pinDigits = opened.value;
  try {
    const { customer, card, staffId } = pre.value;
    const base = { at: now, kioskId, sessionId: request.sessionId, operation: 'staffPinReset' as const, cardMasked: card!.cardMasked, cardId: card!.cardId };
    const strength = checkNewPin(pinDigits.toString('latin1'), { dateOfBirth: customer.dateOfBirth });
    if (!strength.ok) {
      await logOperation(ctx.db, { ...base, outcome: 'weakPin', reasonCodes: [strength.reason], detail: { staffId } });
      return { ok: true, value: { outcome: 'weakPin', reason: strength.reason } };
    }
    const pinHash = await hashPin(pinDigits, ctx.derived);
    return await ctx.db.transaction(async (tx): Promise<Outcome<StaffResetPinResponse>> => {
      const again = await checkPinReset(ctx, tx, kioskId, request.sessionId, now, true);
      if (!again.ok) return again;
      if (again.value.refusal) return { ok: true, value: { outcome: 'refused', reason: again.value.refusal } };
      const locked = await lockCardRow(tx, card!.cardId);
      if (!locked) return refuse('cardNotUsable', 'the card vanished');
      const lockCleared = locked.lockedAt !== null;
      await tx.query('UPDATE cards SET pin_hash = $2, pin_changed_at = $3, failed_pin_attempts = 0, locked_at = NULL WHERE card_id = $1', [locked.cardId, pinHash, now.toISOString()]);
      await logOperation(tx, { ...base, outcome: 'pinChanged', reasonCodes: lockCleared ? ['identityVerified', 'staffConfirmed', 'lockCleared'] : ['identityVerified', 'staffConfirmed'], detail: { staffId } });
      return { ok: true, value: { outcome: 'pinChanged', lockCleared } };
    });
  } finally {
    pinDigits.fill(0);
  }
}

async function checkPinReset(ctx: HqContext, q: Queryable, kioskId: string, sessionId: string, now: Date, forUpdate = false): Promise<Outcome<{ refusal: StaffRefusal | null; customer: CustomerRecord; card: CardRecord | null; staffId: string }>> {
  const opened = await openAssist(ctx, q, { kioskId, sessionId, permission: 'resetCustomerPin', forUpdate });
  if (!opened.ok) return opened;
  const { staffId, assist, customer, card } = opened.value;
  const refusal = readiness(customer, assist, card, now);
  if (refusal) {
    await logOperation(q, {
      at: now, kioskId, sessionId, operation: 'staffPinReset', outcome: 'refused', reasonCodes: [refusal],
      cardMasked: card?.cardMasked ?? null, cardId: card?.cardId ?? null, detail: { staffId },
    });
  }
  return { ok: true, value: { refusal, customer, card, staffId } };
}
