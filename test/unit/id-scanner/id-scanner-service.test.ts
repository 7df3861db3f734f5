import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../../src/shared/demo/demo-people';
import { IdScannerService, type DocumentReadEvent, type IdScannerFault, type IdScannerStatus } from '../../../src/devices/id-scanner/id-scanner-service';
import { HidDocumentSource } from '../../../src/devices/id-scanner/hid/hid-document-source';
import { encodeHidPosReports } from '../../../src/devices/id-scanner/hid/hid-pos-report';
import { SerialDocumentSource } from '../../../src/devices/id-scanner/serial/serial-document-source';
import { encodeSerialFrame } from '../../../src/devices/id-scanner/serial/serial-frame-parser';
import { IdScannerSimulator } from '../../../src/devices/id-scanner/simulator/id-scanner-simulator';
import { createMemoryLink } from '../../../src/devices/transport/memory-link';
import { ManualClock } from '../../support/manual-clock';

// 2026-01-15 10:00 JST: the cast's documents are current except the expired licence.
const NOW = new Date('2026-01-15T01:00:00Z');
const tick = () => new Promise((resolve) => setImmediate(resolve));

type Rig = { service: IdScannerService; simulator: IdScannerSimulator; timers: ManualClock; faults: IdScannerFault[]; reads: DocumentReadEvent[]; statuses: IdScannerStatus[] };
const open: Rig[] = [];

async function rig(kind: 'hid' | 'serial', options: { open?: boolean } = {}): Promise<Rig> {
  const timers = new ManualClock();
  let service: IdScannerService;
  let simulator: IdScannerSimulator;
  if (kind === 'hid') {
    simulator = new IdScannerSimulator({ kind: 'hid' });
    service = new IdScannerService({ source: new HidDocumentSource({ device: simulator.hidDevice!, endpoint: 'sim', timers }), clock: timers, today: () => NOW });
  } else {
    const link = createMemoryLink('id-scanner');
    simulator = new IdScannerSimulator({ kind: 'serial', transport: link.device });
    await simulator.start();
    service = new IdScannerService({ source: new SerialDocumentSource({ transport: link.host, timers }), clock: timers, today: () => NOW });
  }
  const r: Rig = { service, simulator, timers, faults: [], reads: [], statuses: [] };
  service.on('fault', (f) => r.faults.push(f));
  service.on('documentRead', (e) => r.reads.push(e));
  service.on('statusChanged', (s) => r.statuses.push(s));
  if (options.open !== false) expect(await service.open()).toMatchObject({ completion: 'success', value: { device: 'online', transport: kind } });
  open.push(r);
  return r;
}

afterEach(async () => {
  for (const r of open.splice(0)) await r.service.close();
});

