/**
 * Pruning of the replay guards, and of kiosk status history past its retention. A request nonce older than twice the
 * clock-skew window, or a PIN-block nonce older than twice the block's
 * maximum age, can no longer be replayed (its timestamp is refused first),
 * so its row is dead weight. Tried at most once a minute per instance, from
 * requests (src/server-kit/housekeeping.ts), and run once an interval across
 * every instance on the database (issue 19; `onceAcrossInstances`).
 */
import { MAX_CLOCK_SKEW_MS } from '../shared/hq-api/request-signing';
import { PIN_BLOCK_MAX_AGE_MS } from '../shared/hq-api/pin-block';
import type { Db, Queryable } from '../server-kit/db/db';
import { ThrottledPruner } from '../server-kit/housekeeping';

/**
 * Runs `work` unless another instance is running this job now (a
 * transaction-scoped try-lock: nobody waits) or ran it less than
 * `intervalMs` ago (housekeeping_runs, migration 020). True when it ran.
 */
export async function onceAcrossInstances(db: Db, job: string, now: Date, intervalMs: number, work: (tx: Queryable) => Promise<void>): Promise<boolean> {
  return db.transaction(async (tx) => {
    const lock = await tx.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS got', [`housekeeping:${job}`]);
    if (!lock.rows[0]?.got) return false;
    const last = await tx.query<{ last_run_at: Date | string }>('SELECT last_run_at FROM housekeeping_runs WHERE job = $1', [job]);
    const lastMs = last.rows[0] ? new Date(last.rows[0].last_run_at).getTime() : Number.NEGATIVE_INFINITY;
    if (now.getTime() - lastMs < intervalMs) return false;
    await work(tx);
    await tx.query(
      'INSERT INTO housekeeping_runs (job, last_run_at) VALUES ($1, $2) ON CONFLICT (job) DO UPDATE SET last_run_at = EXCLUDED.last_run_at',
      [job, now.toISOString()],
    );
    return true;
  });
}

export class ReplayGuardPruner extends ThrottledPruner {
  /** Runs that pruned here (the others found the job done by another instance); for tests and metrics. */
  ran = 0;

  constructor(private readonly db: Db, private readonly interval = 60_000) {
    super(interval);
  }

  async prune(now: Date): Promise<void> {
    const ran = await onceAcrossInstances(this.db, 'replay-guards', now, this.interval, async (tx) => {
      await tx.query('DELETE FROM kiosk_request_nonces WHERE seen_at < $1', [new Date(now.getTime() - 2 * MAX_CLOCK_SKEW_MS).toISOString()]);
      await tx.query('DELETE FROM pin_block_nonces WHERE seen_at < $1', [new Date(now.getTime() - 2 * PIN_BLOCK_MAX_AGE_MS).toISOString()]);
    });
    if (ran) this.ran++;
  }
}

