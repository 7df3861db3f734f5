/**
 * The console's alert routes (issue 17): `GET /console/alerts?kind=` lists
 * the open alerts (any signed-in operator), and a journal tamper alert is
 * acknowledged at `POST /console/journal-alerts/:id/acknowledge` (operator
 * role, CSRF and origin checked by console-session.ts), logged with the
 * operator's id (issue 19: "tamper alerts can be acknowledged"). Fleet
 * alerts are acknowledged by the console's existing
 * `POST /console/alerts/:id/acknowledge` (console-routes.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HqContext } from '../context';
import { alertDeliveries } from '../fleet/alert-webhook';
import { FleetAlertKind, openFleetAlertCountsByKind, openFleetAlerts } from '../fleet/fleet-alerts';
import { acknowledgeJournalAlert, openJournalAlerts } from '../journal-ingest/journal-positions';
import { renderAlertPage, type AlertFilter } from './alert-page';
import type { Flash } from './console-layout';

/** At most this many of each list on the page (oldest first); the filter narrows it. */
const PAGE_LIMIT = 200;

export interface AlertRoutesOptions {
  ctx: HqContext;
  webhookConfigured: boolean;
  sendPage: (reply: FastifyReply, code: number, page: string) => FastifyReply;
}

function filterOf(query: unknown): AlertFilter | null {
  const kind = (query as Record<string, unknown> | undefined)?.kind;
  if (kind === undefined || kind === '' || kind === 'all') return 'all';
  if (kind === 'tamper') return 'tamper';
  const parsed = FleetAlertKind.safeParse(kind);
  return parsed.success ? parsed.data : null;
}

export async function alertRoutes(app: FastifyInstance, options: AlertRoutesOptions): Promise<void> {
  const { ctx, sendPage } = options;

  const page = async (request: FastifyRequest, filter: AlertFilter, flash?: Flash) => {
    const fleetAlerts = filter === 'tamper' ? [] : await openFleetAlerts(ctx.db, { ...(filter === 'all' ? {} : { kind: filter }), limit: PAGE_LIMIT });
    const allTamper = await openJournalAlerts(ctx.db);
    return renderAlertPage({
      at: ctx.clock().toISOString(), filter, fleetAlerts,
      deliveries: await alertDeliveries(ctx.db, fleetAlerts.map((a) => a.id)),
      tamperAlerts: filter === 'all' || filter === 'tamper' ? allTamper.slice(0, PAGE_LIMIT) : [],
      counts: await openFleetAlertCountsByKind(ctx.db), tamperCount: allTamper.length,
      webhookConfigured: options.webhookConfigured, flash, viewer: request.consoleViewer!,
    });
  };

  app.get('/console/alerts', { schema: { hide: true } }, async (request, reply) => {
    const filter = filterOf(request.query);
    if (filter === null) {
      return sendPage(reply, 400, await page(request, 'all', { kind: 'error', ja: 'その種類の警告はありません。', en: 'No such alert kind; showing all.' }));
    }
    const acknowledged = (request.query as Record<string, unknown>).acknowledged !== undefined;
    return sendPage(reply, 200, await page(request, filter, acknowledged ? { kind: 'ok', ja: '警告を確認済みにしました。', en: 'The alert is acknowledged.' } : undefined));
  });

  app.post('/console/journal-alerts/:alertId/acknowledge', { schema: { hide: true }, config: { consoleRole: 'operator' } }, async (request, reply) => {
    const alertId = Number((request.params as { alertId: string }).alertId);
    const done = Number.isSafeInteger(alertId) && alertId > 0
      && await acknowledgeJournalAlert(ctx.db, alertId, ctx.clock(), { operatorId: request.consoleViewer!.operatorId });
    if (!done) return sendPage(reply, 404, await page(request, 'tamper', { kind: 'error', ja: 'その警告は見つからないか、確認済みです。', en: 'No such open tamper alert.' }));
    return reply.redirect(`/console/alerts?kind=tamper&acknowledged=${alertId}`, 303);
  });
}
