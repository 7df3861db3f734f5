/**
 * A pruning job run from requests at most once an interval (a minute by
 * default), never two at a time, its failures swallowed (the next run
 * tries again). Each service says what `prune` deletes: HQ's replay guards
 * (src/hq/housekeeping.ts), the bureau's request nonces
 * (src/bureau/housekeeping.ts).
 */
export abstract class ThrottledPruner {
  private lastRunMs = Number.NEGATIVE_INFINITY;
  private running: Promise<void> | null = null;

  constructor(private readonly intervalMs = 60_000) {}

  maybePrune(now: Date): void {
    if (this.running || now.getTime() - this.lastRunMs < this.intervalMs) return;
    this.lastRunMs = now.getTime();
    this.running = this.prune(now).catch(() => undefined).finally(() => { this.running = null; });
  }

  abstract prune(now: Date): Promise<void>;

  /** Waits for a prune in flight (before closing the store). */
  async settle(): Promise<void> {
    await this.running;
  }
}
