/**
 * `--simulate` is refused when the config names real devices (issue 15,
 * "The simulator panel only when asked").
 */
import { describe, expect, it } from 'vitest';
import { KioskConfig } from '../../../src/main/config/kiosk-config';
import { realDevices, simulateRefusal } from '../../../src/main/web-host/simulate-option';

describe('simulateRefusal', () => {
  it('allows --simulate with the default, all-simulated config', () => {
    expect(simulateRefusal(KioskConfig.parse({}))).toBeNull();
  });

  it.each([
    [{ cardReader: { kind: 'serial', path: '/dev/ttyUSB0' } }, 'devices.cardReader (serial)'],
    [{ idScanner: { kind: 'hid', vendorId: 1, productId: 2 } }, 'devices.idScanner (hid)'],
    [{ printer: { kind: 'serial', path: '/dev/ttyUSB1' } }, 'devices.printer (serial)'],
  ])('refuses it when the config names a real device (%j), naming the field', (devices, named) => {
    const config = KioskConfig.parse({ devices });
    expect(realDevices(config)).toEqual([named]);
    expect(simulateRefusal(config)).toContain(named);
    expect(simulateRefusal(config)).toMatch(/^--simulate refused/);
  });
});
