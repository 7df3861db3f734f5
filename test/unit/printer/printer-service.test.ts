/**
 * PrinterService over the in-memory link with the simulator at the far end:
 * XFS status and events, refusals before a byte is sent, a roll that ends
 * mid-document, a printer that goes silent or answers nonsense, and no
 * document text anywhere but on the paper.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatedPrinter } from '../../../src/devices/printer/simulated-printer';
import type { PrinterEvents, PrinterServiceOptions } from '../../../src/devices/printer/printer-service';
import { documentBytes, encodeDocument } from '../../../src/devices/printer/escpos-encoder';
import { CUSTOMER_NAME, ManualClock, advance, contractChangeDocument, drive, settle } from './support';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function rig(options: Partial<Omit<PrinterServiceOptions, 'transport'>> = {}) {
  const clock = new ManualClock();
  const { service, simulator } = await createSimulatedPrinter({ clock, pollIntervalMs: 0, statusTimeoutMs: 100, maxTries: 2, ...options });
  closers.push(() => simulator.stop(), () => service.close());
  const events: { [K in keyof PrinterEvents]: PrinterEvents[K][] } = { statusChanged: [], paperThreshold: [], fault: [] };
  service.on('statusChanged', (e) => events.statusChanged.push(e));
  service.on('paperThreshold', (e) => events.paperThreshold.push(e));
  service.on('fault', (e) => events.fault.push(e));
  /** Status bytes only: three bytes out per request. */
  const documentBytesReceived = () => simulator.snapshot().bytesReceived - simulator.snapshot().statusRequests * 3;
  return { clock, service, simulator, events, documentBytesReceived };
}

const text = (lines: { text: string }[]) => lines.map((l) => l.text).join('\n');

describe('opening and status', () => {
  it('opens online with paper full and the cover closed', async () => {
    const { service } = await rig();
    expect(await drive(service.open())).toMatchObject({ completion: 'success', value: { device: 'online', paper: 'full', cover: 'closed', printing: false } });
  });

  it('reports paper low and out as XFS paper thresholds, and the device offline when out', async () => {
    const { service, simulator, events } = await rig();
    await drive(service.open());
    simulator.setPaper('nearEnd');
    expect(await drive(service.refreshStatus())).toMatchObject({ value: { device: 'online', paper: 'low' } });
    simulator.setPaper('out');
    expect(await drive(service.refreshStatus())).toMatchObject({ value: { device: 'offline', paper: 'out' } });
    expect(events.paperThreshold).toEqual([{ paper: 'low' }, { paper: 'out' }]);
    expect(events.fault).toEqual([{ error: 'notReady', detail: 'offline, stopped by paper end, paper end' }]);
  });

  it('polls on its clock and notices a cover opened and closed', async () => {
    const { clock, service, simulator, events } = await rig({ pollIntervalMs: 1000 });
    await drive(service.open());
    simulator.setCoverOpen(true);
    await advance(clock, 1000);
    expect(service.status()).toMatchObject({ device: 'offline', cover: 'open' });
    simulator.setCoverOpen(false);
    await advance(clock, 1000);
    expect(service.status()).toMatchObject({ device: 'online', cover: 'closed' });
    expect(events.statusChanged.map((s) => s.cover)).toContain('open');
  });

  it('goes offline with a clear fault when the printer stops answering, and online again when it answers', async () => {
    const { clock, service, simulator, events } = await rig();
    await drive(service.open());
    simulator.setSilent(true);
    const refresh = service.refreshStatus();
    await advance(clock, 200);
    expect(await drive(refresh)).toEqual({ completion: 'timeOut', detail: 'no status from printer on memory:printer (DLE EOT 1, 2 tries): check power, cable and port' });
    expect(service.status().device).toBe('offline');
    expect(events.fault.at(-1)).toMatchObject({ error: 'timeout' });
    simulator.setSilent(false);
    await advance(clock, 100); // the quiet period after a failed request
    expect(await drive(service.refreshStatus())).toMatchObject({ completion: 'success', value: { device: 'online' } });
  });
});

