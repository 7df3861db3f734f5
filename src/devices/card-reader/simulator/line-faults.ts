/**
 * The line faults scripted on the CRT-310 simulator through its control API
 * (tests and the dev host's simulator panel; crt310-simulator.ts says what
 * each one does): command frames answered with NAK, replies sent with a
 * wrong BCC, a slow reply, a reader that ignores everything, power that goes
 * half way through a reply, and a host port set to another rate than the
 * reader. The protocol side asks here before it answers.
 */

const NOISE = [0xf8, 0x80, 0xfe, 0x78, 0xe0, 0x98, 0xfc, 0x86];

export class LineFaults {
  #nakBudget = 0;
  #corruptBudget = 0;
  #replyDelayMs = 0;
  #powerLossMidReply = false;
  #silent = false;
  #lineBaudRate: number;

  constructor(options: { lineBaudRate: number }) {
    this.#lineBaudRate = options.lineBaudRate;
  }

  nakNext(count: number): void {
    this.#nakBudget = count;
  }

  corruptNextReplies(count: number): void {
    this.#corruptBudget = count;
  }

  setReplyDelay(ms: number): void {
    this.#replyDelayMs = ms;
  }

  get replyDelayMs(): number {
    return this.#replyDelayMs;
  }

  setSilent(silent: boolean): void {
    this.#silent = silent;
  }

  get silent(): boolean {
    return this.#silent;
  }

  /** Main power goes at the next reply, after half of it is sent. */
  losePowerMidReply(lose: boolean): void {
    this.#powerLossMidReply = lose;
  }

  get powerLossMidReply(): boolean {
    return this.#powerLossMidReply;
  }

  setLineBaudRate(baudRate: number): void {
    this.#lineBaudRate = baudRate;
  }

  get lineBaudRate(): number {
    return this.#lineBaudRate;
  }

  /** True when this command frame is to be answered with NAK (one fewer to go). */
  takeNak(): boolean {
    if (this.#nakBudget > 0) {
      this.#nakBudget--;
      return true;
    }
    return false;
  }

  /** The reply frame as it goes out: with a wrong BCC while corrupted replies remain. */
  damage(frame: Buffer): Buffer {
    let bytes = frame;
    if (this.#corruptBudget > 0) {
      this.#corruptBudget--;
      bytes = Buffer.from(frame);
      bytes[bytes.length - 1]! ^= 0x5a;
    }
    return bytes;
  }
}

/** What a UART at the wrong rate makes of a chunk of `length` bytes: garbage, at least one byte of it. */
export function lineNoise(length: number): Buffer {
  return Buffer.from(Array.from({ length: Math.max(1, length) }, (_, i) => NOISE[i % NOISE.length]!));
}
