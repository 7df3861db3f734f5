/**
 * The check every operator route starts with (issue 8: "HQ checks the
 * operator's role and permissions on every call"). The session must be one
 * this kiosk opened with an operator card and authenticated with its PIN;
 * the operator must still be enabled; the operator's role must grant the
 * permission (src/hq/config/operator-roles.ts). A refused check is written
 * to HQ's operation log with the staff id, when there is one.
 */
import type { OperatorPermission } from '../../shared/hq-api/session';
import { findCardById, findOperator, isCardExpired, type OperatorRecord } from '../cards/card-records';
import { OPERATOR_PERMISSIONS } from '../config/operator-roles';
import { refuse, type HqContext, type Outcome } from '../context';
import type { Queryable } from '../../server-kit/db/db';
import { logOperation } from '../operation-log';
import { requireSession, type SessionRecord } from '../sessions/session-store';

export interface OperatorSession {
  session: SessionRecord;
  operator: OperatorRecord;
}

/** Whether a role's grants include a permission: the one rule, unit-tested on its own. */
export function roleGrants(role: OperatorRecord['role'], permission: OperatorPermission): boolean {
  return OPERATOR_PERMISSIONS[role].includes(permission);
}

export async function requireOperator(
  ctx: HqContext,
  q: Queryable,
  input: { kioskId: string; sessionId: string; permission: OperatorPermission; forUpdate?: boolean },
): Promise<Outcome<OperatorSession>> {
  const now = ctx.clock();
  const session = await requireSession(q, {
    sessionId: input.sessionId, kioskId: input.kioskId, now, idleMs: ctx.policy.sessionIdleMs, requirement: 'authenticated', forUpdate: input.forUpdate ?? false,
  });
  if (!session.ok) return session;
  const card = await findCardById(q, session.value.cardId);
  if (!card || card.staffId === null) return refuse('notOperatorSession', 'this operation needs a staff or technician session');
  const base = { at: now, kioskId: input.kioskId, sessionId: input.sessionId, operation: 'operatorCheck' as const, cardMasked: card.cardMasked, cardId: card.cardId };
  if (card.status !== 'active' || isCardExpired(card, now)) {
    await logOperation(q, { ...base, outcome: 'refused', reasonCodes: ['cardNotUsable'], detail: { staffId: card.staffId, permission: input.permission } });
    return refuse('cardNotUsable', 'the operator card can no longer be used');
  }
  const operator = await findOperator(q, card.staffId);
  if (!operator || !operator.enabled || !roleGrants(operator.role, input.permission)) {
    await logOperation(q, { ...base, outcome: 'refused', reasonCodes: [operator?.enabled === false ? 'operatorDisabled' : 'permissionNotGranted'], detail: { staffId: card.staffId, permission: input.permission } });
    return refuse('operatorNotPermitted', `this operator may not ${input.permission}`);
  }
  return { ok: true, value: { session: session.value, operator } };
}
