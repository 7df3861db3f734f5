/**
 * The technician's trace: a bounded ring, counters, and masking of track
 * data in read replies (PCI DSS 3.2; issue 15 masks every byte after CM PM).
 */
import { describe, expect, it } from 'vitest';
import { Crt310Diagnostics, RingBuffer, maskedFrameHex } from '../../../src/devices/card-reader/diagnostics';
import { encodeFrame, fromHex } from '../../../src/devices/card-reader/crt310-frame';
import { hexLooksLikeTrackData } from '../../../src/shared/diagnostics/diagnostics-bundle';

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

describe('maskedFrameHex (issue 15, masking by construction; PCI DSS req. 3.3/3.4)', () => {
  it('masks every byte after CM PM of a read reply and the BCC, keeping STX, LEN, CM, PM and ETX', () => {
    const frame = encodeFrame(fromHex('45 30 1F 59 3B 31 32 3F 1F 4E E4 1F 4F'));
    expect(maskedFrameHex(frame)).toBe('02 00 0D 45 30 ** ** ** ** ** ** ** ** ** ** ** 03 **');
  });

  it('masks binary-mode characters too', () => {
    const frame = encodeFrame(fromHex('45 30 1F 59 80 8B 81 9F 84'));
    expect(maskedFrameHex(frame)).toBe('02 00 09 45 30 ** ** ** ** ** ** ** 03 **');
  });

  // A PAN behind every possible block status byte: 0x59 (ok), 0x4E, 0x4F, and every byte a reader of another dialect might send.
  const pan = Buffer.from('4000000000000002', 'ascii');
  it.each(Array.from({ length: 256 }, (_, status) => status))('masks a read reply whose block status byte is 0x%s', (status) => {
    const frame = encodeFrame(Buffer.concat([fromHex('45 30 1F'), Buffer.from([status]), pan]));
    const hex = maskedFrameHex(frame);
    const bytes = hex.split(' ');
    expect(bytes.slice(0, 5)).toEqual(['02', '00', (pan.length + 4).toString(16).toUpperCase().padStart(2, '0'), '45', '30']);
    expect(bytes.slice(5, -2).every((b) => b === '**')).toBe(true);
    expect(bytes.slice(-2)).toEqual(['03', '**']);
    expect(hexLooksLikeTrackData(hex)).toBe(false);
  });

  it('masks a read reply that echoes mode and track, and one with no blocks at all', () => {
    expect(maskedFrameHex(encodeFrame(fromHex('45 30 30 32 3B 34 30 3D 3F')))).toBe('02 00 09 45 30 ** ** ** ** ** ** ** 03 **');
    expect(maskedFrameHex(encodeFrame(fromHex('45 30')))).toBe('02 00 02 45 30 03 **');
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
