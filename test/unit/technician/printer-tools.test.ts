/**
 * The printer on the technician's devices page (issue 14): its paper and
 * cover state from DLE EOT, and the self-test page, against the simulator
 * behind the real driver.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatedPrinter, type SimulatedPrinter } from '../../../src/devices/printer';
import { TechnicianTools, type TechnicianToolsOptions } from '../../../src/main/technician/technician-tools';
import { DeviceReport } from '../../../src/shared/diagnostics/diagnostics-bundle';

let sim: SimulatedPrinter | null = null;
afterEach(async () => { await sim?.service.close(); await sim?.simulator.stop(); sim = null; });

async function printerTools() {
  sim = await createSimulatedPrinter({ pollIntervalMs: 0 });
  await sim.service.open();
  // Only the printer is used by what these tests call.
  const options = { printer: sim.service, clock: () => new Date('2026-11-24T03:00:00Z') } as unknown as TechnicianToolsOptions;
  return { tools: new TechnicianTools(options), simulator: sim.simulator, service: sim.service };
}

describe('the printer for technicians', () => {
  it('reports the printer with paper and cover state, in the diagnostics bundle\'s shape', async () => {
    const { tools, simulator, service } = await printerTools();
    simulator.setPaper('nearEnd');
    await service.refreshStatus();
    const report = DeviceReport.parse(tools.printerReport(service));
    expect(report).toMatchObject({ name: 'printer', state: 'online', status: { device: 'online', paper: 'low', cover: 'closed', printing: false } });
  });

  it('runs the status test: fails with paper out or the cover open, and says which', async () => {
    const { tools, simulator } = await printerTools();
    expect(await tools.selfTest('printerStatus')).toEqual({ ok: true, detail: 'online, paper full, cover closed' });
    simulator.setPaper('out');
    expect(await tools.selfTest('printerStatus')).toEqual({ ok: false, detail: 'offline, paper out, cover closed' });
    simulator.setPaper('full');
    simulator.setCoverOpen(true);
    expect(await tools.selfTest('printerStatus')).toMatchObject({ ok: false, detail: expect.stringContaining('cover open') });
  });

  it('prints the self-test page, readable from the simulator; refuses with paper out', async () => {
    const { tools, simulator } = await printerTools();
    const result = await tools.selfTest('printerPage');
    expect(result).toMatchObject({ ok: true, detail: expect.stringContaining('page printed') });
    expect(simulator.printed().at(-1)?.text).toContain('プリンター自己診断');
    simulator.setPaper('out');
    expect(await tools.selfTest('printerPage')).toMatchObject({ ok: false, detail: expect.stringContaining('paperOut') });
  });
});