describe('malformed status replies', () => {
  it('loses nothing over one bad answer: the retry is taken and the noise counted', async () => {
    const { clock, service, simulator } = await rig();
    await drive(service.open());
    simulator.malformNextStatusReplies(1);
    const refresh = service.refreshStatus();
    await advance(clock, 100);
    expect(await drive(refresh)).toMatchObject({ completion: 'success', value: { device: 'online', paper: 'full' } });
    expect(service.diagnostics().counters).toMatchObject({ noiseBytes: 1, retries: 1 });
  });

  it('says hardwareError in plain words when every answer is malformed, and recovers after', async () => {
    const { clock, service, simulator, events } = await rig();
    await drive(service.open());
    simulator.malformNextStatusReplies(2);
    const refresh = service.refreshStatus();
    await advance(clock, 200);
    const result = await drive(refresh);
    expect(result).toMatchObject({ completion: 'hardwareError' });
    expect(result.completion !== 'success' && result.detail).toMatch(/answered DLE EOT 1 with 2 byte\(s\) that are not status bytes \(last 0x00; bits 1 and 4 must be set\)/);
    expect(events.fault.at(-1)).toMatchObject({ error: 'malformedReply' });
    await advance(clock, 100);
    expect(await drive(service.refreshStatus())).toMatchObject({ completion: 'success', value: { device: 'online' } });
  });
});

