/**
 * The diagnostics bundle schema refuses card data in any field (issue 15,
 * "Masking by construction"; PCI DSS req. 3.3/3.4): PAN-like digit runs
 * (10 or more digits in a string or trace; 15/16 or Luhn-valid 13-19 digit
 * integers), track sentinels,
 * also when they hide in a trace's hex bytes.
 */
import { describe, expect, it } from 'vitest';
import {
  DiagnosticsBundle, hexLooksLikeTrackData, looksLikePan, luhnValid, numberLooksLikePan,
} from '../../../src/shared/diagnostics/diagnostics-bundle';
import { HEALTH } from '../../support/fake-service-ports';

const hexOf = (text: string) => Array.from(Buffer.from(text, 'latin1'), (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');

function bundle(overrides: Partial<DiagnosticsBundle> = {}): DiagnosticsBundle {
  return {
    format: 'kiosk-diagnostics/1', kioskId: 'KIOSK-DEMO-01', createdAt: '2026-06-10T03:00:00.000Z', createdBy: 'TECH-01', health: HEALTH,
    devices: [{ name: 'cardReader', model: 'CRT-310', endpoint: '/dev/ttyUSB0', state: 'online', firmware: 'CRT-310 V3.0', capabilities: { led: true, baudRate: 9600 }, counters: { commands: 3 }, status: { device: 'online' } }],
    portsPresent: [{ kind: 'serial', path: '/dev/ttyUSB0', vendorId: '0403', productId: '6001', manufacturer: 'FTDI', product: null }],
    cardReaderTraffic: [
      { at: '2026-06-10T03:00:00.000Z', direction: 'tx', hex: '02 00 04 45 30 30 32 03 64', note: 'readTracks' },
      { at: '2026-06-10T03:00:00.100Z', direction: 'rx', hex: '02 00 14 45 30 ** ** ** ** 03 **', note: 'frame' },
      { at: '2026-06-10T03:00:00.200Z', direction: 'rx', hex: '02 00 05 31 30 4A 4A 4A 03 4F', note: 'frame' },
    ],
    journalEventCounts: { 'card.read': 12 },
    selfTests: [{ test: 'cardReader', ok: true, detail: 'reset ok', at: '2026-06-10T03:00:00.000Z' }],
    ...overrides,
  };
}

const traffic = (hex: string) => bundle({ cardReaderTraffic: [{ at: '2026-06-10T03:00:00.000Z', direction: 'rx', hex, note: 'frame' }] });

describe('PAN rules', () => {
  it('Luhn: a test card number passes, one digit changed fails', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('a PAN-like run is any run of 10 or more digits (it holds a 10-digit run; every Luhn-valid 13-19 run is one)', () => {
    expect(looksLikePan('0123456789')).toBe(true);
    expect(looksLikePan('00123456789')).toBe(true);
    expect(looksLikePan('4222222222222')).toBe(true);
    expect(looksLikePan('123456789')).toBe(false);
  });

  it('an integer looks like a PAN when it has 15 or 16 digits, or 13-19 and a valid Luhn sum', () => {
    expect(numberLooksLikePan(4222222222222)).toBe(true); // 13 digits, Luhn-valid
    expect(numberLooksLikePan(4222222222223)).toBe(false);
    expect(numberLooksLikePan(123456789012345)).toBe(true);
    expect(numberLooksLikePan(1234567890123456)).toBe(true);
    expect(numberLooksLikePan(1234567890)).toBe(false); // a counter or a clock skew may be this long
  });
});

describe('DiagnosticsBundle refuses card data', () => {
  it('accepts an honest bundle with masked read replies', () => {
    expect(DiagnosticsBundle.safeParse(bundle()).success).toBe(true);
  });

  it.each([
    ['a 16-digit PAN in ASCII', `02 00 14 45 30 1F 4E ${hexOf('4111111111111111')} 03 **`],
    ['a 10-digit run', `02 00 0C 45 30 ${hexOf('0123456789')} 03 **`],
    ['a Luhn-valid 13-digit run', `02 00 0F 45 30 ${hexOf('4222222222222')} 03 **`],
    ['a track 2 between sentinels', `02 00 0B 45 30 1F 41 ${hexOf(';4012=2512?')} 03 **`],
    ['track 1 format B', `02 00 0B 45 30 1F 41 ${hexOf('%B4012^')} 03 **`],
    ['binary-mode stripe characters', `02 00 10 45 30 1F 4F ${'8B 81 82 83 84 85 86 87 88 89 9F'} 03 **`],
  ])('refuses trace hex carrying %s, whatever the block status byte', (_name, hex) => {
    expect(hexLooksLikeTrackData(hex)).toBe(true);
    const parsed = DiagnosticsBundle.safeParse(traffic(hex));
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.some((i) => i.path.join('.') === 'cardReaderTraffic.0.hex')).toBe(true);
  });

  it('lets masked bytes break digit runs', () => {
    expect(hexLooksLikeTrackData(`${hexOf('41111')} ** ** ${hexOf('11111')}`)).toBe(false);
  });

  it.each([
    ['a device status value', (b: DiagnosticsBundle) => { b.devices[0]!.status.lastCard = '4111111111111111'; }, 'devices.0.status.lastCard'],
    ['a device state', (b: DiagnosticsBundle) => { b.devices[0]!.state = 'x;4111111111111111=2512?'; }, 'devices.0.state'],
    ['a capability', (b: DiagnosticsBundle) => { b.devices[0]!.capabilities.note = '%B4111'; }, 'devices.0.capabilities.note'],
    ['a counter key', (b: DiagnosticsBundle) => { b.devices[0]!.counters = { c4111111111111111: 1 }; }, 'devices.0.counters'],
    ['a self-test name', (b: DiagnosticsBundle) => { b.selfTests[0]!.test = '0123456789'; }, 'selfTests.0.test'],
    ['an integer holding a Luhn-valid PAN', (b: DiagnosticsBundle) => { b.devices[0]!.capabilities.baudRate = 4111111111111111; }, 'devices.0.capabilities.baudRate'],
  ])('refuses %s that looks like a PAN or track data', (_name, spoil, path) => {
    const candidate = structuredClone(bundle());
    spoil(candidate);
    const parsed = DiagnosticsBundle.safeParse(candidate);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.some((i) => i.path.join('.').startsWith(path))).toBe(true);
  });
});
