/**
 * Downloads an artefact into the kiosk's data folder and proves it is the
 * one the signed manifest names (issue 16): written to `<name>.part`,
 * counted and hashed (SHA-256, FIPS 180-4) as it arrives, and stopped as
 * soon as it grows past the signed size; only a file of exactly the signed
 * size and hash is fsynced and renamed to its name. Anything else is
 * deleted, so a half or forged file is never left where the installer
 * looks.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { UpdateManifest } from '../../shared/updates/update-manifest';
import type { UpdateSource } from './ports';

export type DownloadResult =
  | { ok: true; path: string }
  | { ok: false; reason: 'downloadFailed' | 'truncated' | 'sizeMismatch' | 'hashMismatch' };

export async function downloadArtefact(source: UpdateSource, manifest: UpdateManifest, folder: string): Promise<DownloadResult> {
  const { fileName, size, sha256 } = manifest.artefact;
  mkdirSync(folder, { recursive: true, mode: 0o750 });
  const finalPath = join(folder, fileName);
  const partPath = `${finalPath}.part`;
  const opened = await source.openArtefact(fileName);
  if (!opened.ok) return { ok: false, reason: 'downloadFailed' };
  // A server that announces another length is not serving the signed file; nothing is written.
  if (opened.value.declaredLength !== null && opened.value.declaredLength !== size) return { ok: false, reason: 'sizeMismatch' };
  const hash = createHash('sha256');
  let received = 0;
  const fd = openSync(partPath, 'w', 0o640);
  let outcome: DownloadResult | null = null;
  try {
    for await (const chunk of opened.value.body) {
      received += chunk.byteLength;
      if (received > size) { outcome = { ok: false, reason: 'sizeMismatch' }; break; }
      hash.update(chunk);
      writeSync(fd, chunk);
    }
    if (!outcome && received < size) outcome = { ok: false, reason: 'truncated' };
    if (!outcome && hash.digest('hex') !== sha256) outcome = { ok: false, reason: 'hashMismatch' };
    if (!outcome) fsyncSync(fd);
  } catch {
    // The connection dropped mid-body: what arrived is less than signed.
    outcome = { ok: false, reason: received < size ? 'truncated' : 'downloadFailed' };
  } finally {
    closeSync(fd);
  }
  if (outcome) {
    rmSync(partPath, { force: true });
    return outcome;
  }
  renameSync(partPath, finalPath);
  return { ok: true, path: finalPath };
}
