/**
 * Remote diagnostics (issue 17; migration 014): a console operator asks a
 * kiosk for its diagnostics bundle, the kiosk learns of it from the ack of
 * its next status report (`diagnosticsRequested`) and uploads the bundle
 * signed as itself (POST /v1/diagnostics/requested), which closes the
 * request. One open request per kiosk (a unique partial index); an upload
 * with no open request of that id for that kiosk is refused and stores
 * nothing. The bundle passes the same schema as a technician's (no field
 * can hold a card number, track data or a customer's name:
 * src/shared/diagnostics/diagnostics-bundle.ts).
 */
import { remoteBundleAuthor, type UploadRequestedDiagnosticsRequest, type UploadDiagnosticsResponse } from '../../shared/diagnostics/diagnostics-bundle';
import type { Queryable } from '../../server-kit/db/db';
import { refuse, type HqContext, type Outcome } from '../context';
import { logActorOperation, logOperation } from '../operation-log';

export interface OpenDiagnosticsRequest {
  requestId: string;
  requestedBy: string;
  requestedAt: string;
  /** When a status ack first carried it to the kiosk; null until then. */
  toldAt: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Opens a request, or names the one already open; false for an unknown kiosk. Logged with the operator. */
export async function requestDiagnostics(q: Queryable, kioskId: string, actor: { operatorId: number }, now: Date): Promise<{ requestId: string; created: boolean } | false> {
  const kiosk = await q.query('SELECT 1 FROM kiosks WHERE kiosk_id = $1', [kioskId]);
  if (kiosk.rows.length === 0) return false;
  const { rows } = await q.query<{ request_id: string }>(
    `INSERT INTO diagnostics_requests (kiosk_id, requested_by, requested_at) VALUES ($1, $2, $3)
     ON CONFLICT (kiosk_id) WHERE fulfilled_at IS NULL DO NOTHING RETURNING request_id::text AS request_id`,
    [kioskId, actor.operatorId, now.toISOString()],
  );
  if (rows[0]) {
    await logActorOperation(q, actor, { at: now, kioskId, operation: 'diagnosticsRequest', outcome: 'requested', detail: { requestId: rows[0].request_id } });
    return { requestId: rows[0].request_id, created: true };
  }
  const open = await openDiagnosticsRequest(q, kioskId);
  return open ? { requestId: open.requestId, created: false } : false;
}

export async function openDiagnosticsRequest(q: Queryable, kioskId: string): Promise<OpenDiagnosticsRequest | null> {
  const { rows } = await q.query<{ request_id: string; display_name: string; requested_at: Date | string; told_at: Date | string | null }>(
    `SELECT r.request_id::text AS request_id, o.display_name, r.requested_at, r.told_at
       FROM diagnostics_requests r JOIN console_operators o ON o.operator_id = r.requested_by
      WHERE r.kiosk_id = $1 AND r.fulfilled_at IS NULL`,
    [kioskId],
  );
  const r = rows[0];
  return r ? { requestId: r.request_id, requestedBy: r.display_name, requestedAt: iso(r.requested_at)!, toldAt: iso(r.told_at) } : null;
}

/** POST /v1/diagnostics/requested: the kiosk's bundle for an open request; stores it and closes the request in one transaction. */
export async function uploadRequestedDiagnostics(ctx: HqContext, kioskId: string, request: UploadRequestedDiagnosticsRequest): Promise<Outcome<UploadDiagnosticsResponse>> {
  const now = ctx.clock();
  if (request.bundle.kioskId !== kioskId) return refuse('malformedRequest', 'the bundle names another kiosk');
  if (request.bundle.createdBy !== remoteBundleAuthor(request.requestId)) return refuse('malformedRequest', `a requested bundle is created by ${remoteBundleAuthor(request.requestId)}`);
  return ctx.db.transaction(async (tx): Promise<Outcome<UploadDiagnosticsResponse>> => {
    const open = await tx.query<{ requested_by: string }>(
      'SELECT requested_by::text AS requested_by FROM diagnostics_requests WHERE request_id = $1 AND kiosk_id = $2 AND fulfilled_at IS NULL FOR UPDATE',
      [request.requestId, kioskId],
    );
    if (!open.rows[0]) {
      await logOperation(tx, { at: now, kioskId, sessionId: null, operation: 'diagnosticsUpload', outcome: 'refused', reasonCodes: ['noDiagnosticsRequest'], detail: { requestId: request.requestId } });
      return refuse('noDiagnosticsRequest', 'no open diagnostics request of that id for this kiosk');
    }
    const { rows } = await tx.query<{ bundle_id: string }>(
      'INSERT INTO diagnostics_bundles (kiosk_id, staff_id, request_id, received_at, bundle) VALUES ($1, NULL, $2, $3, $4) RETURNING bundle_id::text AS bundle_id',
      [kioskId, request.requestId, now.toISOString(), JSON.stringify(request.bundle)],
    );
    const bundleId = rows[0]!.bundle_id;
    await tx.query('UPDATE diagnostics_requests SET fulfilled_at = $2, bundle_id = $3 WHERE request_id = $1', [request.requestId, now.toISOString(), bundleId]);
    await logOperation(tx, {
      at: now, kioskId, sessionId: null, operation: 'diagnosticsUpload', outcome: 'stored',
      detail: { requestId: request.requestId, requestedBy: Number(open.rows[0].requested_by), bundleId },
    });
    return { ok: true, value: { stored: true, bundleId, receivedAt: now.toISOString() } };
  });
}

export interface BundleSummary {
  bundleId: string;
  receivedAt: string;
  /** The technician who made it, or null for a kiosk's own upload. */
  staffId: string | null;
  requestId: string | null;
  /** The console operator who asked, for a requested bundle. */
  requestedBy: string | null;
}

/** The kiosk's newest bundles first (index diagnostics_bundles_kiosk). */
export async function listBundles(q: Queryable, kioskId: string, limit = 20): Promise<BundleSummary[]> {
  const { rows } = await q.query<{ bundle_id: string; received_at: Date | string; staff_id: string | null; request_id: string | null; display_name: string | null }>(
    `SELECT b.bundle_id::text AS bundle_id, b.received_at, b.staff_id, b.request_id::text AS request_id, o.display_name
       FROM diagnostics_bundles b
       LEFT JOIN diagnostics_requests r ON r.request_id = b.request_id
       LEFT JOIN console_operators o ON o.operator_id = r.requested_by
      WHERE b.kiosk_id = $1 ORDER BY b.received_at DESC, b.bundle_id DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
    [kioskId],
  );
  return rows.map((r) => ({ bundleId: r.bundle_id, receivedAt: iso(r.received_at)!, staffId: r.staff_id, requestId: r.request_id, requestedBy: r.display_name }));
}

/** One bundle of this kiosk (another kiosk's id answers null), with the JSON as stored. */
export async function readBundle(q: Queryable, kioskId: string, bundleId: string): Promise<(BundleSummary & { bundle: unknown }) | null> {
  if (!/^[1-9][0-9]{0,17}$/.test(bundleId)) return null;
  const { rows } = await q.query<{ bundle_id: string; received_at: Date | string; staff_id: string | null; request_id: string | null; display_name: string | null; bundle: unknown }>(
    `SELECT b.bundle_id::text AS bundle_id, b.received_at, b.staff_id, b.request_id::text AS request_id, o.display_name, b.bundle
       FROM diagnostics_bundles b
       LEFT JOIN diagnostics_requests r ON r.request_id = b.request_id
       LEFT JOIN console_operators o ON o.operator_id = r.requested_by
      WHERE b.kiosk_id = $1 AND b.bundle_id = $2`,
    [kioskId, bundleId],
  );
  const r = rows[0];
  return r ? { bundleId: r.bundle_id, receivedAt: iso(r.received_at)!, staffId: r.staff_id, requestId: r.request_id, requestedBy: r.display_name, bundle: r.bundle } : null;
}
