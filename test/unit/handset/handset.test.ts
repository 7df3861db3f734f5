import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { EV_SW, EvdevSwitchDecoder, hidHookLifted, INPUT_EVENT_SIZE } from '../../../src/devices/handset/hook-switch';
import type { HidReports } from '../../../src/devices/handset/handset-source';
import { startHandset } from '../../../src/main/start-handset';
import { parseConfig } from '../../../src/main/config/load-config';

/** One struct input_event (64-bit Linux): timeval, type, code, value. */
function inputEvent(type: number, code: number, value: number): Buffer {
  const b = Buffer.alloc(INPUT_EVENT_SIZE);
  b.writeBigInt64LE(1_764_000_000n, 0);
  b.writeUInt16LE(type, 16);
  b.writeUInt16LE(code, 18);
  b.writeInt32LE(value, 20);
  return b;
}
const SYN = () => inputEvent(0, 0, 0);
const SW_HEADPHONE_INSERT = 0x02;

const logger = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() }) as never;

class FakeHid extends EventEmitter implements HidReports {
  closed = false;
  async close(): Promise<void> { this.closed = true; }
}

describe('handset hook switch decoders (issue 18)', () => {
  it('reads a HID hook bit either way round, and says nothing of a short report', () => {
    expect(hidHookLifted(Uint8Array.from([0x01, 0x04]), { reportByte: 1, mask: 0x04, liftedWhen: 'set' })).toBe(true);
    expect(hidHookLifted(Uint8Array.from([0x01, 0x00]), { reportByte: 1, mask: 0x04, liftedWhen: 'set' })).toBe(false);
    expect(hidHookLifted(Uint8Array.from([0x01, 0x00]), { reportByte: 1, mask: 0x04, liftedWhen: 'clear' })).toBe(true);
    expect(hidHookLifted(Uint8Array.from([0x01]), { reportByte: 1, mask: 0x04, liftedWhen: 'set' })).toBeNull();
  });

  it('decodes the jack switch from input events split anywhere, ignoring other events and switches', () => {
    const decoder = new EvdevSwitchDecoder({ code: SW_HEADPHONE_INSERT, liftedWhen: 'on' });
    const bytes = Buffer.concat([inputEvent(EV_SW, 0x04, 1), inputEvent(EV_SW, SW_HEADPHONE_INSERT, 1), SYN(), inputEvent(EV_SW, SW_HEADPHONE_INSERT, 0), SYN()]);
    const states = [...decoder.push(bytes.subarray(0, 30)), ...decoder.push(bytes.subarray(30, 61)), ...decoder.push(bytes.subarray(61))];
    expect(states).toEqual([true, false]);
    const inverted = new EvdevSwitchDecoder({ code: 0x0f, liftedWhen: 'off' });
    expect(inverted.push(inputEvent(EV_SW, 0x0f, 0))).toEqual([true]);
  });
});

describe('startHandset (issue 18): the configured handset tells the core', () => {
  it('follows a HID cradle: one change per state change, closed on stop', async () => {
    const device = new FakeHid();
    const onChange = vi.fn();
    const config = parseConfig({ accessibility: { handset: { kind: 'hid', vendorId: 1, productId: 2, reportByte: 0, mask: 0x02 } } }).accessibility.handset;
    const stop = startHandset(config, { onChange, logger: logger(), drivers: { openHid: async () => device, openEvdev: () => new PassThrough() } });
    await vi.waitFor(() => expect(device.listenerCount('data')).toBe(1));
    for (const byte of [0x00, 0x02, 0x02, 0x03, 0x00]) device.emit('data', Buffer.from([byte]));
    expect(onChange.mock.calls.map((c) => c[0])).toEqual([false, true, false]);
    stop();
    await vi.waitFor(() => expect(device.closed).toBe(true));
  });

  it('follows a headphone jack on evdev by name', () => {
    const stream = new PassThrough();
    const onChange = vi.fn();
    const config = parseConfig({ accessibility: { handset: { kind: 'evdev', device: '/dev/input/event5', switch: 'headphoneInsert' } } }).accessibility.handset;
    const opened: string[] = [];
    startHandset(config, { onChange, logger: logger(), drivers: { openHid: async () => new FakeHid(), openEvdev: (path) => { opened.push(path); return stream; } } });
    stream.write(Buffer.concat([inputEvent(EV_SW, SW_HEADPHONE_INSERT, 1), SYN()]));
    stream.write(inputEvent(EV_SW, SW_HEADPHONE_INSERT, 0));
    expect(opened).toEqual(['/dev/input/event5']);
    expect(onChange.mock.calls.map((c) => c[0])).toEqual([true, false]);
  });

  it('logs a handset that cannot be opened, and the kiosk runs on', async () => {
    const log = logger() as unknown as { warn: ReturnType<typeof vi.fn> };
    const config = parseConfig({ accessibility: { handset: { kind: 'hid', vendorId: 1, productId: 2, reportByte: 0, mask: 1 } } }).accessibility.handset;
    startHandset(config, { onChange: vi.fn(), logger: log as never, drivers: { openHid: () => Promise.reject(new Error('could not open device')), openEvdev: () => new PassThrough() } });
    await vi.waitFor(() => expect(log.warn).toHaveBeenCalledWith(expect.objectContaining({ error: 'could not open device' }), expect.stringContaining('guidance key only')));
  });

  it('opens nothing for the simulated handset (the panel) or none', () => {
    const openHid = vi.fn();
    const openEvdev = vi.fn();
    for (const kind of ['simulated', 'none'] as const) startHandset({ kind }, { onChange: vi.fn(), logger: logger(), drivers: { openHid, openEvdev } });
    expect(openHid).not.toHaveBeenCalled();
    expect(openEvdev).not.toHaveBeenCalled();
  });
});
