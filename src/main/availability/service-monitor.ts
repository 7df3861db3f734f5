/**
 * Decides whether the kiosk may serve customers, from every condition that
 * can stop it, and tells the core when that changes. One place, so the
 * out-of-service screen always names the most important reason:
 * the journal first (no customer operation without a journal entry,
 * ARCHITECTURE.md), then HQ not recognising the kiosk, the card reader, a
 * technician's choice, the calendar (maintenance, closed hours), and HQ
 * being unreachable.
 *
 * `notEnrolled` outranks all but the journal because its screen carries
 * the one thing that unblocks the rest (issue 16): until HQ enrols (or
 * re-enables) the kiosk no operator card is accepted, so a technician can
 * neither open service mode to look at the card reader nor lift a
 * technician's hold, and installs happen after hours, when `closedHours`
 * would otherwise hide the fingerprint. It and `hqUnreachable` never hold
 * together (availability-loop.ts sets both from one exchange).
 *
 * Built before the core and heard through `changed`, so the core can read
 * and set it while the monitor tells the core of changes
 * (follow-availability.ts) without either waiting for the other.
 */
import type { OutOfServiceReason, ServiceNotice } from '../../shared/bridge';
import { TypedEmitter } from '../../shared/events/typed-emitter';

export type Condition = Exclude<OutOfServiceReason, 'starting'>;

const PRIORITY: readonly Condition[] = ['journalUnavailable', 'notEnrolled', 'cardReaderFault', 'technician', 'maintenance', 'closedHours', 'hqUnreachable'];

export interface Availability {
  available: boolean;
  reason: Condition | null;
  resumesAt: string | null;
  /** HQ's message for this stop (announced maintenance), when it gave one. */
  notice: ServiceNotice | null;
}

export class ServiceMonitor extends TypedEmitter<{ changed: Availability }> {
  readonly #active = new Map<Condition, { resumesAt: string | null; notice: ServiceNotice | null }>();
  #last: Availability | null = null;

  /** Raise or clear one condition; `resumesAt` is when it is expected to end, if known; `notice` what HQ says of it. */
  set(condition: Condition, active: boolean, resumesAt: string | null = null, notice: ServiceNotice | null = null): void {
    if (active) this.#active.set(condition, { resumesAt, notice });
    else this.#active.delete(condition);
    this.#publish();
  }

  get availability(): Availability {
    return this.#compute();
  }

  get conditions(): Condition[] {
    return PRIORITY.filter((c) => this.#active.has(c));
  }

  #compute(): Availability {
    const reason = PRIORITY.find((c) => this.#active.has(c)) ?? null;
    const detail = reason ? this.#active.get(reason) : undefined;
    return { available: reason === null, reason, resumesAt: detail?.resumesAt ?? null, notice: detail?.notice ?? null };
  }

  #publish(): void {
    const next = this.#compute();
    const last = this.#last;
    if (last && last.available === next.available && last.reason === next.reason && last.resumesAt === next.resumesAt
      && last.notice?.ja === next.notice?.ja && last.notice?.en === next.notice?.en) return;
    this.#last = next;
    this.emit('changed', next);
  }
}
