import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HidPosReassembler, type ReassembledPayload, type ReassemblyFault } from '../../../src/devices/id-scanner/hid/hid-pos-reassembler';
import { decodeHidPosReport, encodeHidPosReports, MAX_DATA_PER_REPORT, REPORT_SIZE } from '../../../src/devices/id-scanner/hid/hid-pos-report';
import { ManualClock } from '../../support/manual-clock';

function rig(options: { maxPayloadBytes?: number } = {}) {
  const timers = new ManualClock();
  const payloads: ReassembledPayload[] = [];
  const faults: ReassemblyFault[] = [];
  const reassembler = new HidPosReassembler({
    timers, interReportTimeoutMs: 500, maxPayloadBytes: options.maxPayloadBytes,
    onPayload: (p) => payloads.push(p), onFault: (f) => faults.push(f),
  });
  return { timers, payloads, faults, reassembler };
}

const text = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => 0x41 + (i % 26)));

describe('HID-POS input reports', () => {
  it('decodes length, AIM id, vendor symbology and the more-follow bit', () => {
    const [report] = encodeHidPosReports(Buffer.from('P<UTO'), { aimId: ']L0', vendorSymbology: 0x37 });
    expect(report).toHaveLength(REPORT_SIZE);
    expect(decodeHidPosReport(report!)).toEqual({ ok: true, report: { data: Buffer.from('P<UTO'), aimId: ']L0', vendorSymbology: 0x37, moreFollows: false } });
  });

  it.each([
    ['a short report', Buffer.alloc(63, 0x02), { code: 'wrongReportSize', size: 63 }],
    ['a long report', Buffer.alloc(65, 0x02), { code: 'wrongReportSize', size: 65 }],
    ['a keyboard report id', Buffer.alloc(64, 0x01), { code: 'wrongReportId', reportId: 1 }],
    ['a length over 56', Buffer.from([0x02, 57, ...Buffer.alloc(62)]), { code: 'lengthTooLarge', length: 57 }],
  ])('refuses %s with a named fault', (_name, bytes, fault) => {
    expect(decodeHidPosReport(bytes)).toEqual({ ok: false, fault });
  });
});

describe('HID-POS reassembly', () => {
  it('puts back together payloads split at every report boundary', () => {
    for (const length of [0, 1, 55, 56, 57, 111, 112, 113, 300]) {
      for (const chunkSize of [1, 7, 55, MAX_DATA_PER_REPORT]) {
        const { reassembler, payloads, faults, timers } = rig();
        const payload = text(length);
        const reports = encodeHidPosReports(payload, { chunkSize });
        expect(reports).toHaveLength(Math.max(1, Math.ceil(length / chunkSize)));
        for (const report of reports) reassembler.push(report);
        expect(faults).toEqual([]);
        expect(payloads.map((p) => p.payload)).toEqual([payload]);
        expect(payloads[0]!.reports).toBe(reports.length);
        expect(timers.pendingCount).toBe(0);
      }
    }
  });

  it('keeps consecutive payloads apart', () => {
    const { reassembler, payloads } = rig();
    for (const report of [...encodeHidPosReports(text(80)), ...encodeHidPosReports(Buffer.from('second'))]) reassembler.push(report);
    expect(payloads.map((p) => p.payload.toString())).toEqual([text(80).toString(), 'second']);
  });

  it('gives up on a payload whose later reports never come, and reads the next one', () => {
    const { reassembler, payloads, faults, timers } = rig();
    const reports = encodeHidPosReports(text(120));
    reassembler.push(reports[0]!);
    reassembler.push(reports[1]!);
    timers.advance(499);
    expect(faults).toEqual([]);
    timers.advance(1);
    expect(faults).toEqual([{ code: 'incompletePayload', receivedBytes: 112, reports: 2 }]);
    expect(reassembler.inProgress).toBe(false);
    for (const report of encodeHidPosReports(Buffer.from('next'))) reassembler.push(report);
    expect(payloads.map((p) => p.payload.toString())).toEqual(['next']);
  });

  it('restarts the inter-report timer on every report', () => {
    const { reassembler, payloads, faults, timers } = rig();
    const reports = encodeHidPosReports(text(200), { chunkSize: 50 });
    for (const report of reports) {
      timers.advance(400);
      reassembler.push(report);
    }
    expect(faults).toEqual([]);
    expect(payloads).toHaveLength(1);
  });

  it('drops the payload in progress on a malformed report and says how much was lost', () => {
    const { reassembler, payloads, faults } = rig();
    const reports = encodeHidPosReports(text(120));
    reassembler.push(reports[0]!);
    reassembler.push(Buffer.alloc(64, 0x01));
    expect(faults).toEqual([{ code: 'malformedReport', report: { code: 'wrongReportId', reportId: 1 }, discardedBytes: 56 }]);
    for (const report of encodeHidPosReports(Buffer.from('after'))) reassembler.push(report);
    expect(payloads.map((p) => p.payload.toString())).toEqual(['after']);
  });

  it('refuses a payload over the bound and skips its tail instead of reading it as a new payload', () => {
    const { reassembler, payloads, faults, timers } = rig({ maxPayloadBytes: 100 });
    for (const report of encodeHidPosReports(text(300))) reassembler.push(report);
    expect(faults).toEqual([{ code: 'payloadTooLarge', limit: 100 }]);
    expect(payloads).toEqual([]);
    expect(timers.pendingCount).toBe(0);
    for (const report of encodeHidPosReports(text(100))) reassembler.push(report);
    expect(payloads).toHaveLength(1);
  });

  it('never throws and never leaves a payload hanging, whatever reports arrive', () => {
    const anyReport = fc.oneof(
      fc.uint8Array({ minLength: 0, maxLength: 80 }),
      fc.uint8Array({ minLength: 64, maxLength: 64 }),
      fc.tuple(fc.integer({ min: 0, max: 70 }), fc.boolean(), fc.uint8Array({ minLength: 61, maxLength: 61 }))
        .map(([length, more, rest]) => { const r = Buffer.from([0x02, length, ...rest, more ? 1 : 0]); return r; }),
    );
    fc.assert(fc.property(fc.array(anyReport, { maxLength: 40 }), (reports) => {
      const { reassembler, timers, payloads, faults } = rig({ maxPayloadBytes: 500 });
      for (const report of reports) reassembler.push(report);
      timers.advance(10_000);
      expect(reassembler.inProgress).toBe(false);
      expect(timers.pendingCount).toBe(0);
      for (const p of payloads) expect(p.payload.length).toBeLessThanOrEqual(500);
      expect(payloads.length + faults.length).toBeLessThanOrEqual(reports.length + 1);
    }), { numRuns: 500 });
  });
});
