/**
 * Bounded growth, run from requests like the replay-guard pruning
 * (housekeeping.ts) and once an interval across every instance on the
 * database (`onceAcrossInstances`; issue 19, "Bounded growth"):
 *
 * - journal partitions: the current month and `journalPartitionsAhead`
 *   months after it exist before a row needs them; rows the DEFAULT
 *   partition caught are moved into their month and raised in the log;
 * - retention (retention.ts): sessions, diagnostics bundles, status history
 *   and, only if configured, the operation log.
 *
 * Each is its own job and transaction, so a failing one does not hold back
 * the other; a failure is logged and tried again next interval.
 */
import type { Db } from '../server-kit/db/db';
import { ThrottledPruner } from '../server-kit/housekeeping';
import { onceAcrossInstances } from './housekeeping';
import { ensureJournalPartitionsAhead, moveRowsOutOfDefault, type JournalMonth } from './journal-ingest/journal-partitions';
import { applyRetention, DEFAULT_RETENTION, type RetentionReport, type RetentionSettings } from './retention';

export interface GrowthLog {
  warn(detail: object, message: string): void;
  info(detail: object, message: string): void;
}

export const GROWTH_HOUSEKEEPING_INTERVAL_MS = 60 * 60_000;

export class GrowthHousekeeper extends ThrottledPruner {
  /** What the last run here did (tests, and the log). */
  lastPartitions: { ensured: JournalMonth[]; movedFromDefault: { month: JournalMonth; rows: number }[] } | null = null;
  lastRetention: RetentionReport | null = null;

  constructor(
    private readonly db: Db,
    private readonly settings: RetentionSettings = DEFAULT_RETENTION,
    private readonly log?: GrowthLog,
    private readonly interval = GROWTH_HOUSEKEEPING_INTERVAL_MS,
  ) {
    super(interval);
  }

  async prune(now: Date): Promise<void> {
    await this.job('journal-partitions', now, async (tx) => {
      const movedFromDefault = await moveRowsOutOfDefault(tx);
      const ensured = await ensureJournalPartitionsAhead(tx, now, this.settings.journalPartitionsAhead);
      this.lastPartitions = { ensured, movedFromDefault };
      if (movedFromDefault.length > 0) {
        this.log?.warn({ movedFromDefault }, 'journal rows were in the DEFAULT partition (a month had no partition); moved into their month / DEFAULT パーティションの行を月のパーティションへ移動しました');
      }
    });
    await this.job('retention', now, async (tx) => {
      this.lastRetention = await applyRetention(tx, now, this.settings);
      if (Object.values(this.lastRetention).some((n) => n > 0)) this.log?.info({ deleted: this.lastRetention }, 'retention applied / 保存期間を過ぎた行を削除しました');
    });
  }

  private async job(name: string, now: Date, work: Parameters<typeof onceAcrossInstances>[4]): Promise<void> {
    try {
      await onceAcrossInstances(this.db, name, now, this.interval, work);
    } catch (error) {
      this.log?.warn({ job: name, err: error }, 'housekeeping job failed; tried again next interval');
    }
  }
}
