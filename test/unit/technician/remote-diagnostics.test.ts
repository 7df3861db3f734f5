/** The kiosk's side of remote diagnostics (src/main/technician/remote-diagnostics.ts, issue 17). */
import { describe, expect, it } from 'vitest';
import { RemoteDiagnostics } from '../../../src/main/technician/remote-diagnostics';
import type { HqResult } from '../../../src/main/hq-client/hq-client';
import type { DiagnosticsBundle, UploadDiagnosticsResponse } from '../../../src/shared/diagnostics/diagnostics-bundle';

function rig(answers: HqResult<UploadDiagnosticsResponse>[]) {
  const built: string[] = [];
  const uploads: { requestId: string; createdBy: string }[] = [];
  const logs: string[] = [];
  const remote = new RemoteDiagnostics({
    buildBundle: async (createdBy) => { built.push(createdBy); return { createdBy } as DiagnosticsBundle; },
    upload: async ({ requestId, bundle }) => {
      uploads.push({ requestId, createdBy: bundle.createdBy });
      return answers.shift() ?? { ok: false, error: { kind: 'unreachable', detail: 'no answer scripted' } };
    },
    logger: { info: (_o: unknown, m: string) => { logs.push(m); }, warn: (_o: unknown, m: string) => { logs.push(m); } } as never,
  });
  return { remote, built, uploads, logs };
}
const stored: HqResult<UploadDiagnosticsResponse> = { ok: true, value: { stored: true, bundleId: '7', receivedAt: '2026-06-10T03:00:00.000Z' } };

describe('RemoteDiagnostics', () => {
  it('does nothing for an ack that names no request', async () => {
    const r = rig([]);
    await r.remote.onAck({});
    expect(r.built).toEqual([]);
  });

  it('builds the bundle as made for the request and uploads it once', async () => {
    const r = rig([stored]);
    await r.remote.onAck({ diagnosticsRequested: '12' });
    await r.remote.onAck({ diagnosticsRequested: '12' });
    expect(r.uploads).toEqual([{ requestId: '12', createdBy: 'HQ-REQUEST-12' }]);
  });

  it('tries again at the next ack after a failed upload, not after HQ says the request is closed', async () => {
    const r = rig([
      { ok: false, error: { kind: 'unreachable', detail: 'down' } },
      { ok: false, error: { kind: 'http', status: 409, code: 'noDiagnosticsRequest', message: 'closed' } },
    ]);
    await r.remote.onAck({ diagnosticsRequested: '3' });
    await r.remote.onAck({ diagnosticsRequested: '3' });
    await r.remote.onAck({ diagnosticsRequested: '3' });
    expect(r.uploads.map((u) => u.requestId)).toEqual(['3', '3']);
  });

  it('keeps one upload in flight: an ack during it starts nothing', async () => {
    const r = rig([stored, stored]);
    const first = r.remote.onAck({ diagnosticsRequested: '4' });
    const second = r.remote.onAck({ diagnosticsRequested: '4' });
    await Promise.all([first, second]);
    expect(r.uploads).toHaveLength(1);
  });

  it('does not upload when the bundle cannot be built (the schema refused it)', async () => {
    const r = rig([stored]);
    const remote = new RemoteDiagnostics({
      buildBundle: async () => { throw new Error('diagnostics bundle refused: health.os'); },
      upload: async () => { throw new Error('must not upload'); },
      logger: { info: () => undefined, warn: () => undefined } as never,
    });
    await remote.onAck({ diagnosticsRequested: '5' });
    expect(r.uploads).toEqual([]);
  });
});
