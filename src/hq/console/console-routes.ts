/**
 * HQ's operator console at /console: the fleet view, its alerts and
 * maintenance announcements in a browser, for the people who run the
 * machines (the JSON routes under /admin stay for scripts and bootstrap).
 *
 * - Named operators sign in with a login and password (issue 17,
 *   src/hq/operators); the session, the origin check, the CSRF token and
 *   the role of each route are console-session.ts.
 * - Every state-changing action is in HQ's operation log with the
 *   operator's id.
 * - Every response forbids scripts, framing and caching (CSP, no-store):
 *   the page shows kiosk-reported text, escaped by `html`, and nothing else
 *   may run.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseTokyoLocalDateTime } from '../../shared/domain/calendar';
import { CreateAnnouncementRequest } from '../../shared/hq-api/calendar';
import { announce, announcementsNotOver, withdrawAnnouncement } from '../calendar/announcements';
import type { HqContext } from '../context';
import { acknowledgeFleetAlert, openFleetAlerts } from '../fleet/fleet-alerts';
import { readFleet } from '../fleet/fleet-service';
import { FleetQuery, triageFleet } from '../fleet/fleet-triage';
import { operatorAccountRoutes } from './operator-account-routes';
import { alertRoutes } from './alert-routes';
import { oidcRoutes } from './oidc-routes';
import { OidcSignIn } from '../operators/oidc-sign-in';
import type { OidcSettings } from '../config/oidc-config';
import { kioskProvisioningRoutes } from './kiosk-provisioning-routes';
import { kioskHistoryRoutes } from './kiosk-history-routes';
import { consoleGuard, consoleSessionHook } from './console-session';
import { defaultAnnouncementForm, renderAnnouncePage, renderFleetPage, type AnnouncementForm, type Flash } from './console-page';
import { CONSOLE_CSS } from './console-style';
import type { ScryptCost } from '../keys/scrypt-hash';

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  // Not no-referrer: under it Chromium sends `Origin: null` with the console's own form posts, which the origin check must refuse.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
} as const;

/** Longest value kept from a form field: the schema allows 500 characters; more is refused there, not cut here. */
const FIELD_MAX = 2000;

export interface ConsoleRoutesOptions {
  ctx: HqContext;
  /** HQ's origin as browsers see it (`https://hq.example`), behind a TLS-terminating proxy; else the request's own (docs/hq.md). */
  publicOrigin?: string;
  /** scrypt cost for passwords set from the console (tests pass a cheap one). */
  passwordCost?: ScryptCost;
  /** Whether alerts are posted to a webhook (the alert page shows delivery state). */
  webhookConfigured?: boolean;
  /** Single sign-on through OpenID Connect (config/oidc-config.ts); none: passwords only. */
  oidc?: OidcSettings;
}

