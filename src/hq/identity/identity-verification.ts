/**
 * POST /v1/identity/verify, the customer route at an unmanned machine
 * (issue 13). Answers only `verified` or `notAccepted` with a customer-safe
 * class (src/shared/hq-api/identity.ts), never which field failed.
 *
 * One transaction: the session row locked, then the customer's row (the
 * identity counter's lock, migration 005), so attempts for one customer
 * from any number of sessions and kiosks are decided one after another.
 * In order:
 * 1. a suspended account -> `contactUs`: nothing compared, nothing counted,
 *    no reason given (the staff path refuses the same accounts at its lock
 *    and PIN steps; pin-reset.ts refuses them as well);
 * 2. an identity-locked customer -> `tryStaff`: nothing compared, nothing
 *    counted, at every kiosk, until staff clear it;
 * 3. the document against the record (assessUnattended: the rules are in
 *    identity-match.ts and docs/policy.md) -> `verified` (the session may
 *    then re-set the PIN or clear the lock; the failure count starts again),
 *    or its class, counted (identity-failures.ts); the failure that reaches
 *    the threshold locks and answers `tryStaff`.
 * Every answer goes to HQ's operation log with the document kind, the class
 * and HQ's own rule codes; never the document number.
 */
import type { VerifyIdentityRequest, VerifyIdentityResponse } from '../../shared/hq-api/identity';
import { findCardById, findCustomer, isCardExpired, tokyoDateOf } from '../cards/card-records';
import { refuse, type HqContext, type Outcome } from '../context';
import { logOperation } from '../operation-log';
import { requireSession } from '../sessions/session-store';
import { recordIdentityFailure, resetIdentityFailures } from './identity-failures';
import { assessUnattended } from './identity-match';
import { identityRecordOf, readDocumentsOnFile } from './identity-record';

export async function verifyIdentity(ctx: HqContext, kioskId: string, request: VerifyIdentityRequest): Promise<Outcome<VerifyIdentityResponse>> {
  const now = ctx.clock();
  const documentKind = request.document.kind;
  return ctx.db.transaction(async (tx): Promise<Outcome<VerifyIdentityResponse>> => {
    const session = await requireSession(tx, { sessionId: request.sessionId, kioskId, now, idleMs: ctx.policy.sessionIdleMs, requirement: 'open', forUpdate: true });
    if (!session.ok) return session;
    const card = await findCardById(tx, session.value.cardId);
    if (!card || card.status !== 'active' || isCardExpired(card, now)) return refuse('cardNotUsable', 'the session\'s card can no longer be used');
    if (card.customerId === null) return refuse('notCustomerSession', 'identity verification is for customer cards');
    const customer = await findCustomer(tx, card.customerId, { forUpdate: true });
    if (!customer) return refuse('cardNotUsable', 'the card has no customer');
    const base = { at: now, kioskId, sessionId: request.sessionId, operation: 'identityVerification' as const, cardMasked: card.cardMasked, cardId: card.cardId };

    if (customer.suspended) {
      await logOperation(tx, { ...base, outcome: 'notAccepted', reasonCodes: ['contactUs', 'accountSuspended'], detail: { documentKind, reasonClass: 'contactUs' } });
      return { ok: true, value: { decision: 'notAccepted', reason: 'contactUs' } };
    }
    if (customer.identityLockedAt) {
      await logOperation(tx, { ...base, outcome: 'notAccepted', reasonCodes: ['tryStaff', 'identityLocked'], detail: { documentKind, reasonClass: 'tryStaff' } });
      return { ok: true, value: { decision: 'notAccepted', reason: 'tryStaff' } };
    }

    const record = identityRecordOf(customer, await readDocumentsOnFile(tx, customer.customerId));
    const assessment = assessUnattended(request.document, record, tokyoDateOf(now), ctx.policy);
    if (assessment.accepted) {
      await tx.query('UPDATE sessions SET identity_verified_at = $2 WHERE session_id = $1', [request.sessionId, now.toISOString()]);
      await resetIdentityFailures(tx, customer.customerId);
      await logOperation(tx, {
        ...base, outcome: 'verified', reasonCodes: [assessment.basis],
        detail: { documentKind, basis: assessment.basis, fields: assessment.fields, failuresBefore: customer.identityFailures },
      });
      return { ok: true, value: { decision: 'verified', cardLocked: card.lockedAt !== null } };
    }

    const counted = await recordIdentityFailure(ctx, tx, {
      at: now, kioskId, sessionId: request.sessionId, customerId: customer.customerId, card: { cardId: card.cardId, cardMasked: card.cardMasked },
      route: 'customer', documentKind, reasonClass: assessment.refusal,
    }, ({ failures, lockedNow }) => logOperation(tx, {
      ...base, outcome: 'notAccepted', reasonCodes: [assessment.refusal, ...assessment.codes],
      detail: { documentKind, reasonClass: assessment.refusal, answered: lockedNow ? 'tryStaff' : assessment.refusal, fields: assessment.fields, failures },
    }));
    // The failure that reaches the threshold already says what every later attempt will hear.
    const answer = counted.lockedNow ? 'tryStaff' : assessment.refusal;
    return { ok: true, value: { decision: 'notAccepted', reason: answer } };
  });
}
