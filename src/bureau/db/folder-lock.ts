/**
 * One process at a time on a PGlite folder. PGlite is PostgreSQL in the
 * process that opened it, with no server to arbitrate: two processes on
 * one folder (a running bureau and an `enroll-lender` beside it) would
 * write the same files and corrupt them. Every command that opens the
 * folder takes this lock first: a file holding the owner's pid, created
 * exclusively; a lock whose process is gone is stale and taken over.
 */
import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export class FolderInUseError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockFolder(dir: string): { release(): void } {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'bureau.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
          } catch {
            // already gone
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new FolderInUseError(`${dir} is in use by process ${owner} (a running bureau?): stop it first, or enroll with --enroll at start`);
      }
      unlinkSync(file);
    }
  }
  throw new FolderInUseError(`${dir}: could not take the lock`);
}