export async function consoleRoutes(app: FastifyInstance, options: ConsoleRoutesOptions): Promise<void> {
  const { ctx } = options;

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.decorateRequest('consoleViewer', null);
  app.addHook('onRequest', async (_request, reply) => { void reply.headers(SECURITY_HEADERS); });
  app.addHook('onRequest', consoleSessionHook(ctx.db, ctx.clock, options.publicOrigin));
  app.addHook('preHandler', consoleGuard);
  const operatorRole = { consoleRole: 'operator' as const };
  const viewerOf = (request: FastifyRequest) => request.consoleViewer!;
  const actorOf = (request: FastifyRequest) => ({ operatorId: viewerOf(request).operatorId });

  const sendPage = (reply: FastifyReply, code: number, page: string) => reply.code(code).type('text/html; charset=utf-8').send(page);
  const fleetPage = async (request: FastifyRequest, flash?: Flash) => renderFleetPage({
    fleet: await triageFleet(ctx.db, FleetQuery.parse(request.query ?? {}), ctx.clock()),
    announcements: await announcementsNotOver(ctx.db, ctx.clock()), alerts: await openFleetAlerts(ctx.db), flash, viewer: viewerOf(request),
  });
  const announcePage = async (request: FastifyRequest, form: AnnouncementForm, flash?: Flash) => renderAnnouncePage({
    fleet: await readFleet(ctx), form, flash, viewer: viewerOf(request),
  });

  app.get('/console', { schema: { hide: true } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const flash = typeof query.announced === 'string' ? { kind: 'ok' as const, ja: 'お知らせを登録しました。', en: 'The announcement is saved.' }
      : typeof query.withdrawn === 'string' ? { kind: 'ok' as const, ja: 'お知らせを取り消しました。端末は30秒以内にサービスを再開します。', en: 'The announcement is withdrawn; kiosks resume service within 30 seconds.' }
        : typeof query.acknowledged === 'string' ? { kind: 'ok' as const, ja: '警告を確認済みにしました。', en: 'The alert is acknowledged.' }
          : undefined;
    return sendPage(reply, 200, await fleetPage(request, flash));
  });

  app.get('/console/announce', { schema: { hide: true }, config: operatorRole }, async (request, reply) => sendPage(reply, 200, await announcePage(request, defaultAnnouncementForm(ctx.clock()))));

  app.get('/console/console.css', { schema: { hide: true } }, async (_request, reply) => reply.type('text/css; charset=utf-8').send(CONSOLE_CSS));

  app.post('/console/announcements', { schema: { hide: true }, config: operatorRole }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const field = (name: keyof AnnouncementForm) => (typeof body[name] === 'string' ? (body[name] as string).slice(0, FIELD_MAX) : '');
    const form: AnnouncementForm = { target: field('target'), startsAt: field('startsAt'), endsAt: field('endsAt'), messageJa: field('messageJa'), messageEn: field('messageEn') };
    // The form comes back as typed, so a refusal loses nothing.
    const refused = async (ja: string, en: string) => sendPage(reply, 400, await announcePage(request, form, { kind: 'error', ja, en }));

    const startsAt = parseTokyoLocalDateTime(form.startsAt);
    const endsAt = parseTokyoLocalDateTime(form.endsAt);
    if (startsAt === null || endsAt === null) return refused('開始と終了の日時を入力してください。', 'Enter the start and the end as a date and a time.');
    const parsed = CreateAnnouncementRequest.safeParse({
      kioskId: form.target === 'all' ? null : form.target,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      messageJa: form.messageJa.trim(),
      messageEn: form.messageEn.trim(),
    });
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(form)'}: ${i.message}`).join('; ');
      return refused('入力内容を確認してください。', `Check the form: ${detail}`);
    }
    const outcome = await announce(ctx, parsed.data, actorOf(request));
    if (!outcome.ok) {
      if (outcome.code === 'notFound') return refused('その端末は登録されていません。', `No kiosk ${form.target} is enrolled.`);
      // The calendar's own announcement rule (AnnouncementSchema: order, at most 366 days), checked in `announce`.
      if (outcome.code === 'malformedRequest') return refused('入力内容を確認してください。', `Check the form: ${outcome.message}`);
      return refused('お知らせを登録できませんでした。', `The announcement was not saved: ${outcome.message}`);
    }
    // Post/redirect/get: a reload of the result does not announce twice.
    return reply.redirect(`/console?announced=${encodeURIComponent(outcome.value.announcementId)}`, 303);
  });

  app.post('/console/announcements/:announcementId/withdraw', { schema: { hide: true }, config: operatorRole }, async (request, reply) => {
    const { announcementId } = request.params as { announcementId: string };
    const outcome = await withdrawAnnouncement(ctx, announcementId, actorOf(request));
    if (!outcome.ok) {
      return sendPage(reply, 404, await fleetPage(request, { kind: 'error', ja: 'そのお知らせは見つかりません。', en: 'No such announcement.' }));
    }
    return reply.redirect(`/console?withdrawn=${encodeURIComponent(announcementId)}`, 303);
  });

  app.post('/console/alerts/:alertId/acknowledge', { schema: { hide: true }, config: operatorRole }, async (request, reply) => {
    const alertId = Number((request.params as { alertId: string }).alertId);
    const done = Number.isSafeInteger(alertId) && alertId > 0 && await acknowledgeFleetAlert(ctx.db, alertId, ctx.clock(), actorOf(request));
    if (!done) return sendPage(reply, 404, await fleetPage(request, { kind: 'error', ja: 'その警告は見つからないか、確認済みです。', en: 'No such open alert.' }));
    return reply.redirect(`/console?acknowledged=${alertId}`, 303);
  });

  await operatorAccountRoutes(app, { ctx, passwordCost: options.passwordCost, sendPage, sso: Boolean(options.oidc) });
  if (options.oidc) await oidcRoutes(app, { ctx, sso: new OidcSignIn(options.oidc) });
  await alertRoutes(app, { ctx, webhookConfigured: options.webhookConfigured ?? false, sendPage });
  await kioskProvisioningRoutes(app, { ctx, sendPage });
  await kioskHistoryRoutes(app, { ctx, sendPage });
}
