/**
 * Remote diagnostics (issue 17): when HQ's ack of a status report names a
 * console operator's request (`diagnosticsRequested`), the kiosk builds its
 * diagnostics bundle the way a technician's is built (TechnicianTools:
 * validated against the shared schema, so no personal data can be in it)
 * and uploads it signed as the kiosk. One upload at a time; a request HQ
 * says is no longer open (409 `noDiagnosticsRequest`) or already uploaded is
 * not tried again; any other failure is tried again at the next ack that
 * still names it.
 */
import { remoteBundleAuthor, type DiagnosticsBundle, type UploadDiagnosticsResponse } from '../../shared/diagnostics/diagnostics-bundle';
import type { KioskStatusAck } from '../../shared/hq-api/kiosk-status';
import type { HqResult } from '../hq-client/hq-client';
import type { Logger } from '../logging/logger';

export interface RemoteDiagnosticsOptions {
  buildBundle: (createdBy: string) => Promise<DiagnosticsBundle>;
  upload: (input: { requestId: string; bundle: DiagnosticsBundle }) => Promise<HqResult<UploadDiagnosticsResponse>>;
  logger: Pick<Logger, 'info' | 'warn'>;
}

export class RemoteDiagnostics {
  #inFlight: Promise<void> | null = null;
  readonly #done = new Set<string>();

  constructor(private readonly options: RemoteDiagnosticsOptions) {}

  /** Called with every status ack; starts an upload when it names a request not yet answered. Resolves when that upload is settled. */
  onAck(ack: Pick<KioskStatusAck, 'diagnosticsRequested'>): Promise<void> {
    const requestId = ack.diagnosticsRequested;
    if (!requestId || this.#done.has(requestId) || this.#inFlight) return this.#inFlight ?? Promise.resolve();
    this.#inFlight = this.#fulfil(requestId).finally(() => { this.#inFlight = null; });
    return this.#inFlight;
  }

  async #fulfil(requestId: string): Promise<void> {
    const { logger } = this.options;
    let bundle: DiagnosticsBundle;
    try {
      bundle = await this.options.buildBundle(remoteBundleAuthor(requestId));
    } catch (error) {
      logger.warn({ requestId, error: (error as Error).message }, 'requested diagnostics bundle not built');
      return;
    }
    const answer = await this.options.upload({ requestId, bundle });
    if (answer.ok) {
      this.#done.add(requestId);
      logger.info({ requestId, bundleId: answer.value.bundleId }, 'requested diagnostics bundle uploaded');
    } else if (answer.error.kind === 'http' && answer.error.code === 'noDiagnosticsRequest') {
      this.#done.add(requestId);
      logger.info({ requestId }, 'diagnostics request no longer open at HQ');
    } else {
      logger.warn({ requestId, error: answer.error.kind }, 'requested diagnostics bundle not uploaded; tried again at the next status report');
    }
  }
}
