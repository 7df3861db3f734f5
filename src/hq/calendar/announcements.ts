/**
 * Announced maintenance (DOMAIN.md, "Hours and maintenance": unscheduled
 * server maintenance can be announced at any time). An announcement joins
 * the calendar of one kiosk, or of every kiosk, and each kiosk's status
 * computation (src/shared/domain/calendar) turns it into a maintenance
 * window; the kiosks pick it up with their next calendar refresh.
 */
import { randomUUID } from 'node:crypto';
import { AnnouncementSchema } from '../../shared/domain/calendar';
import type { CreateAnnouncementRequest, CreateAnnouncementResponse, WithdrawAnnouncementResponse } from '../../shared/hq-api/calendar';
import { addAnnouncement } from '../accounts/account-admin';
import { refuse, type HqContext, type Outcome } from '../context';
import type { Queryable } from '../../server-kit/db/db';
import { logActorOperation, type Actor } from '../operation-log';

/** Stores an announcement and its operation-log row (who announced: issue 17) in one transaction. */
export async function announce(ctx: HqContext, request: CreateAnnouncementRequest, actor: Actor): Promise<Outcome<CreateAnnouncementResponse>> {
  const { kioskId, ...rest } = request;
  // The calendar's own rule for announcements, so HQ never stores one a kiosk would refuse.
  const checked = AnnouncementSchema.safeParse({ id: randomUUID(), ...rest });
  if (!checked.success) return refuse('malformedRequest', checked.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  if (kioskId !== null) {
    const { rows } = await ctx.db.query('SELECT 1 FROM kiosks WHERE kiosk_id = $1', [kioskId]);
    if (rows.length === 0) return refuse('notFound', `no kiosk ${kioskId}`);
  }
  const a = checked.data;
  await ctx.db.transaction(async (tx) => {
    await addAnnouncement(tx, { id: a.id, kioskId, startsAt: new Date(a.startsAt), endsAt: new Date(a.endsAt), messageJa: a.messageJa, messageEn: a.messageEn });
    await logActorOperation(tx, actor, {
      at: ctx.clock(), kioskId, operation: 'announcement', outcome: 'announced',
      detail: { announcementId: a.id, startsAt: a.startsAt, endsAt: a.endsAt },
    });
  });
  ctx.log.info({ announcementId: a.id, kioskId, startsAt: a.startsAt, endsAt: a.endsAt }, 'maintenance announced');
  return { ok: true, value: { announcementId: a.id, kioskId } };
}

/**
 * Withdraws an announcement: kiosks drop it at their next calendar refresh
 * and return to service if nothing else holds them. Withdrawing one already
 * withdrawn answers as the first time did, so an operator's retry is safe.
 */
export async function withdrawAnnouncement(ctx: HqContext, announcementId: string, actor: Actor): Promise<Outcome<WithdrawAnnouncementResponse>> {
  const now = ctx.clock();
  const row = await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ kiosk_id: string | null; withdrawn_at: Date }>(
      `UPDATE service_announcements SET withdrawn_at = COALESCE(withdrawn_at, $2) WHERE announcement_id = $1 RETURNING kiosk_id, withdrawn_at`,
      [announcementId, now.toISOString()]);
    const found = rows[0];
    if (found) {
      // A retry is logged too (outcome 'alreadyWithdrawn'): the log records what each person did.
      const first = new Date(found.withdrawn_at).getTime() === now.getTime();
      await logActorOperation(tx, actor, { at: now, kioskId: found.kiosk_id, operation: 'announcementWithdrawal', outcome: first ? 'withdrawn' : 'alreadyWithdrawn', detail: { announcementId } });
    }
    return found;
  });
  if (!row) return refuse('notFound', `no announcement ${announcementId}`);
  ctx.log.info({ announcementId, kioskId: row.kiosk_id }, 'maintenance announcement withdrawn');
  return { ok: true, value: { announcementId, kioskId: row.kiosk_id, withdrawnAt: new Date(row.withdrawn_at).toISOString() } };
}

export interface AnnouncementRow {
  announcementId: string;
  kioskId: string | null;
  startsAt: Date;
  endsAt: Date;
  messageJa: string;
  messageEn: string;
}

/** Announcements not yet over at `now` and not withdrawn, soonest first: what the operator console lists. */
export async function announcementsNotOver(q: Queryable, now: Date, limit = 50): Promise<AnnouncementRow[]> {
  const { rows } = await q.query<{ announcement_id: string; kiosk_id: string | null; starts_at: Date; ends_at: Date; message_ja: string; message_en: string }>(
    `SELECT announcement_id, kiosk_id, starts_at, ends_at, message_ja, message_en FROM service_announcements
      WHERE ends_at > $1 AND withdrawn_at IS NULL ORDER BY starts_at, announcement_id LIMIT $2`, [now.toISOString(), limit]);
  return rows.map((r) => ({
    announcementId: r.announcement_id, kioskId: r.kiosk_id, startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at), messageJa: r.message_ja, messageEn: r.message_en,
  }));
}
