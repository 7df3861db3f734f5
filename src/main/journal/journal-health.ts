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
import { statfsSync } from 'node:fs';

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

const DEFAULT_FLOOR = 128 * 1024 * 1024;

function defaultFreeBytes(dir: string): number {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
}

export interface JournalHealthTrackerOptions {
  /** The folder holding the journal file. */
  dir: string;
  /** Below this many free bytes: `diskLow`. Default 128 MiB. */
  floorBytes?: number;
  /** Free space is checked every this many appends. Default 50. */
  checkEvery?: number;
  freeBytes?: (dir: string) => number;
  /** Told when the state changes (see `emitIfChanged`). */
  onChange: (health: JournalHealth) => void;
}

/**
 * A Journal's health: the last write SQLite refused, and the free space on
 * the journal's file system, checked at open, every `checkEvery` appends
 * and when asked. A change of state is told once.
 */
export class JournalHealthTracker {
  readonly #dir: string;
  readonly #floor: number;
  readonly #checkEvery: number;
  readonly #freeBytesOf: (dir: string) => number;
  readonly #onChange: (health: JournalHealth) => void;
  #appendsSinceDiskCheck = 0;
  #writeFault: { fault: JournalWriteFault; code: string } | null = null;
  #freeBytes: number | null = null;
  #lastHealth: JournalHealthState = 'ok';

  constructor(options: JournalHealthTrackerOptions) {
    this.#dir = options.dir;
    this.#floor = options.floorBytes ?? DEFAULT_FLOOR;
    this.#checkEvery = options.checkEvery ?? 50;
    this.#freeBytesOf = options.freeBytes ?? defaultFreeBytes;
    this.#onChange = options.onChange;
  }

  get health(): JournalHealth {
    const state: JournalHealthState = this.#writeFault?.fault ?? (this.#freeBytes !== null && this.#freeBytes < this.#floor ? 'diskLow' : 'ok');
    return { state, freeBytes: this.#freeBytes, lastErrorCode: this.#writeFault?.code ?? null };
  }

  /** The last write SQLite refused, until a write succeeds again. */
  get writeFault(): { fault: JournalWriteFault; code: string } | null {
    return this.#writeFault;
  }

  checkDisk(): void {
    this.#appendsSinceDiskCheck = 0;
    try {
      this.#freeBytes = this.#freeBytesOf(this.#dir);
    } catch {
      this.#freeBytes = null;
    }
  }

  /** One more append: free space is checked again every `checkEvery`. */
  countAppend(): void {
    if (++this.#appendsSinceDiskCheck >= this.#checkEvery) this.checkDisk();
  }

  /** A write SQLite refused: remembered as the journal's health, which takes the kiosk out of service. */
  noteWriteFailure(error: unknown): { fault: JournalWriteFault; code: string } {
    const fault = classifySqliteError(error);
    this.#writeFault = fault;
    this.checkDisk();
    this.emitIfChanged();
    return fault;
  }

  /** Writes work again (or the file was replaced): forget the fault and look at the disk afresh. */
  clearWriteFault(): void {
    this.#writeFault = null;
    this.checkDisk();
  }

  /** Takes the current state as already told (at open: nobody listens yet). */
  settle(): void {
    this.#lastHealth = this.health.state;
  }

  emitIfChanged(): void {
    const health = this.health;
    if (health.state === this.#lastHealth) return;
    this.#lastHealth = health.state;
    this.#onChange(health);
  }
}
