/**
 * Registering limit changes at the credit bureau (Money Lending Business
 * Act art. 41-35: the lender tells its designated credit bureau the new
 * contract data), durably. The limit change and its registration row are
 * written in one transaction (`queueRegistration`); the row is sent after
 * commit and again by housekeeping until the bureau accepts it, with
 * exponential backoff, so a bureau outage after an approval loses nothing.
 *
 * Once in effect: a limit change queues one row (unique idempotency key);
 * per customer only the newest pending row is sent, and its success settles
 * the older ones (a registration is the contract's whole state, docs/bureau.md,
 * so the newest state is all the bureau needs); one drain runs at a time in
 * this process and claims a row for a lease before sending, so two HQ
 * processes do not send it at once; sending a row again after a lost answer
 * writes the same state.
 *
 * Known gap: HQ keeps no date of its own contract's delinquency, so a
 * registration carries none (the bureau clears a delinquency not sent
 * again). Increases are never approved on a delinquency; a decrease of a
 * delinquent contract would clear it (docs/policy.md).
 */
import type { Db, Queryable } from '../../server-kit/db/db';
import { ThrottledPruner } from '../../server-kit/housekeeping';
import type { BureauClient } from '../../shared/bureau-api/bureau-client';
import { subjectOf } from './bureau-enquiry';

export type RegistrationReason = 'increase' | 'offerAccepted' | 'decrease';

export const REGISTRATION_BACKOFF = { firstMs: 5_000, maxMs: 10 * 60_000, leaseMs: 60_000 } as const;

/** Within the limit change's transaction. `changedAt` with the customer makes the key: one row per change. */
export async function queueRegistration(tx: Queryable, change: { customerId: number; creditLimit: number; balance: number; reason: RegistrationReason; changedAt: Date }): Promise<void> {
  const at = change.changedAt.toISOString();
  await tx.query(
    `INSERT INTO bureau_registrations (idempotency_key, customer_id, credit_limit, balance, reason, queued_at, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (idempotency_key) DO NOTHING`,
    [`limit:${change.customerId}:${at}:${change.creditLimit}`, change.customerId, change.creditLimit, change.balance, change.reason, at]);
}

/** The delay before attempt n+1 after n failures: 5 s, 10 s, 20 s, ... up to 10 minutes. */
export function backoffMs(failures: number): number {
  return Math.min(REGISTRATION_BACKOFF.firstMs * 2 ** Math.max(0, failures - 1), REGISTRATION_BACKOFF.maxMs);
}

interface PendingRow {
  change_seq: string | number;
  customer_id: string | number;
  credit_limit: string | number;
  balance: string | number;
  attempts: number;
  member_number: string;
  name_kanji: string;
  name_kana: string;
  date_of_birth: string;
  address: string;
}

export interface DrainResult { sent: number; failed: number }

/**
 * Sends what is due. One drain at a time per outbox (a second call waits
 * for the running one and then runs, so a change queued meanwhile is not
 * left for housekeeping).
 */
export class RegistrationOutbox {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Db, private readonly bureau: BureauClient | null, private readonly clock: () => Date) {}

  drain(): Promise<DrainResult> {
    const run = this.chain.then(() => this.drainOnce(this.clock()));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Waits for a drain in flight (before closing the store); starts none. */
  async settle(): Promise<void> {
    await this.chain;
  }

  /** Pending rows (for tests and the operator's view). */
  async pending(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM bureau_registrations WHERE registered_at IS NULL');
    return rows[0]?.n ?? 0;
  }

  private async drainOnce(now: Date): Promise<DrainResult> {
    const result = { sent: 0, failed: 0 };
    if (!this.bureau) return result;
    const due = await this.claimDue(now);
    for (const row of due) {
      const answer = await this.bureau.registerContract({
        subject: subjectOf({ nameKanji: row.name_kanji, nameKana: row.name_kana, dateOfBirth: row.date_of_birth, address: row.address }),
        contract: { contractRef: row.member_number, kind: 'consumerLoan', limit: Number(row.credit_limit), balance: Number(row.balance) },
      });
      const at = this.clock();
      if (answer.ok) {
        result.sent += 1;
        // The newest state is registered: it settles this row and every older pending one of the customer.
        await this.db.query(
          `UPDATE bureau_registrations SET registered_at = $3, attempts = attempts + 1, last_error = NULL
            WHERE customer_id = $1 AND change_seq <= $2 AND registered_at IS NULL`,
          [row.customer_id, row.change_seq, at.toISOString()]);
      } else {
        result.failed += 1;
        const error = answer.error.kind === 'http' ? `http ${answer.error.status} ${answer.error.code ?? ''}`.trim() : answer.error.kind;
        await this.db.query(
          'UPDATE bureau_registrations SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE change_seq = $1',
          [row.change_seq, error, new Date(at.getTime() + backoffMs(row.attempts + 1)).toISOString()]);
      }
    }
    return result;
  }

  /** The newest due row of each customer with something pending, leased so no other process sends it meanwhile. */
  private async claimDue(now: Date): Promise<PendingRow[]> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<PendingRow>(
        `SELECT r.change_seq, r.customer_id, r.credit_limit, r.balance, r.attempts,
                c.member_number, c.name_kanji, c.name_kana, c.date_of_birth::text AS date_of_birth, c.address
           FROM bureau_registrations r JOIN customers c ON c.customer_id = r.customer_id
          WHERE r.registered_at IS NULL AND r.next_attempt_at <= $1
            AND r.change_seq = (SELECT max(change_seq) FROM bureau_registrations o WHERE o.customer_id = r.customer_id AND o.registered_at IS NULL)
          ORDER BY r.change_seq
          LIMIT 50
          FOR UPDATE OF r SKIP LOCKED`,
        [now.toISOString()]);
      if (rows.length > 0) {
        await tx.query('UPDATE bureau_registrations SET next_attempt_at = $2 WHERE change_seq = ANY($1::bigint[])',
          [rows.map((r) => String(r.change_seq)), new Date(now.getTime() + REGISTRATION_BACKOFF.leaseMs).toISOString()]);
      }
      return rows;
    });
  }
}

/** Housekeeping: drains the outbox from requests at most every 30 s (src/server-kit/housekeeping.ts). */
export class RegistrationDrainJob extends ThrottledPruner {
  constructor(private readonly outbox: RegistrationOutbox, intervalMs = 30_000) {
    super(intervalMs);
  }

  async prune(): Promise<void> {
    await this.outbox.drain();
  }
}
