/**
 * The installer port for the .deb (issue 16; docs/deploy.md, "Updates"). The
 * kiosk runs unprivileged and cannot install a package; it writes an install
 * request into its updates folder (the signed manifest text and its
 * signature, then `install-request.ready` last, each file replaced
 * atomically) and a root-owned systemd path unit
 * (build/linux/system/contract-kiosk-update.path) starts the oneshot that
 * verifies the signature and the artefact again, runs apt-get and restarts
 * the kiosk. The artefact must already be in that folder under the
 * manifest's file name, which is where artefact-download.ts puts it.
 */
import { writeFileSync, renameSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { InstallerPort, InstallRequest } from './ports';

export const INSTALL_REQUEST_FILES = { text: 'install-request.txt', signature: 'install-request.sig', ready: 'install-request.ready' } as const;

function writeAtomically(path: string, content: string): void {
  const temp = `${path}.tmp`;
  writeFileSync(temp, content, { mode: 0o640 });
  renameSync(temp, path);
}

export function debInstaller(folder: string): InstallerPort {
  return {
    async install(request: InstallRequest) {
      if (resolve(dirname(request.artefactPath)) !== resolve(folder) || !basename(request.artefactPath).endsWith('.deb')) {
        return { ok: false, error: 'the .deb installer takes a .deb in the updates folder only' };
      }
      try {
        writeAtomically(join(folder, INSTALL_REQUEST_FILES.text), request.manifestText);
        writeAtomically(join(folder, INSTALL_REQUEST_FILES.signature), request.signature);
        writeAtomically(join(folder, INSTALL_REQUEST_FILES.ready), `${request.kind} ${request.version}\n`);
        return { ok: true };
      } catch (error) {
        return { ok: false, error: (error as NodeJS.ErrnoException).code ?? 'write failed' };
      }
    },
  };
}
