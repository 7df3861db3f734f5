/**
 * A technician's "out of service" outlives a restart or a power cut (issue 8:
 * "Take the kiosk out of service and back"): a machine stopped for repair must
 * not come back to customers by itself because the application restarted.
 *
 * The journal is the record: every set and clear is a `technician.action`
 * (`outOfServiceSet` / `outOfServiceCleared`), written before it takes
 * effect, so the newest of the two decides. No state file of its own, so
 * nothing can disagree with the journal.
 */
import type { JournalEventType, JournalRow } from '../../shared/journal';

/** Technician actions to look back through; a kiosk sees a handful a day. */
const LOOKBACK = 10_000;

export function heldOutOfServiceByTechnician(journal: { recentOfTypes(types: readonly JournalEventType[], limit: number): JournalRow[] }): boolean {
  for (const row of journal.recentOfTypes(['technician.action'], LOOKBACK)) {
    const action = (row.payload as { action?: unknown }).action;
    if (action === 'outOfServiceSet') return true;
    if (action === 'outOfServiceCleared') return false;
  }
  return false;
}
