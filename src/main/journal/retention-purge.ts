/**
 * Retention (issue 6, "Retention"): events HQ has acknowledged are purged
 * once older than the configured age, at start and then daily; events HQ
 * has not acknowledged are never purged (journal.ts, `purge`). A purge that
 * fails is logged and tried again the next day: it frees space, it never
 * stops service.
 */
import { repeatEvery, type Timers } from '../../shared/time/clock';
import type { Logger } from '../logging/logger';
import type { Journal } from './journal';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionPurgeOptions {
  journal: Pick<Journal, 'purge'>;
  retentionDays: number;
  clock: Timers;
  logger: Logger;
}

/** Purges now and every day after; returns the stop. */
export function startRetentionPurge({ journal, retentionDays, clock, logger }: RetentionPurgeOptions): () => void {
  const purge = () => {
    try {
      const { purged } = journal.purge({ olderThanMs: retentionDays * DAY_MS });
      if (purged > 0) logger.info({ purged }, 'journal retention purge');
    } catch (error) {
      logger.warn({ error: (error as Error).message }, 'journal retention purge failed');
    }
  };
  purge();
  return repeatEvery(clock, DAY_MS, purge);
}
