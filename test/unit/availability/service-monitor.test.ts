/** One place decides whether the kiosk serves, and what the out-of-service screen says (service-monitor.ts). */
import { describe, expect, it } from 'vitest';
import { ServiceMonitor, type Availability } from '../../../src/main/availability/service-monitor';

function monitor() {
  const changes: Availability[] = [];
  const m = new ServiceMonitor();
  m.on('changed', (a) => changes.push(a));
  return { m, changes };
}

const notice = { ja: '回線工事のため停止しています。', en: 'Stopped for line work.' };

describe('ServiceMonitor', () => {
  it('names the most important reason, with its resume time and HQ\'s notice', () => {
    const { m, changes } = monitor();
    m.set('hqUnreachable', true);
    m.set('maintenance', true, '2026-11-24T05:00:00.000Z', notice);
    expect(changes.at(-1)).toEqual({ available: false, reason: 'maintenance', resumesAt: '2026-11-24T05:00:00.000Z', notice });
    m.set('journalUnavailable', true);
    expect(changes.at(-1)).toEqual({ available: false, reason: 'journalUnavailable', resumesAt: null, notice: null });
    m.set('journalUnavailable', false);
    m.set('maintenance', false);
    expect(changes.at(-1)).toEqual({ available: false, reason: 'hqUnreachable', resumesAt: null, notice: null });
    m.set('hqUnreachable', false);
    expect(changes.at(-1)).toEqual({ available: true, reason: null, resumesAt: null, notice: null });
    expect(m.conditions).toEqual([]);
  });

  it('puts HQ not recognising the kiosk above everything but the journal: its screen is what unblocks the rest', () => {
    const { m, changes } = monitor();
    for (const condition of ['hqUnreachable', 'closedHours', 'maintenance', 'technician', 'cardReaderFault', 'notEnrolled'] as const) m.set(condition, true);
    expect(changes.at(-1)).toMatchObject({ available: false, reason: 'notEnrolled' });
    m.set('journalUnavailable', true);
    expect(changes.at(-1)).toMatchObject({ reason: 'journalUnavailable' });
    expect(m.conditions).toEqual(['journalUnavailable', 'notEnrolled', 'cardReaderFault', 'technician', 'maintenance', 'closedHours', 'hqUnreachable']);
    m.set('journalUnavailable', false);
    m.set('notEnrolled', false);
    expect(changes.at(-1)).toMatchObject({ reason: 'cardReaderFault' });
  });

  it('tells the core only when what it would show changes, a new notice included', () => {
    const { m, changes } = monitor();
    m.set('maintenance', true, '2026-11-24T05:00:00.000Z', notice);
    m.set('maintenance', true, '2026-11-24T05:00:00.000Z', { ...notice });
    m.set('closedHours', false);
    expect(changes).toHaveLength(1);
    m.set('maintenance', true, '2026-11-24T05:00:00.000Z', { ...notice, en: 'Stopped for line work; back soon.' });
    expect(changes).toHaveLength(2);
    expect(changes.at(-1)!.notice!.en).toBe('Stopped for line work; back soon.');
  });
});
