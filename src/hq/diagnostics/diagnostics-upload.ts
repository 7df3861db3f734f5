/**
 * POST /v1/diagnostics: a technician's diagnostics bundle, stored per kiosk
 * (issue 8, "upload it to HQ"). The body was validated against the shared
 * schema (no personal data fits in it); HQ also refuses a bundle that names
 * another kiosk, and checks the technician's permission like every operator
 * route.
 */
import type { UploadDiagnosticsRequest, UploadDiagnosticsResponse } from '../../shared/diagnostics/diagnostics-bundle';
import { refuse, type HqContext, type Outcome } from '../context';
import { logOperation } from '../operation-log';
import { requireOperator } from '../staff/operator-session';

export async function uploadDiagnostics(ctx: HqContext, kioskId: string, request: UploadDiagnosticsRequest): Promise<Outcome<UploadDiagnosticsResponse>> {
  const now = ctx.clock();
  if (request.bundle.kioskId !== kioskId) return refuse('malformedRequest', 'the bundle names another kiosk');
  return ctx.db.transaction(async (tx): Promise<Outcome<UploadDiagnosticsResponse>> => {
    const op = await requireOperator(ctx, tx, { kioskId, sessionId: request.sessionId, permission: 'runDiagnostics' });
    if (!op.ok) return op;
    if (request.bundle.createdBy !== op.value.operator.staffId) return refuse('malformedRequest', 'the bundle names another technician');
    const { rows } = await tx.query<{ bundle_id: string }>(
      'INSERT INTO diagnostics_bundles (kiosk_id, staff_id, received_at, bundle) VALUES ($1, $2, $3, $4) RETURNING bundle_id::text AS bundle_id',
      [kioskId, op.value.operator.staffId, now.toISOString(), JSON.stringify(request.bundle)],
    );
    const bundleId = String(rows[0]!.bundle_id);
    await logOperation(tx, { at: now, kioskId, sessionId: request.sessionId, operation: 'diagnosticsUpload', outcome: 'stored', detail: { staffId: op.value.operator.staffId, bundleId } });
    return { ok: true, value: { stored: true, bundleId, receivedAt: now.toISOString() } };
  });
}
