/**
 * Admission control for PIN hashing (issue 19; docs/hq.md, "PIN
 * verification at fleet scale"). scrypt at the chosen cost is about half of
 * HQ's CPU at fleet load; left alone, Node hands every hash to libuv's
 * shared thread pool, where bursts queued behind each other and behind file
 * and DNS work, and each hash slowed as more ran at once. The gate lets at
 * most `slots` hashes run (default: the machine's cores, os.availableParallelism),
 * queues up to `queueLimit` more in arrival order, and refuses beyond that
 * at once with PinHashBusyError (answered 429 `busy` with Retry-After), so
 * an overloaded HQ says "try again" instead of answering every customer in
 * seconds. The cost is never lowered. A refusal happens before the hash and
 * before any attempt is counted: it is neither a wrong PIN nor a success.
 */
import { availableParallelism } from 'node:os';

export class PinHashBusyError extends Error {
  constructor() {
    super('PIN hashing is at capacity; retry after the Retry-After delay');
  }
}

export class PinHashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly slots = Math.max(1, availableParallelism()), readonly queueLimit = 64) {}

  stats(): { running: number; queued: number } {
    return { running: this.running, queued: this.waiting.length };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.slots) {
      if (this.waiting.length >= this.queueLimit) throw new PinHashBusyError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line (running stays counted), else frees.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** One gate per process: the cores and the thread pool it guards are the process's. */
export const pinHashGate = new PinHashGate(
  process.env.HQ_PIN_HASH_SLOTS ? Number(process.env.HQ_PIN_HASH_SLOTS) : undefined,
  process.env.HQ_PIN_HASH_QUEUE ? Number(process.env.HQ_PIN_HASH_QUEUE) : undefined,
);