describe.each(['hid', 'serial'] as const)('IdScannerService over %s', (kind) => {
  it('reads every demo cast document as the cast describes it', async () => {
    const { service, simulator } = await rig(kind);
    for (const person of DEMO_PEOPLE) {
      for (const document of person.documents) {
        const scan = service.scan({ timeoutMs: 30_000 });
        await simulator.present(document.id);
        const result = await scan;
        const read = result.completion === 'success' ? result.value : 'document' in result ? result.document : undefined;
        expect(read, document.id).toBeDefined();
        expect(read).toMatchObject({ kind: document.kind, dateOfBirth: person.dateOfBirth, expiryDate: document.expiryDate });
        if (document.documentNumber) expect(read!.documentNumber).toBe(document.documentNumber);
        if (read!.source === 'ocr') expect(read!.nameKanji).toBe(person.nameKanji);
        else expect(read).toMatchObject({ surname: person.nameLatin.surname, givenNames: person.nameLatin.givenNames });
        if (document.expiryDate < '2026-01-15') expect(result).toMatchObject({ errorCode: 'expired' });
        else expect(result.completion, document.id).toBe('success');
      }
    }
  });

  it('tells an expired document from an unreadable one', async () => {
    const { service, simulator } = await rig(kind);
    let scan = service.scan({ timeoutMs: 30_000 });
    await simulator.present('icao-td3-specimen');
    expect(await scan).toMatchObject({ completion: 'commandErrorCode', errorCode: 'expired', document: { surname: 'ERIKSSON' } });
    scan = service.scan({ timeoutMs: 30_000 });
    await simulator.presentUnreadable();
    const unreadable = await scan;
    expect(unreadable).toMatchObject({ completion: 'commandErrorCode', errorCode: 'unreadable' });
    expect('document' in unreadable && unreadable.document).toBeFalsy();
  });

  it('names the field whose check digit was misread', async () => {
    const { service, simulator } = await rig(kind);
    const scan = service.scan({ timeoutMs: 30_000 });
    await simulator.presentCorrupted('sato-passport', 'expiryDate');
    const result = await scan;
    expect(result).toMatchObject({ errorCode: 'checkDigitMismatch', detail: 'check digit mismatch: expiryDate, composite' });
    expect('document' in result && result.document?.checks).toMatchObject({ expiryDate: 'invalid', dateOfBirth: 'valid', documentNumber: 'valid' });
  });

  it('accepts a licence whose check digit disagrees, with a warning on the field', async () => {
    const { service, simulator } = await rig(kind);
    const scan = service.scan({ timeoutMs: 30_000 });
    await simulator.presentCorrupted('yamada-licence');
    expect(await scan).toMatchObject({ completion: 'success', value: { checks: { documentNumber: 'warning' } } });
  });

  it('gives up on a read that stops half-way with timeOut, then reads the next document', async () => {
    const { service, simulator, timers, faults } = await rig(kind);
    const scan = service.scan({ timeoutMs: 30_000 });
    await simulator.presentTruncated('sato-passport');
    await tick();
    timers.advance(500);
    expect(await scan).toMatchObject({ completion: 'commandErrorCode', errorCode: 'timeOut' });
    expect(faults.map((f) => f.message).join()).toMatch(/incomplete|without ETX/);
    const next = service.scan({ timeoutMs: 30_000 });
    await simulator.present('sato-passport');
    expect(await next).toMatchObject({ completion: 'success' });
  });

  it('answers noDocument when nothing is presented in time', async () => {
    const { service, timers } = await rig(kind);
    const scan = service.scan({ timeoutMs: 15_000 });
    timers.advance(14_999);
    timers.advance(1);
    expect(await scan).toEqual({ completion: 'commandErrorCode', errorCode: 'noDocument', detail: 'no document was presented' });
  });

  it('refuses a second scan while one waits, and cancels on request', async () => {
    const { service } = await rig(kind);
    const first = service.scan({ timeoutMs: 30_000 });
    expect(service.status().scanning).toBe(true);
    expect(await service.scan({ timeoutMs: 1000 })).toMatchObject({ completion: 'sequenceError' });
    service.cancel();
    expect(await first).toMatchObject({ completion: 'canceled' });
    expect(service.status().scanning).toBe(false);
    expect(await service.scan({ timeoutMs: 0 })).toMatchObject({ completion: 'invalidData' });
  });

  it('reports a read with no scan waiting as an unsolicited documentRead', async () => {
    const { simulator, reads } = await rig(kind);
    await simulator.present('suzuki-licence');
    await tick();
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ solicited: false, format: 'JPID/1', result: { completion: 'success', value: { documentNumber: '309512345630' } } });
  });

  it('answers a scan with a read that arrived just before it, but not with an old one', async () => {
    const link = kind === 'serial' ? createMemoryLink('id-scanner-early') : null;
    const simulator = link ? new IdScannerSimulator({ kind: 'serial', transport: link.device }) : new IdScannerSimulator({ kind: 'hid' });
    await simulator.start();
    let now = NOW.getTime();
    const timers = new ManualClock();
    const service = new IdScannerService({
      source: link ? new SerialDocumentSource({ transport: link.host, timers }) : new HidDocumentSource({ device: simulator.hidDevice!, endpoint: 'sim', timers }),
      clock: timers, today: () => new Date(now), earlyReadGraceMs: 2000,
    });
    await service.open();
    await simulator.present('suzuki-licence');
    await tick();
    now += 1500;
    expect(await service.scan({ timeoutMs: 30_000 })).toMatchObject({ completion: 'success', value: { documentNumber: '309512345630' } });
    // Taken once: the next scan waits for a new read.
    expect(service.status().scanning).toBe(false);
    await simulator.present('suzuki-licence');
    await tick();
    now += 2500;
    const late = service.scan({ timeoutMs: 30_000 });
    expect(service.status().scanning).toBe(true);
    service.cancel();
    expect(await late).toMatchObject({ completion: 'canceled' });
    await service.close();
  });

  it('is not ready before open and after close', async () => {
    const { service, statuses } = await rig(kind, { open: false });
    expect(service.status()).toMatchObject({ device: 'offline', transport: kind });
    expect(await service.scan({ timeoutMs: 1000 })).toMatchObject({ completion: 'deviceNotReady' });
    await service.open();
    const waiting = service.scan({ timeoutMs: 30_000 });
    await service.close();
    expect(await waiting).toMatchObject({ completion: 'canceled' });
    expect(statuses.map((s) => s.device)).toEqual(expect.arrayContaining(['online', 'offline']));
    expect(service.capabilities()).toMatchObject({ transport: kind, payloadFormats: ['TD1', 'TD2', 'TD3', 'JPID/1'], readsChip: false });
  });
});

