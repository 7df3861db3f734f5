/**
 * The calendar and HQ's reachability, refreshed at start and every
 * `everyMs` after: HQ's calendar is cached (calendar-cache.ts) and rules
 * while HQ is away; each refresh sets the monitor's `hqUnreachable`,
 * `maintenance` and `closedHours` from it at the kiosk's wall time, and
 * gives a status report HQ did not take another try (status-reporter.ts).
 */
import { repeatEvery, type Clock } from '../../shared/time/clock';
import type { HqResult } from '../hq-client/hq-client';
import type { Logger } from '../logging/logger';
import type { CalendarCache } from './calendar-cache';
import type { ServiceMonitor } from './service-monitor';
import type { StatusReporter } from './status-reporter';

export interface AvailabilityLoopOptions {
  /** HqClient's `getCalendar`; the cache checks HQ's calendar again before it takes it. */
  hq: { getCalendar(): Promise<HqResult<{ calendar: unknown }>> };
  calendar: Pick<CalendarCache, 'update' | 'statusAt' | 'noticeAt'>;
  monitor: Pick<ServiceMonitor, 'set'>;
  reporter: Pick<StatusReporter, 'reportIfChanged'>;
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
export async function startAvailabilityLoop({ hq, calendar, monitor, reporter, clock, everyMs, logger }: AvailabilityLoopOptions): Promise<AvailabilityLoop> {
  const refresh = async () => {
    const answer = await hq.getCalendar();
    if (answer.ok) calendar.update(answer.value.calendar);
    monitor.set('hqUnreachable', !answer.ok);
    const now = new Date(clock.now());
    const status = calendar.statusAt(now);
    monitor.set('maintenance', status.state === 'maintenance', status.until.toISOString(), calendar.noticeAt(now));
    monitor.set('closedHours', status.state === 'closed', (status.nextOpenAt ?? status.until).toISOString());
    // A report HQ did not take (it was away) goes again now; start-up does not wait for it.
    void reporter.reportIfChanged();
  };
  await refresh();
  const stop = repeatEvery(clock, everyMs, () => {
    refresh().catch((error: Error) => logger.warn({ error: error.message }, 'calendar refresh failed'));
  });
  return { refresh, stop };
}