describe('printing', () => {
  it('prints a Japanese document that the printer reads back as the same text, cut', async () => {
    const { service, simulator, events } = await rig();
    await drive(service.open());
    const document = contractChangeDocument();
    const result = await drive(service.print(document));
    const bytes = encodeDocument(document).byteLength;
    expect(result).toEqual({ completion: 'success', value: { bytes, lines: document.lines.length, substituted: 0, paper: 'full' } });
    expect(simulator.printed()).toEqual([expect.objectContaining({ text: text(document.lines), cut: true })]);
    expect(events.statusChanged.some((s) => s.printing)).toBe(true);
    expect(service.status().printing).toBe(false);
    expect(service.diagnostics().counters).toMatchObject({ documentsStarted: 1, documentsPrinted: 1, documentBytes: bytes });
  });

  it.each([
    { name: 'paper out', set: (s: import('../../../src/devices/printer/index').PrinterSimulator) => s.setPaper('out'), result: { completion: 'commandErrorCode', errorCode: 'paperOut' } },
    { name: 'cover open', set: (s: import('../../../src/devices/printer/index').PrinterSimulator) => s.setCoverOpen(true), result: { completion: 'commandErrorCode', errorCode: 'coverOpen' } },
    { name: 'offline', set: (s: import('../../../src/devices/printer/index').PrinterSimulator) => s.setOffline(true), result: { completion: 'deviceNotReady' } },
    { name: 'an auto-cutter error', set: (s: import('../../../src/devices/printer/index').PrinterSimulator) => s.setError('autoCutter'), result: { completion: 'hardwareError', detail: 'offline, auto-cutter error' } },
  ])('refuses with $result.completion on $name before sending a single document byte', async ({ set, result }) => {
    const { service, simulator, documentBytesReceived } = await rig();
    await drive(service.open());
    set(simulator);
    expect(await drive(service.print(contractChangeDocument()))).toMatchObject({ ...result, started: false });
    expect(documentBytesReceived()).toBe(0);
    expect(simulator.printed()).toEqual([]);
    expect(service.diagnostics().counters.documentsStarted).toBe(0);
  });

  it('refuses with timeOut, nothing sent, when the printer does not answer the status asked first', async () => {
    const { clock, service, simulator, documentBytesReceived } = await rig();
    await drive(service.open());
    simulator.setSilent(true);
    const print = service.print(contractChangeDocument());
    await advance(clock, 200);
    expect(await drive(print)).toMatchObject({ completion: 'timeOut', started: false });
    simulator.setSilent(false);
    expect(documentBytesReceived()).toBe(0);
  });

  it('stops when the paper runs out mid-document, says paperOut with started: true, and sends no more', async () => {
    const { service, simulator, events, documentBytesReceived } = await rig();
    await drive(service.open());
    const document = contractChangeDocument();
    simulator.runOutOfPaperAfter(4);
    const result = await drive(service.print(document));
    expect(result).toMatchObject({ completion: 'commandErrorCode', errorCode: 'paperOut', started: true });
    expect(result.completion !== 'success' && result.detail).toBe('printing stopped after line 4 of 12: offline, stopped by paper end, paper end');
    expect(events.fault.map((f) => f.error)).toEqual(['notReady', 'printInterrupted']);
    expect(events.paperThreshold.at(-1)).toEqual({ paper: 'out' });
    expect(simulator.printed()).toEqual([expect.objectContaining({ text: text(document.lines.slice(0, 4)), cut: false })]);
    // Line 5 was never sent: the driver stopped at the first offline status.
    const encoded = encodeDocument(document);
    expect(documentBytesReceived()).toBe(encoded.prologue.length + encoded.lines.slice(0, 4).reduce((n, l) => n + l.length, 0));
    expect(service.status()).toMatchObject({ device: 'offline', paper: 'out', printing: false });
  });

  it('reports a fault when the status after the cut is bad (the roll ended on the last lines)', async () => {
    const { service, simulator } = await rig();
    await drive(service.open());
    const document = contractChangeDocument();
    // Enough paper for every line; the feed before the cut runs off the end.
    simulator.runOutOfPaperAfter(document.lines.length + 1);
    const result = await drive(service.print(document));
    expect(result).toMatchObject({ completion: 'commandErrorCode', errorCode: 'paperOut', started: true });
    expect(result.completion !== 'success' && result.detail).toMatch(/^printing stopped after the last line: /);
    expect(simulator.printed()[0]).toMatchObject({ cut: false, text: text(document.lines) });
  });

  it('prints with paper low and says so', async () => {
    const { service, simulator } = await rig();
    await drive(service.open());
    simulator.setPaper('nearEnd');
    expect(await drive(service.print(contractChangeDocument()))).toMatchObject({ completion: 'success', value: { paper: 'low' } });
  });

  it('prints documents given together one after the other, never interleaved', async () => {
    const { service, simulator } = await rig();
    await drive(service.open());
    const a = { lines: [{ text: '一枚目' }, { text: 'first' }], cut: true };
    const b = { lines: [{ text: '二枚目' }, { text: 'second' }], cut: true };
    const [ra, rb] = await drive(Promise.all([service.print(a), service.print(b)]));
    expect([ra.completion, rb.completion]).toEqual(['success', 'success']);
    expect(simulator.printed().map((d) => d.text)).toEqual(['一枚目\nfirst', '二枚目\nsecond']);
  });

  it('refuses a malformed document as invalidData without touching the line', async () => {
    const { service, simulator } = await rig();
    await drive(service.open());
    const requests = simulator.snapshot().statusRequests;
    expect(await drive(service.print({ lines: [{ text: `${CUSTOMER_NAME}\n様` }], cut: true }))).toEqual({
      completion: 'invalidData', detail: 'line 1 contains a line break; give each printed line as its own line', started: false,
    });
    expect(simulator.snapshot().statusRequests).toBe(requests);
  });

  it('keeps the customer name out of results, events, diagnostics and the trace', async () => {
    const { service, simulator, events } = await rig();
    await drive(service.open());
    simulator.runOutOfPaperAfter(7);
    const result = await drive(service.print(contractChangeDocument()));
    const name = Buffer.from(documentBytes(encodeDocument({ lines: [{ text: CUSTOMER_NAME }], cut: false })).subarray(10, -1));
    const hexName = name.toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1 ');
    const everything = JSON.stringify({ result, events, diagnostics: service.diagnostics(), status: service.status() });
    expect(everything).not.toContain(CUSTOMER_NAME);
    expect(everything).not.toContain('佐藤');
    expect(everything).not.toContain(hexName);
    expect(simulator.printed()[0]!.text).toContain(CUSTOMER_NAME);
  });
});

describe('closing', () => {
  it('refuses to print after close, without a fault', async () => {
    const { service, events } = await rig();
    await drive(service.open());
    await service.close();
    await settle();
    expect(await drive(service.print(contractChangeDocument()))).toMatchObject({ completion: 'deviceNotReady', started: false });
    expect(events.fault).toEqual([]);
  });
});

describe('options', () => {
  it('refuses a feed before the cut that ESC d cannot carry when built, so print() never throws on it', async () => {
    await expect(rig({ feedBeforeCut: 300 })).rejects.toThrow(RangeError);
    const { service, simulator } = await rig({ feedBeforeCut: 1, cut: 'partial' });
    await drive(service.open());
    expect(await drive(service.print({ lines: [{ text: 'x' }], cut: true }))).toMatchObject({ completion: 'success' });
    expect(simulator.printed()).toEqual([expect.objectContaining({ text: 'x', cut: true })]);
  });
});
