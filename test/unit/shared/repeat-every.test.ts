import { describe, expect, it } from 'vitest';
import { repeatEvery } from '../../../src/shared/time/clock';
import { ManualClock } from '../../support/manual-clock';

describe('repeatEvery', () => {
  it('runs the task once per period, first after one period, until stopped', () => {
    const clock = new ManualClock();
    const runs: number[] = [];
    const start = clock.now();
    const stop = repeatEvery(clock, 1000, () => runs.push(clock.now() - start));
    clock.advance(999);
    expect(runs).toEqual([]);
    clock.advance(2001);
    expect(runs).toEqual([1000, 2000, 3000]);
    stop();
    clock.advance(10_000);
    expect(runs).toEqual([1000, 2000, 3000]);
    expect(clock.pendingCount).toBe(0);
  });

  it('keeps the period when the task stops itself mid-run, and leaves no timer behind', () => {
    const clock = new ManualClock();
    let runs = 0;
    const stop = repeatEvery(clock, 500, () => {
      runs++;
      if (runs === 2) stop();
    });
    clock.advance(5000);
    expect(runs).toBe(2);
    expect(clock.pendingCount).toBe(0);
  });

  it('is armed for the next period before the task runs, so a throwing task does not end it', () => {
    const clock = new ManualClock();
    let runs = 0;
    repeatEvery(clock, 100, () => {
      runs++;
      throw new Error('task failed');
    });
    expect(() => clock.advance(100)).toThrow('task failed');
    expect(clock.pendingDelays).toEqual([100]);
    expect(() => clock.advance(100)).toThrow('task failed');
    expect(runs).toBe(2);
  });
});
