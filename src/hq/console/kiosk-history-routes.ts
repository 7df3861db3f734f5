/**
 * The console's per-kiosk pages (issue 17): a kiosk's last 7 days and its
 * diagnostics bundles (any signed-in operator, viewer included), one bundle
 * read back as escaped HTML, and the request for a new bundle (operator
 * role; CSRF and origin checked by console-session.ts like every console
 * post; in the operation log with the operator's id).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HqContext } from '../context';
import { listBundles, openDiagnosticsRequest, readBundle, requestDiagnostics } from '../diagnostics/diagnostics-requests';
import { readKioskHistory } from '../fleet/kiosk-history';
import { renderBundlePage } from './bundle-page';
import type { Flash } from './console-layout';
import { renderKioskPage, type KioskSummary } from './kiosk-page';

export interface KioskHistoryRoutesOptions {
  ctx: HqContext;
  sendPage: (reply: FastifyReply, code: number, page: string) => FastifyReply;
}

const plainNotFound = (reply: FastifyReply) => reply.code(404).type('text/plain; charset=utf-8').send('その端末または診断データは見つかりません。 / No such kiosk or bundle.');

export async function kioskHistoryRoutes(app: FastifyInstance, { ctx, sendPage }: KioskHistoryRoutesOptions): Promise<void> {
  const operatorRole = { consoleRole: 'operator' as const };

  const kioskSummary = async (kioskId: string): Promise<KioskSummary | null> => {
    const { rows } = await ctx.db.query<{ kiosk_id: string; enabled: boolean; software_version: string | null; last_contact_at: Date | string | null; out_of_service: boolean | null }>(
      'SELECT kiosk_id, enabled, software_version, last_contact_at, out_of_service FROM kiosks WHERE kiosk_id = $1',
      [kioskId],
    );
    const r = rows[0];
    return r ? { kioskId: r.kiosk_id, enabled: r.enabled, softwareVersion: r.software_version, lastContactAt: r.last_contact_at ? new Date(r.last_contact_at).toISOString() : null, outOfService: r.out_of_service } : null;
  };

  const kioskPage = async (request: FastifyRequest, reply: FastifyReply, kiosk: KioskSummary, code: number, flash?: Flash) => {
    const now = ctx.clock();
    return sendPage(reply, code, renderKioskPage({
      at: now.toISOString(), kiosk, viewer: request.consoleViewer!, flash,
      history: await readKioskHistory(ctx.db, kiosk.kioskId, now),
      bundles: await listBundles(ctx.db, kiosk.kioskId),
      openRequest: await openDiagnosticsRequest(ctx.db, kiosk.kioskId),
    }));
  };

  app.get('/console/kiosks/:kioskId', { schema: { hide: true } }, async (request, reply) => {
    const kiosk = await kioskSummary((request.params as { kioskId: string }).kioskId);
    if (!kiosk) return plainNotFound(reply);
    const query = request.query as Record<string, unknown>;
    const flash = query.requested === 'new' ? { kind: 'ok' as const, ja: '診断データを依頼しました。端末の次の状態報告で伝えます。', en: 'Bundle requested; the kiosk is told at its next status report.' }
      : query.requested === 'open' ? { kind: 'ok' as const, ja: '依頼はすでに出ています。', en: 'A request is already open for this kiosk.' }
        : undefined;
    return kioskPage(request, reply, kiosk, 200, flash);
  });

  app.get('/console/kiosks/:kioskId/bundles/:bundleId', { schema: { hide: true } }, async (request, reply) => {
    const { kioskId, bundleId } = request.params as { kioskId: string; bundleId: string };
    const found = await readBundle(ctx.db, kioskId, bundleId);
    if (!found) return plainNotFound(reply);
    const { bundle, ...summary } = found;
    return sendPage(reply, 200, renderBundlePage({ at: ctx.clock().toISOString(), kioskId, summary, bundle, viewer: request.consoleViewer! }));
  });

  app.post('/console/kiosks/:kioskId/diagnostics-requests', { schema: { hide: true }, config: operatorRole }, async (request, reply) => {
    const kioskId = (request.params as { kioskId: string }).kioskId;
    const outcome = await ctx.db.transaction((tx) => requestDiagnostics(tx, kioskId, { operatorId: request.consoleViewer!.operatorId }, ctx.clock()));
    if (!outcome) return plainNotFound(reply);
    // Post/redirect/get: a reload does not ask twice (and a second request while one is open is the same request).
    return reply.redirect(`/console/kiosks/${encodeURIComponent(kioskId)}?requested=${outcome.created ? 'new' : 'open'}`, 303);
  });
}
