/** POST /v1/session/end: the kiosk closes the session (card returned or captured, customer gone). Idempotent. */
import type { EndSessionResponse, SessionRequest } from '../../shared/hq-api/session';
import { refuse, type HqContext, type Outcome } from '../context';
import { logOperation } from '../operation-log';
import { endSession, readSession } from './session-store';

export async function endKioskSession(ctx: HqContext, kioskId: string, request: SessionRequest): Promise<Outcome<EndSessionResponse>> {
  const now = ctx.clock();
  return ctx.db.transaction(async (tx): Promise<Outcome<EndSessionResponse>> => {
    const session = await readSession(tx, request.sessionId, { forUpdate: true });
    if (!session || session.kioskId !== kioskId) return refuse('sessionNotFound', 'no such session for this kiosk');
    if (!session.endedAt) {
      await endSession(tx, request.sessionId, now);
      await logOperation(tx, { at: now, kioskId, sessionId: request.sessionId, operation: 'sessionEnd', outcome: 'ended', cardId: session.cardId });
    }
    return { ok: true, value: { ended: true } };
  });
}
