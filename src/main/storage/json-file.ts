/**
 * Small JSON state files the kiosk keeps next to its journal (HQ's calendar,
 * the retain-bin count). Written whole to a temporary file, flushed and
 * renamed over the old one, so a power cut leaves either the old file or the
 * new one, never half of each (rename is atomic within one file system,
 * POSIX rename(2)). Read back through a zod schema: a file that does not
 * parse is reported, never trusted.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { z } from 'zod';

export type JsonFileRead<T> = { ok: true; value: T } | { ok: false; problem: 'missing' | 'unreadable' | 'invalid' };

export function readJsonFile<S extends z.ZodType>(path: string, schema: S): JsonFileRead<z.output<S>> {
  if (!existsSync(path)) return { ok: false, problem: 'missing' };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return { ok: false, problem: 'unreadable' };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: 'invalid' };
}

/** Replaces `path` with `value` as JSON. Throws (ENOSPC, EACCES, ...) and leaves the old file in place when it cannot. */
export function writeJsonFileAtomically(path: string, value: unknown): void {
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(value));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}
