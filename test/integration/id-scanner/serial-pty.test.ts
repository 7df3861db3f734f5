import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPtyPair, type PtyPair } from '../../support/pty-pair';
import { IdScannerService, type IdScannerFault } from '../../../src/devices/id-scanner/id-scanner-service';
import { SerialDocumentSource } from '../../../src/devices/id-scanner/serial/serial-document-source';
import { IdScannerSimulator } from '../../../src/devices/id-scanner/simulator/id-scanner-simulator';
import { SerialTransport } from '../../../src/devices/transport/serial-transport';

// Serial mode end to end: the driver opens one end of a socat pty pair with
// serialport exactly as it would open /dev/ttyUSB0; the simulator speaks the
// reader's bytes from the other end (DEVICES.md, "Test rigs without hardware").
const NOW = new Date('2026-01-15T01:00:00Z');

describe('ID scanner serial mode over a real pty pair', () => {
  let pty: PtyPair;
  let service: IdScannerService;
  let simulator: IdScannerSimulator;
  let faults: IdScannerFault[];

  beforeEach(async () => {
    pty = await openPtyPair();
    simulator = new IdScannerSimulator({ kind: 'serial', transport: new SerialTransport({ path: pty.devicePath }) });
    await simulator.start();
    service = new IdScannerService({ source: new SerialDocumentSource({ transport: new SerialTransport({ path: pty.hostPath }), interByteTimeoutMs: 300 }), today: () => NOW });
    faults = [];
    service.on('fault', (f) => faults.push(f));
    expect(await service.open()).toMatchObject({ completion: 'success' });
  });

  afterEach(async () => {
    await service.close();
    await simulator.stop();
    await pty.close();
  });

  it('reads a Japanese licence record (UTF-8) and a passport MRZ', async () => {
    let scan = service.scan({ timeoutMs: 10_000 });
    await simulator.present('yamada-licence');
    expect(await scan).toMatchObject({ completion: 'success', value: { kind: 'driversLicence', nameKanji: '山田 太郎', documentNumber: '309012345620', dateOfBirth: '1985-04-12' } });
    scan = service.scan({ timeoutMs: 10_000 });
    await simulator.present('sato-passport');
    expect(await scan).toMatchObject({ completion: 'success', value: { kind: 'passport', surname: 'SATO', documentNumber: 'TZ1234567' } });
  });

  it('tells expired, corrupted and unreadable reads apart', async () => {
    let scan = service.scan({ timeoutMs: 10_000 });
    await simulator.present('yamada-licence-expired');
    expect(await scan).toMatchObject({ errorCode: 'expired', document: { expiryDate: '2024-05-12' } });
    scan = service.scan({ timeoutMs: 10_000 });
    await simulator.presentCorrupted('sato-passport', 'documentNumber');
    expect(await scan).toMatchObject({ errorCode: 'checkDigitMismatch', detail: 'check digit mismatch: documentNumber, composite' });
    scan = service.scan({ timeoutMs: 10_000 });
    await simulator.presentUnreadable();
    expect(await scan).toMatchObject({ errorCode: 'unreadable' });
  });

  it('times out a frame cut before ETX, then reads the next one', async () => {
    let scan = service.scan({ timeoutMs: 10_000 });
    await simulator.presentTruncated('sato-passport');
    expect(await scan).toMatchObject({ errorCode: 'timeOut' });
    expect(faults.map((f) => f.source === 'serial' && f.fault.code)).toContain('incompleteFrame');
    scan = service.scan({ timeoutMs: 10_000 });
    await simulator.present('takahashi-mynumber');
    expect(await scan).toMatchObject({ completion: 'success', value: { kind: 'myNumberCard', nameKanji: '高橋 美咲' } });
  });

  it('resyncs after line noise', async () => {
    const scan = service.scan({ timeoutMs: 10_000 });
    await simulator.sendRaw(Buffer.from([0x41, 0x03, 0x7f, 0x00]));
    await simulator.present('kimura-licence');
    expect(await scan).toMatchObject({ completion: 'success', value: { documentNumber: '440087654370' } });
    expect(faults).toMatchObject([{ source: 'serial', fault: { code: 'garbage', bytes: 4 } }]);
  });

  it('answers noDocument when nothing arrives before the scan timeout', async () => {
    expect(await service.scan({ timeoutMs: 200 })).toMatchObject({ errorCode: 'noDocument' });
  });
});

describe('ID scanner serial mode: a port that is missing, then plugged in', () => {
  it('says deviceNotReady while the port is missing and opens it for the scan after it appears', async () => {
    const pty = await openPtyPair();
    await pty.unplug();
    const service = new IdScannerService({ source: new SerialDocumentSource({ transport: new SerialTransport({ path: pty.hostPath }) }), today: () => NOW });
    let simulator: IdScannerSimulator | undefined;
    try {
      expect(await service.open()).toMatchObject({ completion: 'hardwareError', detail: expect.stringContaining(`cannot open ${pty.hostPath}`) });
      expect(await service.scan({ timeoutMs: 10_000 })).toMatchObject({ completion: 'deviceNotReady', detail: expect.stringContaining('scanner is noDevice') });
      await pty.replug();
      simulator = new IdScannerSimulator({ kind: 'serial', transport: new SerialTransport({ path: pty.devicePath }) });
      await simulator.start();
      const scan = service.scan({ timeoutMs: 10_000 });
      // Wait for the service to have the port open before the document is shown (a reader sends only once).
      for (let i = 0; i < 200 && service.status().device !== 'online'; i++) await new Promise((r) => setTimeout(r, 10));
      await simulator.present('yamada-licence');
      expect(await scan).toMatchObject({ completion: 'success', value: { kind: 'driversLicence', nameKanji: '山田 太郎' } });
    } finally {
      await service.close();
      await simulator?.stop();
      await pty.close();
    }
  });
});
