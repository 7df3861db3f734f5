/**
 * How a Journal is opened: its options and its clock.
 */
import type { ListenerErrorHandler } from '../../shared/events/typed-emitter';
import { systemClock, type Clock } from '../../shared/time/clock';

/**
 * The kiosk's clock (src/shared/time/clock.ts) for `occurred_at`, plus the
 * monotonic reading each row also keeps (`monotonic_ms`), which no other
 * part of the kiosk needs.
 */
export interface JournalClock extends Pick<Clock, 'now'> {
  /** CLOCK_MONOTONIC in whole milliseconds. */
  monotonicMs(): number;
}

export const systemJournalClock: JournalClock = {
  now: systemClock.now,
  monotonicMs: () => Number(process.hrtime.bigint() / 1_000_000n),
};

/** The clock's time as the journal writes it (`occurred_at`, receipt and cursor times). */
export function isoNow(clock: Pick<Clock, 'now'>): string {
  return new Date(clock.now()).toISOString();
}

export interface JournalOptions {
  kioskId: string;
  /** Below this many free bytes the journal reports `diskLow` (the kiosk goes out of service). Default 128 MiB. */
  diskFreeFloorBytes?: number;
  /** Free space is checked at open and every this many appends. Default 50. */
  diskCheckEvery?: number;
  /** WAL pages before an automatic checkpoint. Default 1000 (about 4 MiB). */
  walAutocheckpointPages?: number;
  clock?: JournalClock;
  /** Told of an error thrown by an `onHealthChange` or `onAppend` listener (the kiosk logs it). */
  onListenerError?: ListenerErrorHandler;
  /** Free bytes on the file system holding `dir`; injectable for tests. */
  freeBytes?: (dir: string) => number;
  /** Open for reading only (the CLI): no schema changes, no quarantine, no appends. */
  readonly?: boolean;
  /**
   * The additive schema level this code applies (journal-schema.ts). Default
   * JOURNAL_SCHEMA_LEVEL; the migration test opens a file as the previous
   * release would, with 1 (docs/journal.md, "Schema changes").
   */
  schemaLevel?: number;
  /** Written into `schema_history` with a migration (the running app's version). */
  appVersion?: string;
  /** Caps the database at this many pages (`PRAGMA max_page_count`); writes past it fail as SQLITE_FULL. */
  maxPageCount?: number;
}
