/**
 * The guidance handset's drivers (issue 18): a USB HID cradle's hook switch,
 * or a Linux input-event switch (the sound card's jack sense, or a GPIO hook
 * switch reported by the kernel's gpio-keys driver). Each calls `onChange`
 * when the state changes, and only then; closing releases the device.
 */
import { createReadStream } from 'node:fs';
import HID from 'node-hid';
import { EvdevSwitchDecoder, hidHookLifted, type EvdevSwitch, type HidHook } from './hook-switch';

export interface HandsetListener {
  onChange(lifted: boolean): void;
  onError(error: Error): void;
}

/** What the HID driver uses of node-hid's HIDAsync (a fake in tests). */
export interface HidReports {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(): Promise<void>;
}

/** Follows a HID cradle's reports; reports a change of the hook bit only. */
export function followHidHandset(device: HidReports, hook: HidHook, listener: HandsetListener): () => Promise<void> {
  let last: boolean | null = null;
  device.on('data', (report) => {
    const lifted = hidHookLifted(report, hook);
    if (lifted === null || lifted === last) return;
    last = lifted;
    listener.onChange(lifted);
  });
  device.on('error', (error) => listener.onError(error));
  return () => device.close();
}

export async function openHidHandset(ids: { vendorId: number; productId: number }): Promise<HidReports> {
  return HID.HIDAsync.open(ids.vendorId, ids.productId);
}

/** What the evdev driver reads: a byte stream (fs.ReadStream of /dev/input/eventN; a PassThrough in tests). */
export interface ByteStream {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  destroy(): unknown;
}

export function followEvdevHandset(stream: ByteStream, watch: EvdevSwitch, listener: HandsetListener): () => void {
  const decoder = new EvdevSwitchDecoder(watch);
  let last: boolean | null = null;
  stream.on('data', (chunk) => {
    for (const lifted of decoder.push(chunk)) {
      if (lifted === last) continue;
      last = lifted;
      listener.onChange(lifted);
    }
  });
  stream.on('error', (error) => listener.onError(error));
  return () => { stream.destroy(); };
}

export function openEvdevStream(device: string): ByteStream {
  return createReadStream(device);
}
