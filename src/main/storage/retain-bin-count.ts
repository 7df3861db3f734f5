/**
 * How many cards lie in the reader's retain bin. The CRT-310 has no bin
 * sensor (DEVICES.md, CRT-310 section: the service counts captures), so the
 * count is the kiosk's to keep, and it must outlive a restart: a kiosk that
 * forgot it would capture into a full bin and jam.
 *
 * Kept in a small file, rewritten on every change. When the file is missing
 * (first start, or a data folder restored without it) or damaged, the count
 * is rebuilt from the journal: the captures since the last time staff
 * recorded emptying the bin. That is exact unless retention purged captures
 * of a bin nobody emptied for longer than `journalRetentionDays`.
 */
import { z } from 'zod';
import type { JournalEventType, JournalRow } from '../../shared/journal';
import { readJsonFile, writeJsonFileAtomically } from './json-file';

const RetainBinFile = z.object({ count: z.number().int().min(0).max(100_000) }).strict();

/** Enough rows to find the last emptying of any real bin (the CRT-310's holds tens of cards). */
const JOURNAL_LOOKBACK = 10_000;

export interface RetainedCount {
  count: number;
  source: 'file' | 'journal';
  /** Why the file was not used, when it was not. */
  fileProblem?: 'missing' | 'unreadable' | 'invalid';
}

export function loadRetainedCount(path: string, journal: { recentOfTypes(types: readonly JournalEventType[], limit: number): JournalRow[] }): RetainedCount {
  const read = readJsonFile(path, RetainBinFile);
  if (read.ok) return { count: read.value.count, source: 'file' };
  const rows = journal.recentOfTypes(['card.captured', 'retainBin.emptied'], JOURNAL_LOOKBACK);
  const sinceEmptied = rows.findIndex((row) => row.type === 'retainBin.emptied');
  return { count: sinceEmptied === -1 ? rows.length : sinceEmptied, source: 'journal', fileProblem: read.problem };
}

/**
 * The count to start with: the file's, or rebuilt from the journal and
 * written back (`warn` hears of a damaged file, not of a missing one).
 */
export function restoreRetainedCount(
  path: string,
  journal: Parameters<typeof loadRetainedCount>[1],
  warn: (problem: 'unreadable' | 'invalid', count: number) => void,
): number {
  const retained = loadRetainedCount(path, journal);
  if (retained.source === 'journal') {
    if (retained.fileProblem === 'unreadable' || retained.fileProblem === 'invalid') warn(retained.fileProblem, retained.count);
    saveRetainedCount(path, retained.count);
  }
  return retained.count;
}

/** False when the disk refused it (the count in memory stays right; the next change tries again). */
export function saveRetainedCount(path: string, count: number): boolean {
  try {
    writeJsonFileAtomically(path, { count });
    return true;
  } catch {
    return false;
  }
}

/**
 * Saves the reader's count whenever it changes (captures, staff emptying
 * the bin). `saved` is the count the file holds now. Returns the unsubscribe.
 */
export function keepRetainedCount(
  reader: { on(event: 'statusChanged', listener: (status: { retainedCount: number }) => void): () => void },
  path: string,
  saved: number,
  onSaveFailed: (count: number) => void,
): () => void {
  let last = saved;
  return reader.on('statusChanged', ({ retainedCount }) => {
    if (retainedCount === last) return;
    last = retainedCount;
    if (!saveRetainedCount(path, retainedCount)) onSaveFailed(retainedCount);
  });
}
