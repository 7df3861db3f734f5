/**
 * What follows when the monitor's answer changes (service-monitor.ts): the
 * change is journaled, the core shows it, and HQ's fleet view hears of it.
 *
 * Going out of service for the journal itself is not journaled here: the
 * journal cannot take it. The journal probe writes that record once the
 * journal takes writes again (journal-probe.ts).
 */
import type { JournalEvent } from '../../shared/journal';
import type { Availability, Condition, ServiceMonitor } from './service-monitor';

/**
 * The journal's names for out-of-service reasons (src/shared/journal/event-payloads.ts).
 *
 * `notEnrolled` is journaled as `hqUnreachable` rather than as a new value:
 * the journal's schema changes are additive only so that a rolled-back
 * version can still read the file (docs/journal.md, "Schema changes"), and
 * the previous version's chain walk checks every row against its own
 * payload schemas (journal-rows.ts), so a reason it does not know would make
 * its `verify()` call the row invalid; HQ ingests with the same schemas, so
 * an HQ not yet updated would refuse the batch. Nothing is lost: HQ's
 * refusal of the kiosk is journaled beside it by the sync worker
 * (`sync.failing`, error `unauthorised`), and the status report and the
 * screen name the reason itself.
 */
export const JOURNALED_REASON = {
  journalUnavailable: 'journalUnavailable',
  cardReaderFault: 'deviceFault',
  technician: 'technicianRequest',
  maintenance: 'maintenanceWindow',
  closedHours: 'closed',
  hqUnreachable: 'hqUnreachable',
  notEnrolled: 'hqUnreachable',
} as const satisfies Record<Condition, string>;

export interface AvailabilityFollowers {
  /** Appends to the journal; false when it could not (logged by the caller). */
  record(event: JournalEvent): boolean;
  core: {
    goOutOfService(reason: Condition, resumesAt: string | null, notice: Availability['notice']): void;
    resumeService(): void;
  };
  reporter: { reportIfChanged(): Promise<void> };
}

/** Subscribes the followers to the monitor; returns the unsubscribe. */
export function followAvailability(monitor: Pick<ServiceMonitor, 'on'>, { record, core, reporter }: AvailabilityFollowers): () => void {
  return monitor.on('changed', (availability) => {
    if (availability.available) {
      record({ type: 'outOfService.left', actor: { kind: 'system' }, sessionId: null, payload: {} });
      core.resumeService();
    } else {
      const reason = availability.reason!;
      if (reason !== 'journalUnavailable') {
        record({ type: 'outOfService.entered', actor: { kind: 'system' }, sessionId: null, payload: { reasons: [JOURNALED_REASON[reason]] } });
      }
      core.goOutOfService(reason, availability.resumesAt, availability.notice);
    }
    void reporter.reportIfChanged();
  });
}
