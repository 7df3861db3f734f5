/**
 * The simulated printer's side of the line: what arrives goes through the
 * stream decoder, `DLE EOT n` is answered with the status byte of the
 * mechanism's state (DEVICES.md, "Real-time status"), garbage is counted by
 * kind, and every other token is left to the paper. The scripted line
 * faults live here too: a silent line, slow status answers, malformed ones.
 */
import type { ByteTransport } from '../../transport/byte-transport';
import type { Clock, TimerHandle } from '../../../shared/time/clock';
import type { KanjiCodeSystemName, StatusKind } from '../escpos-bytes';
import { encodeStatusByte } from '../escpos-status';
import { EscPosStreamDecoder, type EscPosToken, type GarbageReason } from './escpos-stream-decoder';
import type { PrinterMechanism } from './printer-mechanism';
import type { PrintedPaper } from './printed-paper';

export type GarbageCounts = Record<GarbageReason, number>;

/** A byte whose fixed bits are wrong (bit 1 and bit 4 clear): what `malformNextStatusReplies` sends. */
export const MALFORMED_STATUS_BYTE = 0x00;

function noGarbage(): GarbageCounts {
  return { controlByte: 0, unknownCommand: 0, badParameter: 0, unprintable: 0, badKanji: 0, truncated: 0 };
}

export interface EscPosResponderOptions {
  transport: ByteTransport;
  clock: Clock;
  decoder: EscPosStreamDecoder;
  mechanism: PrinterMechanism;
  paper: PrintedPaper;
  /** Something a snapshot shows changed. */
  onChanged: () => void;
}

export class EscPosResponder {
  readonly #transport: ByteTransport;
  readonly #clock: Clock;
  readonly #decoder: EscPosStreamDecoder;
  readonly #mechanism: PrinterMechanism;
  readonly #paper: PrintedPaper;
  readonly #onChanged: () => void;
  #detach: (() => void)[] = [];

  // Line and faults
  #silent = false;
  #statusDelayMs = 0;
  #malformBudget = 0;
  readonly #timers = new Set<TimerHandle>();

  // Counters
  #bytesReceived = 0;
  #statusRequests = 0;
  #garbage = noGarbage();

  constructor(options: EscPosResponderOptions) {
    this.#transport = options.transport;
    this.#clock = options.clock;
    this.#decoder = options.decoder;
    this.#mechanism = options.mechanism;
    this.#paper = options.paper;
    this.#onChanged = options.onChanged;
  }

  get silent(): boolean {
    return this.#silent;
  }

  get kanjiMode(): boolean {
    return this.#decoder.kanjiMode;
  }

  get kanjiCodeSystem(): KanjiCodeSystemName {
    return this.#decoder.kanjiCodeSystem;
  }

  get bytesReceived(): number {
    return this.#bytesReceived;
  }

  get statusRequests(): number {
    return this.#statusRequests;
  }

  /** Garbage bytes by kind, a copy. */
  garbage(): GarbageCounts {
    return { ...this.#garbage };
  }

  /** Opens the transport if needed and starts listening. */
  async start(): Promise<void> {
    if (!this.#transport.isOpen) await this.#transport.open();
    this.#detach.push(this.#transport.onData((chunk) => this.#onBytes(chunk)));
  }

  async stop(options: { closeTransport?: boolean } = {}): Promise<void> {
    for (const timer of this.#timers) this.#clock.clearTimeout(timer);
    this.#timers.clear();
    for (const detach of this.#detach) detach();
    this.#detach = [];
    if (options.closeTransport ?? true) await this.#transport.close();
  }

  setSilent(silent: boolean): void {
    this.#silent = silent;
  }

  setStatusDelay(ms: number): void {
    this.#statusDelayMs = Math.max(0, ms);
  }

  malformNextStatusReplies(count: number): void {
    this.#malformBudget = Math.max(0, count);
  }

  sendNoise(bytes: Uint8Array): void {
    this.#write(Buffer.from(bytes));
  }

  #onBytes(chunk: Buffer): void {
    if (this.#silent) return;
    this.#bytesReceived += chunk.length;
    this.#decoder.push(chunk, (token) => this.#onToken(token));
  }

  #onToken(token: EscPosToken): void {
    switch (token.kind) {
      case 'statusRequest':
        return this.#answerStatus(token.request);
      case 'garbage':
        this.#garbage[token.reason] += token.bytes;
        this.#paper.take(token);
        this.#onChanged();
        return;
      default:
        return this.#paper.take(token);
    }
  }

  #answerStatus(request: StatusKind): void {
    this.#statusRequests++;
    let byte = encodeStatusByte(request, this.#mechanism.conditions());
    if (this.#malformBudget > 0) {
      this.#malformBudget--;
      byte = MALFORMED_STATUS_BYTE;
    }
    if (this.#statusDelayMs === 0) {
      this.#write(Buffer.from([byte]));
      return;
    }
    const timer = this.#clock.setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#silent) this.#write(Buffer.from([byte]));
    }, this.#statusDelayMs);
    this.#timers.add(timer);
  }

  #write(bytes: Buffer): void {
    if (!this.#transport.isOpen) return;
    this.#transport.write(bytes).catch(() => {
      // The host went away; a printer does not care.
    });
  }
}
