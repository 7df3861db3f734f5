/**
 * POST /v1/identity/verify. Runs in one transaction with the session row
 * locked, so parallel attempts in one session cannot exceed the attempt cap
 * (HqPolicy.maxIdentityAttempts) and a success is recorded exactly once.
 */
import type { VerifyIdentityRequest, VerifyIdentityResponse } from '../../shared/hq-api/identity';
import { findCardById, findCustomer, isCardExpired, tokyoDateOf } from '../cards/card-records';
import { refuse, type HqContext, type Outcome } from '../context';
import type { Queryable } from '../db/db';
import { logOperation } from '../operation-log';
import { requireSession } from '../sessions/session-store';
import { matchIdentity, type IdentityRecord } from './identity-match';

async function documentsOnFile(q: Queryable, customerId: number): Promise<IdentityRecord['documentsOnFile']> {
  const { rows } = await q.query<{ kind: string; document_number: string | null }>(
    'SELECT kind, document_number FROM identity_documents_on_file WHERE customer_id = $1', [customerId]);
  return rows.map((r) => ({ kind: r.kind, documentNumber: r.document_number }));
}

export async function verifyIdentity(ctx: HqContext, kioskId: string, request: VerifyIdentityRequest): Promise<Outcome<VerifyIdentityResponse>> {
  const now = ctx.clock();
  return ctx.db.transaction(async (tx): Promise<Outcome<VerifyIdentityResponse>> => {
    const session = await requireSession(tx, { sessionId: request.sessionId, kioskId, now, idleMs: ctx.policy.sessionIdleMs, requirement: 'open', forUpdate: true });
    if (!session.ok) return session;
    const card = await findCardById(tx, session.value.cardId);
    if (!card || card.status !== 'active' || isCardExpired(card, now)) return refuse('cardNotUsable', 'the session\'s card can no longer be used');
    if (card.customerId === null) return refuse('notCustomerSession', 'identity verification is for customer cards');
    const customer = await findCustomer(tx, card.customerId);
    if (!customer) return refuse('cardNotUsable', 'the card has no customer');
    const base = { at: now, kioskId, sessionId: request.sessionId, operation: 'identityVerification' as const, cardMasked: card.cardMasked, cardId: card.cardId };

    if (session.value.identityAttempts >= ctx.policy.maxIdentityAttempts) {
      await logOperation(tx, { ...base, outcome: 'tooManyAttempts', reasonCodes: ['tooManyAttempts'], detail: { documentKind: request.document.kind } });
      return { ok: true, value: { decision: 'notAccepted', reason: 'tryStaff' } };
    }
    const record: IdentityRecord = {
      nameKanji: customer.nameKanji,
      nameKana: customer.nameKana,
      nameLatin: customer.nameLatinSurname ? { surname: customer.nameLatinSurname, givenNames: customer.nameLatinGiven ?? '' } : null,
      dateOfBirth: customer.dateOfBirth,
      documentsOnFile: await documentsOnFile(tx, customer.customerId),
    };
    const match = matchIdentity(request.document, record, tokyoDateOf(now));
    if (match.decision === 'verified') {
      await tx.query('UPDATE sessions SET identity_verified_at = $2 WHERE session_id = $1', [request.sessionId, now.toISOString()]);
    } else {
      await tx.query('UPDATE sessions SET identity_attempts = identity_attempts + 1 WHERE session_id = $1', [request.sessionId]);
    }
    await logOperation(tx, { ...base, outcome: match.decision, reasonCodes: match.reasons, detail: { documentKind: request.document.kind, fields: match.fields } });
    if (match.decision === 'verified') return { ok: true, value: { decision: 'verified', cardLocked: card.lockedAt !== null } };
    // The customer is told a class, never the field (issue 13).
    return { ok: true, value: { decision: 'notAccepted', reason: match.decision === 'documentExpired' ? 'expired' : match.decision === 'documentInvalid' ? 'unreadable' : 'notAcceptedHere' } };
  });
}
