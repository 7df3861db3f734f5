import { describe, expect, it } from 'vitest';
import { HidDocumentSource } from '../../../src/devices/id-scanner/hid/hid-document-source';
import { IdScannerService } from '../../../src/devices/id-scanner/id-scanner-service';
import { IdScannerSimulator } from '../../../src/devices/id-scanner/simulator/id-scanner-simulator';
import { idScannerPort } from '../../../src/main/adapters/id-scanner-port';

async function rig() {
  const simulator = new IdScannerSimulator({ kind: 'hid' });
  await simulator.start();
  const service = new IdScannerService({ source: new HidDocumentSource({ device: simulator.hidDevice!, endpoint: 'sim' }), today: () => new Date('2026-11-22T01:00:00Z') });
  await service.open();
  return { simulator, service, port: idScannerPort(service) };
}

describe('ID scanner port', () => {
  it('stops the scan at the device when the flow leaves the screen, so the next scan can start', async () => {
    const { simulator, service, port } = await rig();
    const abort = new AbortController();
    const first = port.scanIdentity(30_000, abort.signal);
    expect(service.status().scanning).toBe(true);
    abort.abort();
    expect(await first).toEqual({ ok: false, reason: 'hardwareError' });
    expect(service.status().scanning).toBe(false);
    const second = port.scanIdentity(30_000, new AbortController().signal);
    await simulator.present('yamada-licence');
    expect(await second).toMatchObject({ ok: true, document: { kind: 'driversLicence', documentNumber: '309012345620' } });
    await service.close();
  });

  it('tells an expired document from an unreadable page, and takes an income-certificate page as a certificate', async () => {
    const { simulator, service, port } = await rig();
    const expired = port.scanIdentity(30_000);
    await simulator.present('yamada-licence-expired');
    expect(await expired).toMatchObject({ ok: false, reason: 'expired', document: { kind: 'driversLicence' } });
    const unreadable = port.scanIdentity(30_000);
    await simulator.presentUnreadable();
    expect(await unreadable).toEqual({ ok: false, reason: 'unreadable' });
    const certificate = port.scanCertificate('withholdingSlip', 30_000);
    await simulator.present({ payload: 'JPID/1\rTYPE:INCOME\rKIND:源泉徴収票\rNAME:山田 太郎\rYEAR:令和7年分\rINCOME:4,800,000円\rEND' });
    // The content, not an image, comes back for HQ (issue 14).
    expect(await certificate).toEqual({ ok: true, certificate: { kind: 'withholdingSlip', holderName: '山田 太郎', incomeYear: 2025, annualIncome: 4_800_000 } });
    // A certificate record whose fields do not read is no certificate handed in.
    const malformed = port.scanCertificate('withholdingSlip', 30_000);
    await simulator.present({ payload: 'JPID/1\rTYPE:INCOME\rKIND:源泉徴収票\rNAME:山田 太郎\rYEAR:令和7年分\rINCOME:たくさん\rEND' });
    expect(await malformed).toEqual({ ok: false, reason: 'unreadable' });
    const notACertificate = port.scanCertificate('withholdingSlip', 30_000);
    await simulator.present('yamada-licence');
    expect(await notACertificate).toEqual({ ok: false, reason: 'unreadable' });
    // Another document the parser does not accept (a page of some other kind) is not a certificate either.
    const otherPage = port.scanCertificate('withholdingSlip', 30_000);
    await simulator.present({ payload: 'JPID/1\rTYPE:VISA\rEND' });
    expect(await otherPage).toEqual({ ok: false, reason: 'unreadable' });
    await service.close();
  });
});
