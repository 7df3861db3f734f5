import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/main/config/load-config';

const parse = (accessibility: unknown) => parseConfig({ accessibility }, 'kiosk.json').accessibility;

describe('kiosk config: accessibility (issue 18)', () => {
  it('defaults to the simulated handset and the system\'s default output', () => {
    expect(parseConfig({}).accessibility).toEqual({ handset: { kind: 'simulated' }, output: { kind: 'systemDefault' } });
    expect(parse({ handset: { kind: 'none' } })).toEqual({ handset: { kind: 'none' }, output: { kind: 'systemDefault' } });
  });

  it('takes a HID cradle\'s hook bit, lifted when set unless told', () => {
    expect(parse({ handset: { kind: 'hid', vendorId: 0x0b0e, productId: 0x0412, reportByte: 1, mask: 0x01 } }).handset)
      .toEqual({ kind: 'hid', vendorId: 0x0b0e, productId: 0x0412, reportByte: 1, mask: 0x01, liftedWhen: 'set' });
  });

  it('takes an evdev jack sense by name, or a gpio-keys switch by code, and a named handset output', () => {
    expect(parse({ handset: { kind: 'evdev', device: '/dev/input/by-path/platform-sound-event', switch: 'headphoneInsert' }, output: { kind: 'device', label: 'USB Handset' } }))
      .toEqual({ handset: { kind: 'evdev', device: '/dev/input/by-path/platform-sound-event', switch: 'headphoneInsert', liftedWhen: 'on' }, output: { kind: 'device', label: 'USB Handset' } });
    expect(parse({ handset: { kind: 'evdev', device: '/dev/input/event3', switch: 0x0f, liftedWhen: 'off' } }).handset)
      .toEqual({ kind: 'evdev', device: '/dev/input/event3', switch: 0x0f, liftedWhen: 'off' });
  });

  it.each([
    ['an unknown handset kind', { handset: { kind: 'bluetooth' } }, /accessibility\.handset/],
    ['a HID handset without its product id', { handset: { kind: 'hid', vendorId: 1, reportByte: 0, mask: 1 } }, /accessibility\.handset\.productId/],
    ['a HID hook mask of zero (no bit)', { handset: { kind: 'hid', vendorId: 1, productId: 2, reportByte: 0, mask: 0 } }, /accessibility\.handset\.mask/],
    ['a HID report byte past a report', { handset: { kind: 'hid', vendorId: 1, productId: 2, reportByte: 64, mask: 1 } }, /accessibility\.handset\.reportByte/],
    ['an evdev device outside /dev/input', { handset: { kind: 'evdev', device: '/tmp/event0', switch: 'headphoneInsert' } }, /accessibility\.handset\.device.*\/dev\/input/],
    ['an unknown jack switch name', { handset: { kind: 'evdev', device: '/dev/input/event0', switch: 'speaker' } }, /accessibility\.handset\.switch/],
    ['a switch code past SW_MAX', { handset: { kind: 'evdev', device: '/dev/input/event0', switch: 0x11 } }, /accessibility\.handset\.switch/],
    ['a handset output with an empty label', { output: { kind: 'device', label: '  ' } }, /accessibility\.output\.label/],
    ['a real handset with no output to speak on', { handset: { kind: 'hid', vendorId: 1, productId: 2, reportByte: 0, mask: 1 }, output: { kind: 'none' } }, /accessibility\.output.*handset is configured but output is none/],
    ['a field the config does not know', { handset: { kind: 'none' }, volume: 5 }, /accessibility/],
  ])('refuses %s, naming the field', (_, accessibility, message) => {
    expect(() => parse(accessibility)).toThrow(message);
  });
});
