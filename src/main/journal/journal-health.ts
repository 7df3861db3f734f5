/**
 * The journal's health as the kiosk core sees it (issue 6, "Faults"). Any
 * state but `ok` takes the kiosk out of service: no customer operation runs
 * without a journal entry (ARCHITECTURE.md, "Journal and sync").
 *
 * - `diskLow`: free space under the configured floor. Appends still work, so
 *   the machine can journal its own going out of service and device faults.
 * - `full`: SQLITE_FULL; the append failed and was not stored.
 * - `readOnly`: the file or its folder cannot be written.
 * - `corrupt`: SQLite reports a malformed database; `recover()` quarantines
 *   the file and starts a successor linked to the old head.
 */
export type JournalHealthState = 'ok' | 'diskLow' | 'full' | 'readOnly' | 'corrupt';

export interface JournalHealth {
  state: JournalHealthState;
  /** Free bytes on the journal's file system at the last check. */
  freeBytes: number | null;
  /** SQLite's result code for the last failed write, for technicians. */
  lastErrorCode: string | null;
}

export type JournalWriteFault = Exclude<JournalHealthState, 'ok' | 'diskLow'>;

/**
 * SQLite result codes (https://sqlite.org/rescode.html) mapped to the
 * condition a technician must fix. Unknown codes count as read-only: the
 * write did not happen and we cannot say it will next time.
 */
export function classifySqliteError(error: unknown): { fault: JournalWriteFault; code: string } {
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'UNKNOWN';
  if (code === 'SQLITE_FULL' || (code.startsWith('SQLITE_IOERR') && /no space|disk is full/i.test(String((error as Error).message)))) return { fault: 'full', code };
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return { fault: 'corrupt', code };
  return { fault: 'readOnly', code };
}

export function isCorruptionError(error: unknown): boolean {
  return classifySqliteError(error).fault === 'corrupt';
}
