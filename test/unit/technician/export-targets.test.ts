/**
 * Which folders a technician is offered for the diagnostics bundle
 * (export-targets.ts). Mounting a drive needs privileges these machines do
 * not give, so mount points are described to discovery through its file
 * system seam; the real file system is used for what it can show (a plain
 * folder under a root is not a drive).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportTargets, findRemovableDrives, type ExportFs } from '../../../src/main/technician/export-targets';
import { tempDir } from '../journal/journal-fixture';

/** A tree of folders, each on a device; read-only folders listed apart. */
function fakeFs(devices: Record<string, number>, readOnly: string[] = []): ExportFs {
  return {
    subdirectories: (dir) => Object.keys(devices).filter((p) => p.startsWith(`${dir}/`) && !p.slice(dir.length + 1).includes('/')).sort(),
    device: (path) => devices[path] ?? null,
    writable: (path) => !readOnly.includes(path),
    freeMb: (path) => (path in devices ? 100 * devices[path]! : null),
  };
}

const temps: { remove(): void }[] = [];
afterEach(() => { for (const t of temps.splice(0)) t.remove(); });

describe('export targets', () => {
  it('offers the kiosk folder first, then drives mounted under /media/<user>, /run/media/<user> and /mnt', () => {
    const fs = fakeFs({
      '/': 1, '/media': 1, '/media/kiosk': 1, '/media/kiosk/USBSTICK': 7, '/media/kiosk/empty-dir': 1,
      '/run': 2, '/run/media': 2, '/run/media/tech': 2, '/run/media/tech/SD': 8,
      '/mnt': 1, '/mnt/backup': 9, '/mnt/not-mounted': 1,
      '/data': 1, '/data/diagnostics': 1,
    });
    expect(exportTargets('/data/diagnostics', ['/media', '/run/media', '/mnt'], fs)).toEqual([
      { kind: 'kiosk', path: '/data/diagnostics', freeMb: 100 },
      { kind: 'removable', path: '/media/kiosk/USBSTICK', freeMb: 700 },
      { kind: 'removable', path: '/run/media/tech/SD', freeMb: 800 },
      { kind: 'removable', path: '/mnt/backup', freeMb: 900 },
    ]);
  });

  it('leaves out drives the kiosk may not write to, roots that do not exist, and more than the screen holds', () => {
    const many: Record<string, number> = { '/': 1, '/mnt': 1 };
    for (let i = 0; i < 12; i++) many[`/mnt/d${String(i).padStart(2, '0')}`] = 10 + i;
    many['/mnt/d00'] = 10;
    const fs = fakeFs(many, ['/mnt/d00']);
    const drives = findRemovableDrives(['/media', '/mnt'], fs);
    expect(drives.map((d) => d.path)).toEqual(['/mnt/d01', '/mnt/d02', '/mnt/d03', '/mnt/d04', '/mnt/d05', '/mnt/d06', '/mnt/d07']);
  });

  it('finds no drive in plain folders on the real file system', () => {
    const t = tempDir();
    temps.push(t);
    mkdirSync(join(t.dir, 'user', 'NOTADRIVE'), { recursive: true });
    mkdirSync(join(t.dir, 'plain'));
    const targets = exportTargets(join(t.dir, 'diagnostics'), [t.dir, join(t.dir, 'missing')]);
    expect(targets).toEqual([{ kind: 'kiosk', path: join(t.dir, 'diagnostics'), freeMb: expect.any(Number) }]);
  });
});
