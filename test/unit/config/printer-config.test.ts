import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/main/config/load-config';

describe('kiosk config: devices.printer', () => {
  it('defaults to the simulated printer', () => {
    expect(parseConfig({}).devices.printer).toEqual({ kind: 'simulated' });
    expect(parseConfig({ devices: { cardReader: { kind: 'simulated' } } }).devices.printer).toEqual({ kind: 'simulated' });
  });

  it('takes a serial printer at 9600 bps unless told, up to 115200', () => {
    expect(parseConfig({ devices: { printer: { kind: 'serial', path: '/dev/ttyUSB1' } } }).devices.printer).toEqual({ kind: 'serial', path: '/dev/ttyUSB1', baudRate: 9600 });
    expect(parseConfig({ devices: { printer: { kind: 'serial', path: 'COM4', baudRate: 115200 } } }).devices.printer).toEqual({ kind: 'serial', path: 'COM4', baudRate: 115200 });
  });

  it('names a bad printer field', () => {
    expect(() => parseConfig({ devices: { printer: { kind: 'serial', path: '/dev/ttyUSB1', baudRate: 4800 } } }, 'kiosk.json')).toThrow(/devices\.printer\.baudRate/);
    expect(() => parseConfig({ devices: { printer: { kind: 'usb' } } }, 'kiosk.json')).toThrow(/devices\.printer/);
  });
});
