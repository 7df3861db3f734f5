/**
 * Keeps the journal's health and the kiosk's service in step: a journal that
 * is low on disk, full, read-only or corrupt stops service (no customer
 * operation without its journal entry, ARCHITECTURE.md), and one that
 * recovers lets the kiosk serve again without a restart.
 *
 * Why a probe: journal.ts clears a write fault (full disk, read-only) only
 * when a write succeeds, and a disk-low state only at its next disk check.
 * An out-of-service kiosk writes nothing, so without a retry it would stay
 * out of service after the space came back, or after a recovery that
 * failed. The retried write is the record the kiosk could not make when it
 * stopped: why it is out of service.
 */
import { repeatEvery, type Timers } from '../../shared/time/clock';
import type { Journal } from '../journal/journal';
import type { Logger } from '../logging/logger';
import { JOURNALED_REASON } from './follow-availability';

export type ProbedJournal = Pick<Journal, 'health' | 'onHealthChange' | 'append' | 'refreshHealth' | 'recover'>;

export interface JournalProbeOptions {
  journal: ProbedJournal;
  /** Raised while the journal cannot take the kiosk's records (the monitor's `journalUnavailable`). */
  setUnavailable(unavailable: boolean): void;
  clock: Timers;
  /** Milliseconds between retries while the journal is not ok. */
  everyMs: number;
  logger: Logger;
}

/** Applies the journal's health now and on every change, and retries every `everyMs`; returns the stop. */
export function startJournalProbe({ journal, setUnavailable, clock, everyMs, logger }: JournalProbeOptions): () => void {
  const applyHealth = () => {
    // A journal found corrupt while running is quarantined and continued in a
    // successor linked to its head (docs/journal.md); until then, and for
    // disk low, full or read-only, the kiosk is out of service.
    if (journal.health.state === 'corrupt') {
      try {
        journal.recover();
      } catch (error) {
        logger.error({ error: (error as Error).message }, 'journal recovery failed');
      }
    }
    setUnavailable(journal.health.state !== 'ok');
  };

  const probe = () => {
    const state = journal.health.state;
    if (state === 'full' || state === 'readOnly') {
      const retried = journal.append({ type: 'outOfService.entered', actor: { kind: 'system' }, sessionId: null, payload: { reasons: [JOURNALED_REASON.journalUnavailable] } });
      if (retried.ok) logger.info({ was: state }, 'journal writes again');
    } else if (state === 'diskLow') {
      journal.refreshHealth();
    } else if (state === 'corrupt') {
      // A recovery that failed (no room for the successor, say) is tried again.
      applyHealth();
    }
  };

  const unsubscribe = journal.onHealthChange(applyHealth);
  const stopProbing = repeatEvery(clock, everyMs, probe);
  applyHealth();
  return () => {
    stopProbing();
    unsubscribe();
  };
}