describe('IdScannerService over HID only', () => {
  it('fails the scan with hardwareError when a malformed report cuts a read short', async () => {
    const { service, simulator, faults } = await rig('hid');
    const scan = service.scan({ timeoutMs: 30_000 });
    const [first] = encodeHidPosReports(Buffer.from('P'.repeat(100)));
    await simulator.sendRaw([first!, Buffer.alloc(64, 0x01)]);
    expect(await scan).toMatchObject({ errorCode: 'hardwareError', detail: expect.stringContaining('report id 0x01') });
    expect(faults[0]).toMatchObject({ source: 'hid', fault: { code: 'malformedReport', discardedBytes: 56 } });
  });

  it('shrugs off a stray malformed report between reads and still reads the document', async () => {
    const { service, simulator, faults } = await rig('hid');
    const scan = service.scan({ timeoutMs: 30_000 });
    await simulator.sendRaw(Buffer.alloc(10));
    await simulator.present('tanaka-licence');
    expect(await scan).toMatchObject({ completion: 'success' });
    expect(faults).toMatchObject([{ fault: { code: 'malformedReport', report: { code: 'wrongReportSize', size: 10 } } }]);
  });

  it('goes to noDevice and fails the waiting scan when the device is unplugged', async () => {
    const { service, simulator, statuses } = await rig('hid');
    const scan = service.scan({ timeoutMs: 30_000 });
    simulator.hidDevice!.unplug();
    expect(await scan).toMatchObject({ errorCode: 'hardwareError' });
    expect(service.status()).toMatchObject({ device: 'noDevice', lastFault: expect.stringContaining('HID device error') });
    expect(statuses.at(-1)?.device).toBe('noDevice');
  });

  it('a device given as an object cannot be reopened: the next scan says so', async () => {
    const { service, simulator } = await rig('hid');
    simulator.hidDevice!.unplug();
    expect(await service.scan({ timeoutMs: 30_000 })).toEqual({ completion: 'deviceNotReady', detail: 'scanner is noDevice' });
  });

  it('opens a fresh device for the next scan after the cable was pulled, and reads with it', async () => {
    const first = new IdScannerSimulator({ kind: 'hid' });
    const second = new IdScannerSimulator({ kind: 'hid' });
    const handles = [first.hidDevice!, second.hidDevice!];
    let opened = 0;
    const service = new IdScannerService({ source: new HidDocumentSource({ device: async () => handles[opened++]! }), today: () => NOW });
    expect(await service.open()).toMatchObject({ completion: 'success' });
    first.hidDevice!.unplug();
    expect(service.status().device).toBe('noDevice');
    // The old handle is let go: nothing it might still say reaches the service.
    expect(first.hidDevice!.isOpen).toBe(false);
    const scan = service.scan({ timeoutMs: 30_000 });
    await tick();
    expect(opened).toBe(2);
    await second.present('yamada-licence');
    expect(await scan).toMatchObject({ completion: 'success', value: { kind: 'driversLicence', nameKanji: '山田 太郎' } });
    expect(service.status().device).toBe('online');
    expect(service.counters()).toMatchObject({ linkLosses: 1, reopens: 1, documentsAccepted: 1 });
    await service.close();
  });

  it('says deviceNotReady while the device is still missing, and reads once it is back', async () => {
    const simulator = new IdScannerSimulator({ kind: 'hid' });
    let present = false;
    let attempts = 0;
    const service = new IdScannerService({
      source: new HidDocumentSource({ device: async () => { attempts++; if (!present) throw new Error('no HID-POS scanner 0c2e:0b61'); return simulator.hidDevice!; } }),
      today: () => NOW,
    });
    expect(await service.open()).toMatchObject({ completion: 'hardwareError' });
    // Two scans at once share one reopening attempt.
    const [a, b] = await Promise.all([service.scan({ timeoutMs: 30_000 }), service.scan({ timeoutMs: 30_000 })]);
    expect(attempts).toBe(2);
    expect(a).toEqual({ completion: 'deviceNotReady', detail: 'scanner is noDevice: cannot open hid: no HID-POS scanner 0c2e:0b61' });
    expect(b).toEqual(a);
    present = true;
    const scan = service.scan({ timeoutMs: 30_000 });
    await tick();
    await simulator.present('sato-passport');
    expect(await scan).toMatchObject({ completion: 'success', value: { kind: 'passport' } });
    await service.close();
  });

  it('reports a device that cannot be opened as noDevice', async () => {
    const service = new IdScannerService({ source: new HidDocumentSource({ device: () => Promise.reject(new Error('no such device')) }) });
    expect(await service.open()).toMatchObject({ completion: 'hardwareError', detail: expect.stringContaining('no such device') });
    expect(service.status().device).toBe('noDevice');
  });
});

