/**
 * Pruning of the replay guard: a request nonce older than twice the
 * clock-skew window can no longer be replayed (its timestamp is refused
 * first), so its row is dead weight. Runs at most once a minute, from
 * requests (src/server-kit/housekeeping.ts).
 */
import { MAX_CLOCK_SKEW_MS } from '../shared/signed-request/signed-request';
import type { Db } from '../server-kit/db/db';
import { ThrottledPruner } from '../server-kit/housekeeping';

export class NoncePruner extends ThrottledPruner {
  constructor(private readonly db: Db, intervalMs?: number) {
    super(intervalMs);
  }

  async prune(now: Date): Promise<void> {
    await this.db.query('DELETE FROM bureau_request_nonces WHERE seen_at < $1', [new Date(now.getTime() - 2 * MAX_CLOCK_SKEW_MS).toISOString()]);
  }
}
