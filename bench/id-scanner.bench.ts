/**
 * Identity-document scanner: how fast payloads parse and reports reassemble.
 * A scanner delivers a few reads a minute, so these figures matter for the
 * headroom against a misbehaving device flooding the link, not for customers.
 */
import type { BenchResult, BenchSuite } from './bench-result';
import { medianMs } from './bench-result';
import { elapsedMs, interleaved, ratioRow } from './interleaved';
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
// Each round parses or pushes tens of thousands of times: a few rounds are enough for a median.
const ROUNDS = 5;

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

    const parseRate = (payload: string) => async () => perSecond(n, await elapsedMs(() => { for (let i = 0; i < n; i++) classifyParse(parsePayload(payload, { todayIso: TODAY }), TODAY); }));
    const jpidVsTd3 = await interleaved({ rounds: ROUNDS, higherIsBetter: true, measured: parseRate(jpid), baseline: parseRate(td3) });
    // The TD3 figure is the baseline's median from the same rounds.
    results.push({ name: 'id-scanner: TD3 MRZ parse + classify', value: Math.round(jpidVsTd3.baseline), unit: 'payloads/s' });
    results.push(ratioRow('id-scanner: JPID/1 record parse + classify (vs TD3)', 'payloads/s', jpidVsTd3));

    // Reassembly of a 300-byte payload in 6 reports, against decoding the same reports alone.
    const reports = encodeHidPosReports(Buffer.alloc(300, 0x41));
    const payloadsPerRound = 20_000;
    let payloads = 0;
    const reassembler = new HidPosReassembler({ onPayload: () => payloads++, onFault: () => undefined, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    const reportsPerSecond = (ms: number) => perSecond(payloadsPerRound * reports.length, ms);
    // Two loops written out, not one loop over a passed-in function: each call site stays monomorphic, as in real use.
    const reassembly = await interleaved({
      rounds: ROUNDS,
      higherIsBetter: true,
      measured: async () => reportsPerSecond(await elapsedMs(() => { for (let i = 0; i < payloadsPerRound; i++) for (const r of reports) reassembler.push(r); })),
      baseline: async () => reportsPerSecond(await elapsedMs(() => { for (let i = 0; i < payloadsPerRound; i++) for (const r of reports) decodeHidPosReport(r); })),
    });
    if (payloads === 0) throw new Error('reassembler produced nothing');
    results.push(ratioRow('id-scanner: HID-POS reassembly (vs decode only)', 'reports/s', reassembly));

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
