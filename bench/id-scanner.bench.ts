/**
 * Identity-document scanner: how fast payloads parse and reports reassemble.
 * A scanner delivers a few reads a minute, so these figures matter for the
 * headroom against a misbehaving device flooding the link, not for customers.
 */
import type { BenchResult, BenchSuite } from './bench-result';
import { medianMs, withRatio } from './bench-result';
import { classifyParse } from '../src/devices/id-scanner/id-scan-result';
import { HidPosReassembler } from '../src/devices/id-scanner/hid/hid-pos-reassembler';
import { decodeHidPosReport, encodeHidPosReports } from '../src/devices/id-scanner/hid/hid-pos-report';
import { parsePayload } from '../src/devices/id-scanner/payload/parse-payload';
import { encodeSerialFrame, SerialFrameParser } from '../src/devices/id-scanner/serial/serial-frame-parser';
import { IdScannerService } from '../src/devices/id-scanner/id-scanner-service';
import { HidDocumentSource } from '../src/devices/id-scanner/hid/hid-document-source';
import { IdScannerSimulator } from '../src/devices/id-scanner/simulator/id-scanner-simulator';
import { findScannerDemoDocument } from '../src/devices/id-scanner/simulator/demo-documents';

const TODAY = '2026-01-15';

function perSecond(count: number, ms: number): number {
  return Math.round(count / (ms / 1000));
}

const suite: BenchSuite = {
  name: 'id-scanner',
  async run(): Promise<BenchResult[]> {
    const results: BenchResult[] = [];
    const td3 = findScannerDemoDocument('sato-passport')!.payload.replace(/\n/g, '\r');
    const jpid = findScannerDemoDocument('yamada-licence')!.payload.replace(/\n/g, '\r');
    const n = 20_000;

    const mrzMs = await medianMs(5, () => { for (let i = 0; i < n; i++) classifyParse(parsePayload(td3, { todayIso: TODAY }), TODAY); });
    results.push({ name: 'id-scanner: TD3 MRZ parse + classify', value: perSecond(n, mrzMs), unit: 'payloads/s' });
    const jpidMs = await medianMs(5, () => { for (let i = 0; i < n; i++) classifyParse(parsePayload(jpid, { todayIso: TODAY }), TODAY); });
    results.push(withRatio({ name: 'id-scanner: JPID/1 record parse + classify (vs TD3)', value: perSecond(n, jpidMs), unit: 'payloads/s', baseline: perSecond(n, mrzMs) }, true));

    // Reassembly of a 300-byte payload in 6 reports, against decoding the same reports alone.
    const reports = encodeHidPosReports(Buffer.alloc(300, 0x41));
    const rounds = 20_000;
    // Warm both paths first so the JIT does not favour whichever runs second.
    for (let i = 0; i < rounds; i++) for (const r of reports) decodeHidPosReport(r);
    const decodeMs = await medianMs(5, () => { for (let i = 0; i < rounds; i++) for (const r of reports) decodeHidPosReport(r); });
    let payloads = 0;
    const reassembler = new HidPosReassembler({ onPayload: () => payloads++, onFault: () => undefined, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    for (let i = 0; i < rounds; i++) for (const r of reports) reassembler.push(r);
    const reassembleMs = await medianMs(5, () => { for (let i = 0; i < rounds; i++) for (const r of reports) reassembler.push(r); });
    if (payloads === 0) throw new Error('reassembler produced nothing');
    results.push(withRatio({ name: 'id-scanner: HID-POS reassembly (vs decode only)', value: perSecond(rounds * reports.length, reassembleMs), unit: 'reports/s', baseline: perSecond(rounds * reports.length, decodeMs) }, true));

    // Serial framing throughput: many frames in 64-byte chunks, as a UART delivers them.
    const stream = Buffer.concat(Array.from({ length: 2000 }, () => encodeSerialFrame(td3)));
    const chunks = Array.from({ length: Math.ceil(stream.length / 64) }, (_, i) => stream.subarray(i * 64, i * 64 + 64));
    const frameMs = await medianMs(5, async () => {
      const parser = new SerialFrameParser();
      let frames = 0;
      parser.on('data', () => frames++);
      const done = new Promise((resolve) => parser.on('end', resolve));
      for (const chunk of chunks) parser.write(chunk);
      parser.end();
      await done;
      if (frames !== 2000) throw new Error(`framed ${frames} of 2000`);
    });
    results.push({ name: 'id-scanner: serial STX/ETX framing', value: Math.round(stream.length / (frameMs / 1000) / 1024), unit: 'KiB/s' });

    // Whole path through the simulator's HID device: present, reassemble, parse, resolve the scan.
    const simulator = new IdScannerSimulator({ kind: 'hid' });
    const service = new IdScannerService({ source: new HidDocumentSource({ device: simulator.hidDevice! }), today: () => new Date('2026-01-15T01:00:00Z') });
    await service.open();
    const scans = 500;
    const scanMs = await medianMs(3, async () => {
      for (let i = 0; i < scans; i++) {
        const scan = service.scan({ timeoutMs: 10_000 });
        await simulator.present('sato-passport');
        if ((await scan).completion !== 'success') throw new Error('scan failed');
      }
    });
    await service.close();
    results.push({ name: 'id-scanner: scan via simulated HID device', value: perSecond(scans, scanMs), unit: 'scans/s' });
    return results;
  },
};

export default suite;
