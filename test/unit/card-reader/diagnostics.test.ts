/**
 * The technician's trace: a bounded ring, counters, and masking of track
 * data in read replies (PCI DSS 3.2).
 */
import { describe, expect, it } from 'vitest';
import { Crt310Diagnostics, RingBuffer, maskedFrameHex } from '../../../src/devices/card-reader/diagnostics';
import { encodeFrame, fromHex } from '../../../src/devices/card-reader/crt310-frame';

describe('RingBuffer', () => {
  it('keeps the newest items, oldest first, up to its capacity', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i++) ring.push(i);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.size).toBe(3);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});

describe('maskedFrameHex', () => {
  it('masks every data byte of ok track blocks and the BCC, keeping headers and error codes', () => {
    const frame = encodeFrame(fromHex('45 30 1F 59 3B 31 32 3F 1F 4E E4 1F 4F'));
    expect(maskedFrameHex(frame)).toBe('02 00 0D 45 30 1F 59 ** ** ** ** 1F 4E E4 1F 4F 03 **');
  });

  it('masks binary-mode characters too', () => {
    const frame = encodeFrame(fromHex('45 30 1F 59 80 8B 81 9F 84'));
    expect(maskedFrameHex(frame)).toBe('02 00 09 45 30 1F 59 ** ** ** ** ** 03 **');
  });

  it('leaves other frames, and error replies to a read, in full', () => {
    expect(maskedFrameHex(fromHex('02 00 05 31 30 4A 4A 4A 03 4F'))).toBe('02 00 05 31 30 4A 4A 4A 03 4F');
    const negative = encodeFrame(fromHex('4E 45 02'));
    expect(maskedFrameHex(negative)).toBe('02 00 03 4E 45 02 03 0B');
  });
});

describe('Crt310Diagnostics', () => {
  it('records faults as a reason and a count, never as bytes', () => {
    const diagnostics = new Crt310Diagnostics('memory:test', { capacity: 4 });
    diagnostics.recordRx({ kind: 'fault', reason: 'badBcc', discardedBytes: 40, command: 0x45 });
    expect(diagnostics.snapshot().trace).toEqual([expect.objectContaining({ direction: 'rx', hex: '', note: 'badBcc: 40 byte(s) discarded' })]);
  });

  it('keeps at most its capacity of entries', () => {
    const diagnostics = new Crt310Diagnostics('memory:test', { capacity: 4 });
    for (let i = 0; i < 10; i++) diagnostics.recordTx(Buffer.from([0x05]), 'ENQ');
    expect(diagnostics.snapshot().trace).toHaveLength(4);
  });
});
