/** Staged rollout buckets (src/shared/updates/rollout.ts): stable per kiosk, monotone in the percentage, well spread. */
import { describe, expect, it } from 'vitest';
import { inRollout, rolloutBucket } from '../../../src/shared/updates/rollout';

const fleet = Array.from({ length: 1000 }, (_, i) => `KIOSK-${String(i).padStart(4, '0')}`);

describe('rollout buckets', () => {
  it('give a kiosk the same bucket every time (FNV-1a 32 reference value included)', () => {
    // FNV-1a 32 of "a" is 0xe40c292c (the FNV reference test vectors); 3826002220 % 100 = 20.
    expect(rolloutBucket('a')).toBe(0xe40c292c % 100);
    for (const id of fleet.slice(0, 50)) expect(rolloutBucket(id)).toBe(rolloutBucket(`${id}`));
    expect(new Set(fleet.map(rolloutBucket)).size).toBe(100);
  });

  it('raising the percentage only adds kiosks; 0 is none and 100 is all', () => {
    let previous = new Set<string>();
    for (const percent of [0, 1, 5, 10, 25, 50, 75, 100]) {
      const chosen = new Set(fleet.filter((id) => inRollout(id, percent)));
      for (const id of previous) expect(chosen.has(id)).toBe(true);
      previous = chosen;
      if (percent === 0) expect(chosen.size).toBe(0);
      if (percent === 100) expect(chosen.size).toBe(fleet.length);
    }
  });

  it('picks roughly the stated share of a fleet', () => {
    const tenPercent = fleet.filter((id) => inRollout(id, 10)).length;
    expect(tenPercent).toBeGreaterThan(60);
    expect(tenPercent).toBeLessThan(140);
  });
});
