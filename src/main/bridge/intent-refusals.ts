/**
 * What happens to a refused renderer message (ARCHITECTURE.md: the renderer
 * is untrusted): it is counted, logged and journaled, each within a rate a
 * hostile renderer cannot turn into a flood (issue 15, "Web bridge":
 * refused-intent logging is rate-limited and counted). Never its content:
 * a refusal names its reason and, at most, a known intent type.
 */
import type { IntentType } from '../../shared/bridge';
import type { JournalEvent } from '../../shared/journal';
import type { Logger } from '../logging/logger';
import type { IntentRefusalReason } from './intent-gateway';

/** At most this many refusals a minute are journaled (the last one as `rateLimited`). */
const MAX_JOURNALED_REFUSALS_PER_MINUTE = 10;
/**
 * At most this many `intent refused` lines a minute; the rest are counted
 * and reported by one `intent refusals suppressed` line when the minute ends.
 */
export const MAX_LOGGED_REFUSALS_PER_MINUTE = 20;
const REFUSAL_WINDOW_MS = 60_000;

export type RefusalReason = IntentRefusalReason | 'notAllowedInState';

export class IntentRefusals {
  #window = { startedAt: 0, count: 0, suppressed: 0 };
  #total = 0;
  #flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly journal: (event: JournalEvent) => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  /** Refused intents since start (logged, suppressed from the log, journaled or not). */
  get total(): number {
    return this.#total;
  }

  /** Records one refusal; always false, so a caller can `return refusals.refuse(...)`. */
  refuse(source: string, reason: RefusalReason, type?: IntentType): false {
    this.#total++;
    const now = this.now();
    if (now - this.#window.startedAt >= REFUSAL_WINDOW_MS) {
      this.flush();
      this.#window = { startedAt: now, count: 0, suppressed: 0 };
    }
    this.#window.count++;
    if (this.#window.count <= MAX_LOGGED_REFUSALS_PER_MINUTE) {
      this.logger.warn({ source, reason, intentType: type, refusedTotal: this.#total }, 'intent refused');
    } else {
      this.#window.suppressed++;
      if (this.#flushTimer === undefined) {
        this.#flushTimer = setTimeout(() => this.flush(), Math.max(0, this.#window.startedAt + REFUSAL_WINDOW_MS - now));
        this.#flushTimer.unref?.();
      }
    }
    if (this.#window.count <= MAX_JOURNALED_REFUSALS_PER_MINUTE) {
      const journaled = reason === 'unknownType' ? 'unknownIntent' : reason === 'notAllowedInState' ? 'notAllowedInState' : 'invalidSchema';
      this.journal({
        type: 'bridge.intentRefused', actor: { kind: 'system' }, sessionId: null,
        payload: { intent: type ?? 'unknown', reason: this.#window.count === MAX_JOURNALED_REFUSALS_PER_MINUTE ? 'rateLimited' : journaled },
      });
    }
    return false;
  }

  /** The "N refusals suppressed" line: once per minute that had more refusals than the log takes (and at stop). */
  flush(): void {
    if (this.#flushTimer !== undefined) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    const { suppressed } = this.#window;
    if (suppressed === 0) return;
    this.#window.suppressed = 0;
    this.logger.warn({ suppressed, refusedTotal: this.#total, windowMs: REFUSAL_WINDOW_MS }, `intent refusals suppressed: ${suppressed}`);
  }
}
