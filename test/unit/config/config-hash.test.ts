/** The configuration hash in the status report (config-hash.ts, issue 19): equal for kiosks configured alike, different for any behaviour. */
import { describe, expect, it } from 'vitest';
import { configHash } from '../../../src/main/config/config-hash';
import { KioskConfig } from '../../../src/main/config/kiosk-config';

const base = {
  kioskId: 'KIOSK-A-01', dataDir: '/var/lib/kiosk', diagnosticsDir: 'diag', diagnosticsExportRoots: ['/media'],
  hq: { url: 'http://127.0.0.1:8443', embeddedDataDir: '/tmp/hq' },
  devices: { cardReader: { kind: 'serial', path: '/dev/ttyUSB0' }, idScanner: { kind: 'simulated' }, printer: { kind: 'serial', path: '/dev/ttyUSB1' } },
};
const hashOf = (config: object) => configHash(KioskConfig.parse(config));

describe('configHash', () => {
  it('is SHA-256 hex, and the same whatever differs per machine (kiosk id, every path)', () => {
    const hash = hashOf(base);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashOf({
      ...base, kioskId: 'KIOSK-B-77', dataDir: '/data', diagnosticsDir: '/elsewhere', diagnosticsExportRoots: ['/run/media/tech'],
      hq: { ...base.hq, embeddedDataDir: '/srv/hq' },
      devices: { ...base.devices, cardReader: { kind: 'serial', path: '/dev/serial/by-id/reader' }, printer: { kind: 'serial', path: '/dev/ttyACM0' } },
    })).toBe(hash);
  });

  it('changes with anything that changes behaviour', () => {
    const hash = hashOf(base);
    for (const changed of [
      { ...base, hq: { ...base.hq, url: 'http://127.0.0.1:9443' } },
      { ...base, hq: { ...base.hq, timeoutMs: 9000 } },
      { ...base, devices: { ...base.devices, cardReader: { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 38400 } } },
      { ...base, devices: { ...base.devices, retainBin: { high: 30, full: 50 } } },
      { ...base, storeHours: { open: '10:00', close: '20:00' } },
      { ...base, diskFloorMb: 500 },
      { ...base, journalRetentionDays: 30 },
      { ...base, timing: { inactivityMs: 45_000 } },
    ]) expect(hashOf(changed), JSON.stringify(changed)).not.toBe(hash);
  });

  it('does not depend on the order keys were written in', () => {
    expect(hashOf({ diskFloorMb: 300, kioskId: 'KIOSK-A-01' })).toBe(hashOf({ kioskId: 'KIOSK-A-01', diskFloorMb: 300 }));
  });
});