describe('IdScannerService counters (the technician\'s device page)', () => {
  it('counts each scan by outcome, stray reads, line faults and a lost link', async () => {
    const { service, simulator, timers } = await rig('hid');
    let scan = service.scan({ timeoutMs: 30_000 });
    await simulator.present('yamada-licence');
    await scan;
    scan = service.scan({ timeoutMs: 30_000 });
    await simulator.present('yamada-licence-expired');
    await scan;
    scan = service.scan({ timeoutMs: 30_000 });
    await simulator.presentUnreadable();
    await scan;
    scan = service.scan({ timeoutMs: 1_000 });
    timers.advance(1_000);
    await scan;
    scan = service.scan({ timeoutMs: 30_000 });
    service.cancel();
    await scan;
    await simulator.sendRaw(Buffer.alloc(10));
    // A read with nobody waiting, past the early-read grace.
    await simulator.present('sato-passport');
    simulator.hidDevice!.unplug();
    expect(service.counters()).toEqual({
      documentsAccepted: 1, documentsRefused: 2, noDocument: 1, incompleteReads: 0, hardwareErrors: 0, canceled: 1,
      unsolicitedReads: 1, lineFaults: 1, linkLosses: 1, reopens: 0,
    });
  });
});

describe('IdScannerService over serial only', () => {
  it('reads through line noise and reports it', async () => {
    const link = createMemoryLink('noise');
    const service = new IdScannerService({ source: new SerialDocumentSource({ transport: link.host }), today: () => NOW });
    const faults: IdScannerFault[] = [];
    service.on('fault', (f) => faults.push(f));
    await service.open();
    await link.device.open();
    const scan = service.scan({ timeoutMs: 30_000 });
    await link.device.write(Buffer.concat([Buffer.from('~~noise~~'), encodeSerialFrame(['JPID/1', 'TYPE:HI', 'NAME:中村 さくら', 'DOB:平成12年1月8日', 'END'])]));
    expect(await scan).toMatchObject({ completion: 'success', value: { kind: 'healthInsuranceCard', dateOfBirth: '2000-01-08' } });
    expect(faults).toMatchObject([{ source: 'serial', fault: { code: 'garbage', bytes: 9 } }]);
    await service.close();
  });

  it('goes to noDevice and fails the waiting scan when the link closes under it', async () => {
    const link = createMemoryLink('pulled');
    const service = new IdScannerService({ source: new SerialDocumentSource({ transport: link.host }) });
    await service.open();
    const scan = service.scan({ timeoutMs: 30_000 });
    // The port closing without the service asking is what a pulled USB-serial adapter looks like.
    await link.host.close();
    expect(await scan).toMatchObject({ errorCode: 'hardwareError', detail: 'serial link closed' });
    expect(service.status().device).toBe('noDevice');
    await service.close();
  });

  it('reopens the serial port for the next scan after it closed under it, and reads', async () => {
    const link = createMemoryLink('replugged');
    const service = new IdScannerService({ source: new SerialDocumentSource({ transport: link.host }), today: () => NOW });
    await service.open();
    await link.device.open();
    await link.host.close();
    expect(service.status().device).toBe('noDevice');
    const scan = service.scan({ timeoutMs: 30_000 });
    await tick();
    expect(link.host.isOpen).toBe(true);
    await link.device.write(encodeSerialFrame(['JPID/1', 'TYPE:HI', 'NAME:中村 さくら', 'DOB:平成12年1月8日', 'END']));
    expect(await scan).toMatchObject({ completion: 'success', value: { kind: 'healthInsuranceCard' } });
    await service.close();
  });
});

describe('IdScannerService listeners', () => {
  it('hands a throwing listener\'s error to onListenerError and still answers the scan (the one emitter rule)', async () => {
    const link = createMemoryLink('listener-bug');
    const reported: string[] = [];
    const service = new IdScannerService({
      source: new SerialDocumentSource({ transport: link.host }), today: () => NOW,
      onListenerError: (error, event) => reported.push(`${event}: ${(error as Error).message}`),
    });
    service.on('statusChanged', () => { throw new Error('status listener bug'); });
    service.on('documentRead', () => { throw new Error('read listener bug'); });
    expect(await service.open()).toMatchObject({ completion: 'success' });
    await link.device.open();
    const scan = service.scan({ timeoutMs: 30_000 });
    await link.device.write(encodeSerialFrame(['JPID/1', 'TYPE:HI', 'NAME:中村 さくら', 'DOB:平成12年1月8日', 'END']));
    expect(await scan).toMatchObject({ completion: 'success', value: { kind: 'healthInsuranceCard' } });
    expect(reported).toContain('statusChanged: status listener bug');
    expect(reported).toContain('documentRead: read listener bug');
    await service.close();
  });
});
