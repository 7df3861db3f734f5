/**
 * Decoding of the one-byte answers to DLE EOT 1..4, every bit DEVICES.md
 * names ("Real-time status"), and what the service makes of them.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  NO_CONDITIONS, decodeStatusByte, decodeStatusBytes, encodeStatusByte, isStatusByte, paperLevelOf,
  type EscPosConditions,
} from '../../../src/devices/printer/escpos-status';
import { deviceStateOf, refusalOf } from '../../../src/devices/printer/printer-service';

const hexOf = (byte: number) => byte.toString(16).toUpperCase().padStart(2, '0');

describe('status byte framing', () => {
  it('takes 0x12 (bits 1 and 4 set) as the base of every answer', () => {
    expect(isStatusByte(0x12)).toBe(true);
    expect(isStatusByte(0x12 | 0x08 | 0x04 | 0x20 | 0x40)).toBe(true);
  });

  it.each([
    [0x00, 'bits 1 and 4 clear'],
    [0x02, 'bit 4 clear'],
    [0x10, 'bit 1 clear'],
    [0x13, 'XOFF: bit 0 set'],
    [0x11, 'XON: bit 0 set'],
    [0x92, 'bit 7 set'],
    [0xff, 'all set'],
  ].map(([byte, why]) => [hexOf(byte as number), why, byte as number] as const))('refuses 0x%s as a status byte (%s)', (_hex, _why, byte) => {
    expect(isStatusByte(byte)).toBe(false);
  });
});

describe('DLE EOT answers, bit by bit', () => {
  it.each(([
    [1, 0x12, { offline: false }],
    [1, 0x1a, { offline: true }],
    [2, 0x12, { coverOpen: false, feedButton: false, stoppedByPaperEnd: false, error: false }],
    [2, 0x16, { coverOpen: true, feedButton: false, stoppedByPaperEnd: false, error: false }],
    [2, 0x1a, { coverOpen: false, feedButton: true, stoppedByPaperEnd: false, error: false }],
    [2, 0x32, { coverOpen: false, feedButton: false, stoppedByPaperEnd: true, error: false }],
    [2, 0x52, { coverOpen: false, feedButton: false, stoppedByPaperEnd: false, error: true }],
    [3, 0x12, { autoCutterError: false, unrecoverableError: false, autoRecoverableError: false }],
    [3, 0x1a, { autoCutterError: true, unrecoverableError: false, autoRecoverableError: false }],
    [3, 0x32, { autoCutterError: false, unrecoverableError: true, autoRecoverableError: false }],
    [3, 0x52, { autoCutterError: false, unrecoverableError: false, autoRecoverableError: true }],
    [4, 0x12, { paperNearEnd: false, paperEnd: false }],
    [4, 0x1e, { paperNearEnd: true, paperEnd: false }],
    [4, 0x72, { paperNearEnd: false, paperEnd: true }],
    [4, 0x7e, { paperNearEnd: true, paperEnd: true }],
  ] as const).map(([kind, byte, expected]) => [kind, hexOf(byte), byte, expected] as const))('DLE EOT %i answered 0x%s', (kind, _hex, byte, expected) => {
    expect(decodeStatusByte(kind, byte)).toEqual(expected);
  });

  it('takes either bit of a sensor pair as the sensor speaking (near end: bit 2 or 3, paper end: bit 5 or 6)', () => {
    expect(decodeStatusByte(4, 0x12 | 0x04)).toEqual({ paperNearEnd: true, paperEnd: false });
    expect(decodeStatusByte(4, 0x12 | 0x08)).toEqual({ paperNearEnd: true, paperEnd: false });
    expect(decodeStatusByte(4, 0x12 | 0x20)).toEqual({ paperNearEnd: false, paperEnd: true });
    expect(decodeStatusByte(4, 0x12 | 0x40)).toEqual({ paperNearEnd: false, paperEnd: true });
  });

  it('reads back what the simulator encodes, for every combination of conditions', () => {
    const conditions = fc.record(Object.fromEntries(Object.keys(NO_CONDITIONS).map((k) => [k, fc.boolean()])) as Record<keyof EscPosConditions, fc.Arbitrary<boolean>>);
    fc.assert(fc.property(conditions, (c) => {
      const bytes = { printer: encodeStatusByte(1, c), offlineCause: encodeStatusByte(2, c), errorCause: encodeStatusByte(3, c), paperSensor: encodeStatusByte(4, c) };
      return Object.values(bytes).every(isStatusByte) && JSON.stringify(decodeStatusBytes(bytes)) === JSON.stringify(c);
    }));
  });
});

describe('what the conditions mean for the kiosk', () => {
  const ready = { ...NO_CONDITIONS };

  it('reads the paper supply as full, low (near end) or out (paper end, or stopped by it)', () => {
    expect(paperLevelOf(ready)).toBe('full');
    expect(paperLevelOf({ ...ready, paperNearEnd: true })).toBe('low');
    expect(paperLevelOf({ ...ready, paperNearEnd: true, paperEnd: true })).toBe('out');
    expect(paperLevelOf({ ...ready, stoppedByPaperEnd: true })).toBe('out');
  });

  it.each([
    { outcome: 'prints', name: 'ready', conditions: ready, device: 'online', refusal: null },
    { outcome: 'prints', name: 'paper near end', conditions: { ...ready, paperNearEnd: true }, device: 'online', refusal: null },
    { outcome: 'refused, paperOut', name: 'paper out', conditions: { ...ready, offline: true, stoppedByPaperEnd: true, paperNearEnd: true, paperEnd: true }, device: 'offline', refusal: { completion: 'commandErrorCode', errorCode: 'paperOut' } },
    { outcome: 'refused, coverOpen', name: 'cover open', conditions: { ...ready, offline: true, coverOpen: true }, device: 'offline', refusal: { completion: 'commandErrorCode', errorCode: 'coverOpen' } },
    { outcome: 'refused, deviceNotReady', name: 'offline for no sensor reason', conditions: { ...ready, offline: true }, device: 'offline', refusal: { completion: 'deviceNotReady' } },
    { outcome: 'refused, deviceNotReady', name: 'feed button held', conditions: { ...ready, offline: true, feedButton: true }, device: 'offline', refusal: { completion: 'deviceNotReady' } },
    { outcome: 'refused, hardwareError', name: 'auto-cutter error', conditions: { ...ready, offline: true, error: true, autoCutterError: true }, device: 'hardwareError', refusal: { completion: 'hardwareError', detail: 'offline, auto-cutter error' } },
    { outcome: 'refused, hardwareError', name: 'unrecoverable error', conditions: { ...ready, offline: true, error: true, unrecoverableError: true }, device: 'hardwareError', refusal: { completion: 'hardwareError' } },
    { outcome: 'refused, hardwareError', name: 'auto-recoverable error', conditions: { ...ready, offline: true, error: true, autoRecoverableError: true }, device: 'hardwareError', refusal: { completion: 'hardwareError' } },
  ] as const)('$name: device $device, $outcome', ({ conditions, device, refusal }) => {
    expect(deviceStateOf(conditions)).toBe(device);
    if (refusal === null) expect(refusalOf(conditions)).toBeNull();
    else expect(refusalOf(conditions)).toMatchObject(refusal);
  });

  it('says paper out before cover open when both hold (the cover is open to load paper)', () => {
    expect(refusalOf({ ...ready, offline: true, coverOpen: true, paperEnd: true })).toMatchObject({ errorCode: 'paperOut', detail: 'offline, cover open, paper end' });
  });
});
