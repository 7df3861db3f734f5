/**
 * The flow's printer port over the real driver and the ESC/POS simulator
 * (in-memory link): readiness from a fresh DLE EOT, HQ's lines printed in
 * Shift_JIS kanji mode and read back, and each failure in the closed set.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatedPrinter, type SimulatedPrinter } from '../../../src/devices/printer';
import { printerPort } from '../../../src/main/adapters/printer-port';
import { contractDocument } from '../../support/fake-flow-ports';

let sim: SimulatedPrinter | null = null;
afterEach(async () => { await sim?.service.close(); await sim?.simulator.stop(); sim = null; });

async function port() {
  sim = await createSimulatedPrinter({ pollIntervalMs: 0 });
  await sim.service.open();
  return { port: printerPort(sim.service), simulator: sim.simulator };
}

describe('the printer port', () => {
  it('is ready with paper (near end included), and says why not with paper out, the cover open, offline or an error', async () => {
    const { port: p, simulator } = await port();
    expect(await p.readiness()).toEqual({ ready: true });
    simulator.setPaper('nearEnd');
    expect(await p.readiness()).toEqual({ ready: true });
    simulator.setPaper('out');
    expect(await p.readiness()).toEqual({ ready: false, reason: 'paperOut' });
    simulator.setPaper('full');
    simulator.setCoverOpen(true);
    expect(await p.readiness()).toEqual({ ready: false, reason: 'coverOpen' });
    simulator.setCoverOpen(false);
    simulator.setOffline(true);
    expect(await p.readiness()).toEqual({ ready: false, reason: 'offline' });
    simulator.setOffline(false);
    simulator.setError('unrecoverable');
    expect(await p.readiness()).toEqual({ ready: false, reason: 'hardwareError' });
  });

  it('prints HQ\'s lines as they are, cut, readable back in Japanese', async () => {
    const { port: p, simulator } = await port();
    const document = contractDocument('increase', 500_000, 600_000);
    expect(await p.print(document)).toEqual({ ok: true });
    const printed = simulator.printed().at(-1)!;
    expect(printed.cut).toBe(true);
    expect(printed.text.split('\n')).toEqual(document.lines.map((l) => l.text));
  });

  it('reports paper out before a byte is sent, and paper ending part way as started', async () => {
    const { port: p, simulator } = await port();
    simulator.setPaper('out');
    expect(await p.print(contractDocument('increase', 500_000, 600_000))).toEqual({ ok: false, failure: 'paperOut', started: false });
    simulator.setPaper('full');
    simulator.runOutOfPaperAfter(1);
    expect(await p.print(contractDocument('increase', 500_000, 600_000))).toEqual({ ok: false, failure: 'paperOut', started: true });
  });
});
