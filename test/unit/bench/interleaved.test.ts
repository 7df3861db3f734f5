/**
 * The arithmetic and the call order of bench/interleaved.ts, with fake
 * measured functions that return scripted samples and record when they ran.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interleaved, median, ratioRow, summarize } from '../../../bench/interleaved';

/** A side that returns `samples[round]` and writes its label and round to `log`. */
function scripted(label: string, samples: number[], log: string[]) {
  return async (round: number) => {
    log.push(`${label}${round}`);
    await Promise.resolve(); // an awaited side must finish before the other starts
    log.push(`/${label}${round}`);
    return samples[round]!;
  };
}

describe('interleaved', () => {
  it('runs warm-up A B, then A B A B ..., each call over before the next begins', async () => {
    const log: string[] = [];
    await interleaved({ rounds: 3, measured: scripted('A', [1, 1, 1, 1], log), baseline: scripted('B', [1, 1, 1, 1], log), higherIsBetter: true });
    expect(log).toEqual(['A0', '/A0', 'B0', '/B0', 'A1', '/A1', 'B1', '/B1', 'A2', '/A2', 'B2', '/B2', 'A3', '/A3', 'B3', '/B3']);
  });

  it('accepts synchronous sides', async () => {
    const order: string[] = [];
    const result = await interleaved({
      rounds: 2,
      measured: (r) => { order.push(`A${r}`); return 10; },
      baseline: (r) => { order.push(`B${r}`); return 20; },
      higherIsBetter: false,
    });
    expect(order).toEqual(['A0', 'B0', 'A1', 'B1', 'A2', 'B2']);
    expect(result.ratio).toBe(2);
  });

  it('discards the warm-up round, however far off it is', async () => {
    const log: string[] = [];
    // Round 0 is absurd on both sides; were it counted, medians and spread would move.
    const result = await interleaved({ rounds: 3, measured: scripted('A', [1e9, 8, 9, 10], log), baseline: scripted('B', [1, 10, 10, 10], log), higherIsBetter: true });
    expect(result.rounds).toBe(3);
    expect(result.samples).toEqual({ measured: [8, 9, 10], baseline: [10, 10, 10] });
    expect(result.measured).toBe(9);
    expect(result.baseline).toBe(10);
    expect(result.ratio).toBeCloseTo(0.9, 12);
    expect(result.min).toBeCloseTo(0.8, 12);
    expect(result.max).toBeCloseTo(1, 12);
  });

  it('takes the ratio of the medians, and min and max of the per-round ratios (rates: measured / baseline)', async () => {
    const log: string[] = [];
    const result = await interleaved({
      rounds: 5,
      measured: scripted('A', [0, 80, 90, 70, 100, 85], log),
      baseline: scripted('B', [0, 100, 100, 100, 100, 50], log),
      higherIsBetter: true,
    });
    expect(result.measured).toBe(85);
    expect(result.baseline).toBe(100);
    expect(result.ratio).toBeCloseTo(0.85, 12);
    // Per round: 0.8, 0.9, 0.7, 1.0, 1.7. The median ratio would be 0.9; the ratio of medians is 0.85.
    expect(result.min).toBeCloseTo(0.7, 12);
    expect(result.max).toBeCloseTo(1.7, 12);
  });

  it('divides the other way for durations (ms: baseline / measured), so above 1 still means faster', async () => {
    const log: string[] = [];
    const result = await interleaved({ rounds: 3, measured: scripted('A', [0, 20, 25, 40], log), baseline: scripted('B', [0, 10, 10, 10], log), higherIsBetter: false });
    expect(result.measured).toBe(25);
    expect(result.baseline).toBe(10);
    expect(result.ratio).toBeCloseTo(0.4, 12);
    expect(result.min).toBeCloseTo(0.25, 12);
    expect(result.max).toBeCloseTo(0.5, 12);
  });

  it('refuses zero or fractional rounds', async () => {
    const one = () => 1;
    await expect(interleaved({ rounds: 0, measured: one, baseline: one, higherIsBetter: true })).rejects.toThrow(/rounds/);
    await expect(interleaved({ rounds: 2.5, measured: one, baseline: one, higherIsBetter: true })).rejects.toThrow(/rounds/);
  });
});

describe('median', () => {
  it('is the middle value for an odd count, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([7])).toBe(7);
  });

  it('is the mean of the two middle values for an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('refuses an empty list', () => {
    expect(() => median([])).toThrow();
  });
});

describe('summarize', () => {
  it('refuses unpaired samples', () => {
    expect(() => summarize([1, 2], [1], true)).toThrow(/paired/);
    expect(() => summarize([], [], true)).toThrow(/paired/);
  });

  it('puts the ratio of the medians between the smallest and largest round ratio', () => {
    const positive = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
    fc.assert(fc.property(fc.array(fc.tuple(positive, positive), { minLength: 1, maxLength: 30 }), fc.boolean(), (pairs, higherIsBetter) => {
      const r = summarize(pairs.map((p) => p[0]), pairs.map((p) => p[1]), higherIsBetter);
      const slack = 1e-9 * r.max;
      expect(r.min).toBeLessThanOrEqual(r.ratio + slack);
      expect(r.ratio).toBeLessThanOrEqual(r.max + slack);
    }));
  });
});

describe('ratioRow', () => {
  it('keeps {name, value, unit, baseline, ratio} and adds min, max and rounds', () => {
    const row = ratioRow('x vs y', 'events/s', summarize([2289.4, 2301.2, 2250.9], [2632.2, 2700.1, 2500.3], true));
    expect(row).toEqual({ name: 'x vs y', value: 2289, unit: 'events/s', baseline: 2632, ratio: 0.87, min: 0.852, max: 0.9, rounds: 3 });
  });
});
