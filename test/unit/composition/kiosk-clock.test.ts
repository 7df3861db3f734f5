import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KioskClock } from '../../../src/main/simulation/kiosk-clock';
import { offsetClock } from '../../../src/server-kit/offset-clock';
import { storeHoursClockStart } from '../../e2e/kiosk-host';

const REAL = Date.parse('2026-12-02T15:30:00Z'); // 00:30 Tokyo: the demo kiosk is closed

describe('the simulated kiosk clock and the services that share it', () => {
  afterEach(() => { vi.useRealTimers(); });

  it('starts where it is told, writes that shift for the embedded HQ and bureau, and returns to it on reset', () => {
    vi.useFakeTimers({ now: REAL, toFake: ['Date'] });
    const file = join(mkdtempSync(join(tmpdir(), 'kiosk-clock-')), 'sim-clock-offset');
    const start = new Date('2026-12-03T12:00:00+09:00');
    const clock = new KioskClock(file, start);
    expect(clock.now()).toBe(start.getTime());
    expect(offsetClock(file)().getTime()).toBe(start.getTime());
    clock.setNow(new Date('2026-11-23T03:00:00+09:00'));
    expect(offsetClock(file)().toISOString()).toBe('2026-11-22T18:00:00.000Z');
    clock.reset();
    expect(clock.now()).toBe(start.getTime());
    expect(Number(readFileSync(file, 'utf8'))).toBe(start.getTime() - REAL);
  });

  it('without a start keeps the real clock, and a missing offset file reads as no shift', () => {
    vi.useFakeTimers({ now: REAL, toFake: ['Date'] });
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-clock-'));
    const clock = new KioskClock(join(dir, 'sim-clock-offset'));
    expect(clock.now()).toBe(REAL);
    expect(clock.shifted).toBe(false);
    expect(offsetClock(join(dir, 'absent'))().getTime()).toBe(REAL);
  });

  it('the e2e suite moves into store hours only outside them (and off New Year\'s Day)', () => {
    expect(storeHoursClockStart(new Date('2026-12-02T15:30:00Z'))).toBe('2026-12-03T12:00:00+09:00');
    expect(storeHoursClockStart(new Date('2026-12-02T13:30:00Z'))).toBe('2026-12-02T12:00:00+09:00');
    expect(storeHoursClockStart(new Date('2026-12-02T03:00:00Z'))).toBeUndefined();
    expect(storeHoursClockStart(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-02T12:00:00+09:00');
  });
});
