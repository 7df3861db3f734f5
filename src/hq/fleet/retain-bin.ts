/**
 * The retain bin's state per kiosk for the fleet triage (migration 011),
 * from the journal as it is ingested: the last `card.captured` carrying the
 * bin's state (XFS4IoT CardReader retain-bin states ok/high/full) or
 * `retainBin.emptied` (ok) in a batch wins. Nothing else in the journal
 * says how full the bin is.
 */
import type { Queryable } from '../../server-kit/db/db';
import { RetainBinState } from '../../shared/xfs/vocabulary';
import type { JournalRow } from '../../shared/journal/journal-row';

export function lastRetainBinState(rows: readonly JournalRow[]): RetainBinState | null {
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    if (row.type === 'retainBin.emptied') return 'ok';
    if (row.type === 'card.captured') {
      const state = RetainBinState.safeParse(row.payload.retainBin);
      if (state.success) return state.data;
    }
  }
  return null;
}

export async function recordRetainBin(q: Queryable, kioskId: string, rows: readonly JournalRow[]): Promise<void> {
  const state = lastRetainBinState(rows);
  if (state !== null) await q.query('UPDATE kiosks SET retain_bin_state = $2 WHERE kiosk_id = $1', [kioskId, state]);
}
