/**
 * Crash accounting (issue 16): every stop that was not a clean one is
 * counted and reported. A clean stop journals `app.stopped` last
 * (compose-kiosk.ts `close`); any other last event at start means the
 * process was killed, lost power or ended on an uncaught error, so the start
 * journals `app.crashRecovered` with the last event and the gap. A renderer
 * that dies or hangs is journaled as `app.rendererFailed` by the shell that
 * saw it. The counts (over the journal as retained, journalRetentionDays) go
 * to the technician's health page and to HQ's status report.
 */
import type { JournalEvent } from '../../shared/journal';
import type { CrashCounts } from '../../shared/hq-api/crash-counts';
import type { Journal } from '../journal/journal';

const BY_SYSTEM = { actor: { kind: 'system' }, sessionId: null } as const;

/** The `app.crashRecovered` event owed for the previous run, or null when it stopped cleanly (or never ran). */
export function uncleanStopEvent(journal: Pick<Journal, 'tail'>, now: Date): JournalEvent | null {
  const last = journal.tail(1)[0];
  if (!last || last.type === 'app.stopped') return null;
  const gapSeconds = Math.max(0, Math.floor((now.getTime() - Date.parse(last.occurredAt)) / 1000));
  return { type: 'app.crashRecovered', ...BY_SYSTEM, payload: { lastSeqBeforeCrash: last.seq, lastEventType: last.type, gapSeconds } };
}

/** Renderer failures and unclean stops in the journal, kept current as events are appended. */
export class CrashCounter {
  #counts: CrashCounts;
  readonly #off: () => void;

  constructor(journal: Pick<Journal, 'countByType' | 'onAppend'>) {
    const byType = journal.countByType();
    this.#counts = { processCrashes: byType['app.crashRecovered'] ?? 0, rendererFailures: byType['app.rendererFailed'] ?? 0 };
    this.#off = journal.onAppend((row) => {
      if (row.type === 'app.crashRecovered') this.#counts = { ...this.#counts, processCrashes: this.#counts.processCrashes + 1 };
      if (row.type === 'app.rendererFailed') this.#counts = { ...this.#counts, rendererFailures: this.#counts.rendererFailures + 1 };
    });
  }

  get counts(): CrashCounts {
    return this.#counts;
  }

  stop(): void {
    this.#off();
  }
}
