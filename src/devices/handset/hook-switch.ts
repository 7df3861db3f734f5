/**
 * The guidance handset's hook switch and the headphone jack's sense, as
 * bytes (issue 18). Pure decoders, so the drivers (handset-source.ts) stay
 * thin and the tests need no hardware.
 */

/** A HID handset cradle: which bit(s) of which input-report byte are the hook switch. */
export interface HidHook {
  reportByte: number;
  mask: number;
  liftedWhen: 'set' | 'clear';
}

/** Lifted (true), on its hook (false), or null when the report is too short to say. */
export function hidHookLifted(report: Uint8Array, hook: HidHook): boolean | null {
  if (report.length <= hook.reportByte) return null;
  const set = (report[hook.reportByte]! & hook.mask) !== 0;
  return hook.liftedWhen === 'set' ? set : !set;
}

/** linux/input-event-codes.h */
export const EV_SW = 0x05;

/**
 * struct input_event on 64-bit Linux (linux/input.h): struct timeval
 * (two 64-bit words), __u16 type, __u16 code, __s32 value: 24 bytes,
 * little-endian on the kiosk's x86-64 and arm64.
 */
export const INPUT_EVENT_SIZE = 24;

export interface EvdevSwitch {
  code: number;
  liftedWhen: 'on' | 'off';
}

/**
 * Reads input events from a byte stream that may split them anywhere, and
 * reports each change of the one switch that matters.
 */
export class EvdevSwitchDecoder {
  #pending: Buffer = Buffer.alloc(0);
  readonly #watch: EvdevSwitch;

  constructor(watch: EvdevSwitch) {
    this.#watch = watch;
  }

  /** The lifted/put-back states found in this chunk, in order. */
  push(chunk: Buffer): boolean[] {
    this.#pending = Buffer.concat([this.#pending, chunk]);
    const states: boolean[] = [];
    while (this.#pending.length >= INPUT_EVENT_SIZE) {
      const type = this.#pending.readUInt16LE(16);
      const code = this.#pending.readUInt16LE(18);
      const value = this.#pending.readInt32LE(20);
      this.#pending = this.#pending.subarray(INPUT_EVENT_SIZE);
      if (type !== EV_SW || code !== this.#watch.code) continue;
      const on = value !== 0;
      states.push(this.#watch.liftedWhen === 'on' ? on : !on);
    }
    return states;
  }
}
