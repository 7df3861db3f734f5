import { describe, expect, it } from 'vitest';
import { SoftPinPad } from '../../../src/main/flows/soft-pin-pad';

describe('soft PIN pad', () => {
  it('holds at most four digits and reports only a count', () => {
    const pad = new SoftPinPad();
    expect(['7', '3', '9', '1', '5'].map((k) => pad.press(k as never))).toEqual(['digit', 'digit', 'digit', 'digit', 'full']);
    expect(pad.count).toBe(4);
    expect(JSON.stringify(pad)).not.toMatch(/7391/);
  });

  it('folds full-width digits to half-width', async () => {
    const pad = new SoftPinPad();
    for (const k of ['７', '３', '９', '１'] as const) pad.press(k);
    expect(await pad.consume((d) => d.toString('latin1'))).toBe('7391');
  });

  it('erases, clears, and refuses enter until complete', () => {
    const pad = new SoftPinPad();
    expect(pad.press('backspace')).toBe('ignored');
    pad.press('1');
    pad.press('2');
    expect(pad.press('enter')).toBe('incomplete');
    expect(pad.press('backspace')).toBe('erased');
    expect(pad.count).toBe(1);
    expect(pad.press('clear')).toBe('cleared');
    expect(pad.count).toBe(0);
  });

  it('keeps the lent copy until the async use settles, then wipes it, even when use fails', async () => {
    const pad = new SoftPinPad();
    for (const k of ['8', '2', '6', '4'] as const) pad.press(k);
    let lent: Buffer | null = null;
    let seenDuringUse = '';
    await expect(pad.consume(async (d) => {
      lent = d;
      expect(pad.count).toBe(0);
      await new Promise((r) => setImmediate(r));
      seenDuringUse = d.toString('latin1');
      throw new Error('HQ down');
    })).rejects.toThrow('HQ down');
    expect(seenDuringUse).toBe('8264');
    expect(lent!.every((b: number) => b === 0)).toBe(true);
    await expect(pad.consume(() => 1)).rejects.toThrow(/not complete/);
  });

  it('compares two entries without revealing them', () => {
    const a = new SoftPinPad();
    const b = new SoftPinPad();
    for (const k of ['4', '8', '1', '5'] as const) { a.press(k); b.press(k); }
    expect(a.sameAs(b)).toBe(true);
    b.press('backspace');
    b.press('6');
    expect(a.sameAs(b)).toBe(false);
  });
});
