/** A change of the monitor's answer is journaled, shown and reported (follow-availability.ts). */
import { describe, expect, it } from 'vitest';
import { followAvailability } from '../../../src/main/availability/follow-availability';
import { ServiceMonitor } from '../../../src/main/availability/service-monitor';
import { checkJournalEvent, type JournalEvent } from '../../../src/shared/journal';

function rig() {
  const monitor = new ServiceMonitor();
  const journaled: JournalEvent[] = [];
  const shown: string[] = [];
  let reports = 0;
  const unsubscribe = followAvailability(monitor, {
    record: (event) => { journaled.push(event); return true; },
    core: {
      goOutOfService: (reason, resumesAt) => shown.push(`out: ${reason}${resumesAt ? ` until ${resumesAt}` : ''}`),
      resumeService: () => shown.push('in service'),
    },
    reporter: { reportIfChanged: async () => { reports++; } },
  });
  return { monitor, journaled, shown, reports: () => reports, unsubscribe };
}

const reasons = (events: JournalEvent[]) => events.map((e) => (e.type === 'outOfService.entered' ? `entered ${(e.payload as { reasons: string[] }).reasons[0]}` : e.type));

describe('following the service monitor', () => {
  it('journals each stop under the journal\'s name for it, shows it, and reports it to HQ', () => {
    const { monitor, journaled, shown, reports } = rig();
    monitor.set('maintenance', true, '2026-11-24T05:00:00.000Z');
    monitor.set('technician', true);
    monitor.set('technician', false);
    monitor.set('maintenance', false);
    expect(reasons(journaled)).toEqual(['entered maintenanceWindow', 'entered technicianRequest', 'entered maintenanceWindow', 'outOfService.left']);
    expect(shown).toEqual(['out: maintenance until 2026-11-24T05:00:00.000Z', 'out: technician', 'out: maintenance until 2026-11-24T05:00:00.000Z', 'in service']);
    expect(reports()).toBe(4);
  });

  it('journals HQ not recognising the kiosk under an existing reason (the journal\'s schema is additive only) and shows it as itself', () => {
    const { monitor, journaled, shown } = rig();
    monitor.set('notEnrolled', true);
    monitor.set('notEnrolled', false);
    expect(reasons(journaled)).toEqual(['entered hqUnreachable', 'outOfService.left']);
    expect(shown).toEqual(['out: notEnrolled', 'in service']);
    // Whatever the journal's name, it is one the journal's schema takes.
    expect(journaled.every((e) => checkJournalEvent(e).ok)).toBe(true);
  });

  it('does not try to journal a stop for the journal itself, but still shows and reports it', () => {
    const { monitor, journaled, shown, reports } = rig();
    monitor.set('journalUnavailable', true);
    expect(journaled).toEqual([]);
    expect(shown).toEqual(['out: journalUnavailable']);
    expect(reports()).toBe(1);
    monitor.set('journalUnavailable', false);
    expect(reasons(journaled)).toEqual(['outOfService.left']);
  });

  it('hears nothing after unsubscribing', () => {
    const { monitor, journaled, shown, unsubscribe } = rig();
    unsubscribe();
    monitor.set('hqUnreachable', true);
    expect(journaled).toEqual([]);
    expect(shown).toEqual([]);
  });
});
