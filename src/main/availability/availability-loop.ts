/**
 * The calendar and HQ's reachability, refreshed at start and every
 * `everyMs` after, on one timer with one request: the status report, whose
 * ack carries HQ's calendar when it changed (status-reporter.ts `exchange`,
 * issue 19). HQ's calendar is cached (calendar-cache.ts) and rules while
 * HQ is away; each refresh sets the monitor's `hqUnreachable` from whether
 * HQ answered the report and `notEnrolled` from whether HQ refused this
 * kiosk (issue 16: the out-of-service screen then shows what enrolment
 * needs; once HQ takes a report again, the next refresh clears it), and
 * `maintenance` and `closedHours` from the calendar at the kiosk's wall time.
 */
import { repeatEvery, type Clock } from '../../shared/time/clock';
import type { Logger } from '../logging/logger';
import type { CalendarCache } from './calendar-cache';
import type { ServiceMonitor } from './service-monitor';
import type { StatusReporter } from './status-reporter';

export interface AvailabilityLoopOptions {
  /** Its acks update the calendar cache (compose-kiosk.ts wires `onAck`). */
  reporter: Pick<StatusReporter, 'exchange'>;
  calendar: Pick<CalendarCache, 'statusAt' | 'noticeAt'>;
  monitor: Pick<ServiceMonitor, 'set'>;
  /** The kiosk's wall clock (the simulator may shift it) and its timers. */
  clock: Clock;
  everyMs: number;
  logger: Logger;
}

export interface AvailabilityLoop {
  /** Re-read the calendar and HQ's reachability now (the simulator panel, after the clock or network changed). */
  refresh(): Promise<void>;
  stop(): void;
}

/** Refreshes once before it returns (the first screen must already be right), then every `everyMs`. */
export async function startAvailabilityLoop({ reporter, calendar, monitor, clock, everyMs, logger }: AvailabilityLoopOptions): Promise<AvailabilityLoop> {
  const refresh = async () => {
    const outcome = await reporter.exchange();
    // Each exchange says both afresh: while HQ cannot be reached, whether it would still refuse the kiosk is not known.
    monitor.set('hqUnreachable', outcome === 'unreachable');
    monitor.set('notEnrolled', outcome === 'refused');
    const now = new Date(clock.now());
    const status = calendar.statusAt(now);
    monitor.set('maintenance', status.state === 'maintenance', status.until.toISOString(), calendar.noticeAt(now));
    monitor.set('closedHours', status.state === 'closed', (status.nextOpenAt ?? status.until).toISOString());
  };
  await refresh();
  const stop = repeatEvery(clock, everyMs, () => {
    refresh().catch((error: Error) => logger.warn({ error: error.message }, 'calendar refresh failed'));
  });
  return { refresh, stop };
}
