import { describe, expect, it } from 'vitest';
import { PinHashBusyError, PinHashGate } from '../../../src/hq/pin/pin-hash-gate';

/** A hash stand-in that finishes when told. */
function held<T>(value: T) {
  let finish!: () => void;
  const started = { value: false };
  const work = () => {
    started.value = true;
    return new Promise<T>((resolve) => { finish = () => resolve(value); });
  };
  return { work, started, finish: () => finish() };
}

describe('PinHashGate', () => {
  it('runs at most `slots` hashes, queues up to the limit in arrival order, and refuses beyond it at once', async () => {
    const gate = new PinHashGate(2, 1);
    const a = held('a');
    const b = held('b');
    const c = held('c');
    const pa = gate.run(a.work);
    const pb = gate.run(b.work);
    const pc = gate.run(c.work);
    await Promise.resolve();
    expect([a.started.value, b.started.value, c.started.value]).toEqual([true, true, false]);
    expect(gate.stats()).toEqual({ running: 2, queued: 1 });
    await expect(gate.run(async () => 'd')).rejects.toBeInstanceOf(PinHashBusyError);
    a.finish();
    expect(await pa).toBe('a');
    await new Promise((r) => setImmediate(r));
    expect(c.started.value).toBe(true);
    expect(gate.stats()).toEqual({ running: 2, queued: 0 });
    b.finish();
    c.finish();
    expect(await Promise.all([pb, pc])).toEqual(['b', 'c']);
    expect(gate.stats()).toEqual({ running: 0, queued: 0 });
  });

  it('gives the slot back when a hash fails', async () => {
    const gate = new PinHashGate(1, 0);
    await expect(gate.run(async () => { throw new Error('scrypt failed'); })).rejects.toThrow('scrypt failed');
    expect(await gate.run(async () => 'next')).toBe('next');
  });
});
