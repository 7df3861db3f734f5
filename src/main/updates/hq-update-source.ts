/**
 * The update source when HQ publishes (src/hq/updates/update-routes.ts):
 * kiosk-signed GETs (KIOSK-REQUEST-V2, request-signer.ts) of the manifest
 * and the artefact. Nothing here is trusted: the manifest is believed only
 * once the release signature verifies (manifest-check.ts), the bytes only
 * once their size and SHA-256 match it (artefact-download.ts). HQ's own
 * answer signature is therefore not needed here, and the artefact, a
 * stream, does not carry one.
 */
import type { KeyObject } from 'node:crypto';
import { UPDATE_PATHS } from '../../shared/updates/update-api';
import { signRequest } from '../hq-client/request-signer';
import type { SourceResult, UpdateSource } from './ports';

export interface HqUpdateSourceOptions {
  baseUrl: string;
  kioskId: string;
  privateKey: KeyObject;
  fetch: typeof fetch;
  now: () => Date;
  /** For the manifest request. */
  timeoutMs: number;
  /** For the whole artefact download (a .deb is about 100 MB). */
  downloadTimeoutMs: number;
}

export function hqUpdateSource(options: HqUpdateSourceOptions): UpdateSource {
  const base = new URL(options.baseUrl);
  const get = async (path: string, timeoutMs: number): Promise<SourceResult<Response>> => {
    const url = new URL(path, base);
    const headers = signRequest({ origin: base.origin, kioskId: options.kioskId, privateKey: options.privateKey, method: 'GET', path: url.pathname + url.search, body: undefined, now: options.now() });
    try {
      const response = await options.fetch(url, { method: 'GET', headers, signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) {
        await response.body?.cancel();
        return { ok: false, error: `HTTP ${response.status}` };
      }
      return { ok: true, value: response };
    } catch (error) {
      return { ok: false, error: (error as Error).name === 'TimeoutError' ? 'timeout' : 'network' };
    }
  };
  return {
    async fetchManifest(channel) {
      const answer = await get(`${UPDATE_PATHS.manifest}?channel=${encodeURIComponent(channel)}`, options.timeoutMs);
      if (!answer.ok) return answer;
      try {
        const json = (await answer.value.json()) as { update?: unknown };
        return { ok: true, value: json?.update ?? null };
      } catch {
        return { ok: false, error: 'badResponse' };
      }
    },
    async openArtefact(fileName) {
      const answer = await get(UPDATE_PATHS.artefact(fileName), options.downloadTimeoutMs);
      if (!answer.ok) return answer;
      const length = answer.value.headers.get('content-length');
      const body = answer.value.body;
      if (!body) return { ok: false, error: 'badResponse' };
      return { ok: true, value: { declaredLength: length !== null && /^\d+$/.test(length) ? Number(length) : null, body } };
    },
  };
}
