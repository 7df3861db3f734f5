/**
 * Where a technician may write a diagnostics bundle (issue 8: "export ... to
 * a chosen folder"): the kiosk's own diagnostics folder, and every removable
 * drive mounted under the usual places (`/media/<user>/<label>`,
 * `/run/media/<user>/<label>`, `/mnt/<label>`). A drive is a directory one
 * or two levels under a root that is a mount point (its device differs from
 * its parent's) and that the kiosk may write to. The technician picks from
 * the list on screen; the renderer only ever sends the index, so no path
 * comes from the untrusted side.
 */
import { accessSync, constants, readdirSync, statfsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MAX_EXPORT_TARGETS } from '../../shared/bridge';
import type { ExportTarget } from '../flows/operator/operator-ports';

/** Where desktop Linux mounts removable drives. */
export const DEFAULT_EXPORT_ROOTS = ['/media', '/run/media', '/mnt'] as const;

/** The file-system calls discovery needs (the real ones unless a test gives others). */
export interface ExportFs {
  subdirectories(dir: string): string[];
  device(path: string): number | null;
  writable(path: string): boolean;
  freeMb(path: string): number | null;
}

export const nodeExportFs: ExportFs = {
  subdirectories(dir) {
    try {
      return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(dir, e.name)).sort();
    } catch {
      return [];
    }
  },
  device(path) {
    try {
      return statSync(path).dev;
    } catch {
      return null;
    }
  },
  writable(path) {
    try {
      accessSync(path, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  },
  freeMb(path) {
    try {
      const s = statfsSync(path);
      return Math.floor((s.bavail * s.bsize) / (1024 * 1024));
    } catch {
      return null;
    }
  },
};

function isMountPoint(fs: ExportFs, dir: string): boolean {
  const own = fs.device(dir);
  const parent = fs.device(dirname(dir));
  return own !== null && parent !== null && own !== parent;
}

/** Mounted, writable drives one or two levels under `roots`, at most MAX_EXPORT_TARGETS - 1 of them. */
export function findRemovableDrives(roots: readonly string[], fs: ExportFs = nodeExportFs): ExportTarget[] {
  const found: ExportTarget[] = [];
  const consider = (dir: string) => {
    if (found.some((t) => t.path === dir)) return;
    if (isMountPoint(fs, dir) && fs.writable(dir)) found.push({ kind: 'removable', path: dir, freeMb: fs.freeMb(dir) });
  };
  for (const root of roots) {
    for (const first of fs.subdirectories(root)) {
      if (isMountPoint(fs, first)) consider(first);
      // /media/<user>/<label>: the user's folder is not the drive, its children are.
      else for (const second of fs.subdirectories(first)) consider(second);
    }
  }
  return found.slice(0, MAX_EXPORT_TARGETS - 1);
}

/** The kiosk's folder first (always there), then the drives. */
export function exportTargets(diagnosticsDir: string, roots: readonly string[], fs: ExportFs = nodeExportFs): ExportTarget[] {
  return [{ kind: 'kiosk', path: diagnosticsDir, freeMb: fs.freeMb(diagnosticsDir) ?? fs.freeMb(dirname(diagnosticsDir)) }, ...findRemovableDrives(roots, fs)];
}
