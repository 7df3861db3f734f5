import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderInUseError, lockFolder } from '../../../src/bureau/db/folder-lock';

describe('one process at a time on a PGlite folder', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'bureau-lock-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('refuses a folder another live process holds, naming it', () => {
    // The parent of this test run is alive and is not us.
    writeFileSync(join(dir, 'bureau.lock'), String(process.ppid));
    expect(() => lockFolder(dir)).toThrow(FolderInUseError);
    expect(() => lockFolder(dir)).toThrow(new RegExp(`in use by process ${process.ppid}`));
  });

  it('takes over the lock of a process that is gone', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, 'bureau.lock'), gone.stdout);
    const lock = lockFolder(dir);
    lock.release();
    expect(existsSync(join(dir, 'bureau.lock'))).toBe(false);
  });

  it('gives the folder back on release; releasing twice does not free a lock taken since', () => {
    const lock = lockFolder(dir);
    expect(existsSync(join(dir, 'bureau.lock'))).toBe(true);
    lock.release();
    const next = lockFolder(dir);
    lock.release();
    expect(existsSync(join(dir, 'bureau.lock'))).toBe(true);
    next.release();
  });
});
