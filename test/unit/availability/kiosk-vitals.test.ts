/** The vitals in the status report, from their sources (kiosk-vitals.ts, issue 19). */
import { describe, expect, it } from 'vitest';
import { kioskVitals } from '../../../src/main/availability/kiosk-vitals';
import { KioskVitals } from '../../../src/shared/hq-api/kiosk-status';

const sources = {
  diskFreeBytes: () => 1_234_567.9 as number | null,
  retainBin: () => ({ count: 41, state: 'high' as const }),
  sync: () => ({ pending: 12, lagMs: 61_999 as number | null }),
  hqKeysPinned: true,
  configHash: 'e'.repeat(64),
};

describe('kioskVitals', () => {
  it('reads each source, in whole bytes and seconds, as HQ\'s schema takes them', () => {
    const vitals = kioskVitals(sources);
    expect(vitals).toEqual({
      diskFreeBytes: 1_234_567, retainBin: { count: 41, state: 'high' }, syncBacklog: { pending: 12, lagSeconds: 61 }, hqKeysPinned: true, configHash: 'e'.repeat(64),
    });
    expect(KioskVitals.safeParse(vitals).success).toBe(true);
  });

  it('leaves free disk out before the journal checked it, and the lag null with nothing pending', () => {
    const vitals = kioskVitals({ ...sources, diskFreeBytes: () => null, sync: () => ({ pending: 0, lagMs: null }) });
    expect(vitals).not.toHaveProperty('diskFreeBytes');
    expect(vitals.syncBacklog).toEqual({ pending: 0, lagSeconds: null });
  });
});
