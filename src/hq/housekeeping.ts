/**
 * Pruning of the replay guards. A request nonce older than twice the
 * clock-skew window, or a PIN-block nonce older than twice the block's
 * maximum age, can no longer be replayed (its timestamp is refused first),
 * so its row is dead weight. Runs at most once a minute, from requests
 * (src/server-kit/housekeeping.ts).
 */
import { MAX_CLOCK_SKEW_MS } from '../shared/hq-api/request-signing';
import { PIN_BLOCK_MAX_AGE_MS } from '../shared/hq-api/pin-block';
import type { Db } from '../server-kit/db/db';
import { ThrottledPruner } from '../server-kit/housekeeping';

export class ReplayGuardPruner extends ThrottledPruner {
  constructor(private readonly db: Db, intervalMs?: number) {
    super(intervalMs);
  }

  async prune(now: Date): Promise<void> {
    await this.db.query('DELETE FROM kiosk_request_nonces WHERE seen_at < $1', [new Date(now.getTime() - 2 * MAX_CLOCK_SKEW_MS).toISOString()]);
    await this.db.query('DELETE FROM pin_block_nonces WHERE seen_at < $1', [new Date(now.getTime() - 2 * PIN_BLOCK_MAX_AGE_MS).toISOString()]);
  }
}
