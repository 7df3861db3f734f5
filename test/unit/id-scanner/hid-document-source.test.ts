import { afterEach, describe, expect, it } from 'vitest';
import type { LineFault } from '../../../src/devices/id-scanner/document-source';
import { HidDocumentSource } from '../../../src/devices/id-scanner/hid/hid-document-source';
import { encodeHidPosReports } from '../../../src/devices/id-scanner/hid/hid-pos-report';
import { SimulatedHidDevice } from '../../../src/devices/id-scanner/simulator/simulated-hid-device';
import { ManualClock } from '../../support/manual-clock';

const text = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => 0x41 + (i % 26)));

type Rig = { source: HidDocumentSource; device: SimulatedHidDevice; timers: ManualClock; payloads: Buffer[]; faults: LineFault[]; lost: string[] };
const opened: Rig[] = [];

async function rig(options: { maxPayloadBytes?: number } = {}): Promise<Rig> {
  const device = new SimulatedHidDevice();
  const timers = new ManualClock();
  const source = new HidDocumentSource({ device, endpoint: 'sim', timers, interReportTimeoutMs: 500, ...options });
  const r: Rig = { source, device, timers, payloads: [], faults: [], lost: [] };
  source.onPayload((p) => r.payloads.push(p));
  source.onFault((f) => r.faults.push(f));
  source.onLinkLost((reason) => r.lost.push(reason));
  await source.open();
  opened.push(r);
  return r;
}

afterEach(async () => {
  for (const r of opened.splice(0)) await r.source.close();
});

describe('HID-POS document source', () => {
  it('says what it is for diagnostics', async () => {
    const { source } = await rig();
    expect(source).toMatchObject({ transport: 'hid', endpoint: 'sim', canReopen: false, maxPayloadBytes: 4096, readInProgress: false });
    expect(new HidDocumentSource({ device: async () => new SimulatedHidDevice() })).toMatchObject({ endpoint: 'hid', canReopen: true });
  });

  it('delivers each payload whole, however the reader splits it into reports', async () => {
    const { source, device, payloads, faults } = await rig();
    const sent: Buffer[] = [];
    for (const length of [0, 1, 55, 56, 57, 113, 300]) {
      for (const chunkSize of [1, 7, 55, 56]) {
        const payload = text(length);
        sent.push(payload);
        await device.deliver(encodeHidPosReports(payload, { chunkSize }));
        expect(source.readInProgress).toBe(false);
      }
    }
    expect(payloads).toEqual(sent);
    expect(faults).toEqual([]);
  });

  it('knows a read is arriving while its reports are still coming', async () => {
    const { source, device, payloads } = await rig();
    const reports = encodeHidPosReports(text(120));
    await device.deliver(reports.slice(0, 2));
    expect(source.readInProgress).toBe(true);
    await device.deliver(reports.slice(2));
    expect(source.readInProgress).toBe(false);
    expect(payloads).toEqual([text(120)]);
  });

  it('shrugs off a stray malformed report between reads, and says a read was cut short by one inside it', async () => {
    const { device, payloads, faults } = await rig();
    await device.deliver([Buffer.alloc(10)]);
    const [first] = encodeHidPosReports(text(100));
    await device.deliver([first!, Buffer.alloc(64, 0x01)]);
    await device.deliver(encodeHidPosReports(text(20)));
    expect(faults).toMatchObject([
      { source: 'hid', fault: { code: 'malformedReport', report: { code: 'wrongReportSize', size: 10 }, discardedBytes: 0 }, damage: 'none' },
      { source: 'hid', fault: { code: 'malformedReport', report: { code: 'wrongReportId', reportId: 1 }, discardedBytes: 56 }, damage: 'readCutShort', message: expect.stringContaining('report id 0x01') },
    ]);
    expect(payloads).toEqual([text(20)]);
  });

  it('gives up on a payload whose reports stop, and drops an oversized one whole', async () => {
    const { source, device, timers, payloads, faults } = await rig({ maxPayloadBytes: 100 });
    await device.deliver(encodeHidPosReports(text(120)).slice(0, 1));
    timers.advance(499);
    expect(faults).toEqual([]);
    timers.advance(1);
    expect(source.readInProgress).toBe(false);
    await device.deliver(encodeHidPosReports(text(150)));
    expect(faults).toMatchObject([
      { fault: { code: 'incompletePayload', receivedBytes: 56, reports: 1 }, damage: 'readStalled' },
      { fault: { code: 'payloadTooLarge', limit: 100 }, damage: 'readTooLarge' },
    ]);
    expect(payloads).toEqual([]);
  });

  it('lets go of a device that vanished, closes it and says the link was lost', async () => {
    const { source, device, payloads, lost } = await rig();
    await device.deliver(encodeHidPosReports(text(120)).slice(0, 1));
    device.unplug();
    expect(lost).toEqual(['HID device error: could not read from HID device']);
    expect(source.readInProgress).toBe(false);
    expect(device.isOpen).toBe(false);
    expect(device.listenerCount('data') + device.listenerCount('error')).toBe(0);
    expect(payloads).toEqual([]);
  });

  it('stops listening on close without a link lost, drops the payload in progress, and closes the device', async () => {
    const { source, device, timers, payloads, faults, lost } = await rig();
    const reports = encodeHidPosReports(text(120));
    await device.deliver(reports.slice(0, 1));
    await source.close();
    expect(device.isOpen).toBe(false);
    expect(device.listenerCount('data') + device.listenerCount('error')).toBe(0);
    expect(timers.pendingCount).toBe(0);
    device.emit('data', reports[1]);
    expect({ payloads, faults, lost }).toEqual({ payloads: [], faults: [], lost: [] });
    await source.close();
  });

  it('opens a fresh handle from its factory after a lost link, and reads with it', async () => {
    const handles = [new SimulatedHidDevice(), new SimulatedHidDevice()];
    let calls = 0;
    const source = new HidDocumentSource({ device: async () => handles[calls++]! });
    const payloads: Buffer[] = [];
    source.onPayload((p) => payloads.push(p));
    await source.open();
    handles[0]!.unplug();
    await source.open();
    expect(calls).toBe(2);
    await handles[1]!.deliver(encodeHidPosReports(text(60)));
    expect(payloads).toEqual([text(60)]);
    await source.close();
  });

  it('rejects open with the reason when the factory cannot open a device', async () => {
    const source = new HidDocumentSource({ device: () => Promise.reject(new Error('no HID device fffe:fffd')) });
    await expect(source.open()).rejects.toThrow('no HID device fffe:fffd');
    expect(source.readInProgress).toBe(false);
    await source.close();
  });
});
