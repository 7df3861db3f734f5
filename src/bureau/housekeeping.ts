/**
 * Pruning of the replay guard: a request nonce older than twice the
 * clock-skew window can no longer be replayed (its timestamp is refused
 * first), so its row is dead weight. Runs at most once a minute, from
 * requests (the same rule as HQ's src/hq/housekeeping.ts).
 */
import { MAX_CLOCK_SKEW_MS } from '../shared/signed-request/signed-request';
import type { Db } from '../server-kit/db/db';

export class NoncePruner {
  private lastRunMs = Number.NEGATIVE_INFINITY;
  private running: Promise<void> | null = null;

  constructor(private readonly db: Db, private readonly intervalMs = 60_000) {}

  maybePrune(now: Date): void {
    if (this.running || now.getTime() - this.lastRunMs < this.intervalMs) return;
    this.lastRunMs = now.getTime();
    this.running = this.prune(now).catch(() => undefined).finally(() => { this.running = null; });
  }

  async prune(now: Date): Promise<void> {
    await this.db.query('DELETE FROM bureau_request_nonces WHERE seen_at < $1', [new Date(now.getTime() - 2 * MAX_CLOCK_SKEW_MS).toISOString()]);
  }

  /** Waits for a prune in flight (before closing the store). */
  async settle(): Promise<void> {
    await this.running;
  }
}
