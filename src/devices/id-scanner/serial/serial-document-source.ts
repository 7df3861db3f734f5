import { assertNever } from '../../../shared/assert-never';
import type { ByteTransport } from '../../transport/byte-transport';
import type { DocumentSource, DocumentSourceEvents, LineFault, ReadDamage } from '../document-source';
import { TypedEmitter, type ListenerErrorHandler } from '../../../shared/events/typed-emitter';
import { systemClock, type TimerHandle, type Timers } from '../../../shared/time/clock';
import { DEFAULT_MAX_FRAME_BYTES, SerialFrameParser, describeFrameFault, type SerialFrameEvent, type SerialFrameFault } from './serial-frame-parser';

/** The same patience as between two HID reports of one payload. */
export const DEFAULT_INTER_BYTE_TIMEOUT_MS = 500;

export interface SerialDocumentSourceOptions {
  /** A serial port (`SerialTransport`), or the host end of a memory link to the simulator. */
  transport: ByteTransport;
  /** Longest gap between two bytes of one frame before it is abandoned (500 ms, as between HID reports). */
  interByteTimeoutMs?: number;
  /** Largest frame accepted (4096 bytes). */
  maxPayloadBytes?: number;
  timers?: Timers;
  /** Where a throwing listener's error goes (the one rule: src/shared/events/typed-emitter.ts). */
  onListenerError?: ListenerErrorHandler;
}

interface OpenLink {
  parser: SerialFrameParser;
  detach(): void;
}

/**
 * A reader in serial mode (DEVICES.md, "Identity-document scanner": "a
 * serial mode that wraps MRZ lines, separated by CR, in STX ... ETX"): bytes
 * from a `ByteTransport` through `SerialFrameParser`. A frame left open
 * longer than the inter-byte timeout is abandoned, the serial twin of the HID
 * inter-report timeout. The port closing without being asked is the link
 * lost (a pulled USB-serial adapter); the port can be opened again.
 */
export class SerialDocumentSource implements DocumentSource {
  readonly transport = 'serial';
  readonly canReopen = true;
  readonly maxPayloadBytes: number;
  readonly #link: ByteTransport;
  readonly #interByteTimeoutMs: number;
  readonly #timers: Timers;
  readonly #events: TypedEmitter<DocumentSourceEvents>;
  #open: OpenLink | undefined;
  #frameTimer: TimerHandle | undefined;

  constructor(options: SerialDocumentSourceOptions) {
    this.#link = options.transport;
    this.#interByteTimeoutMs = options.interByteTimeoutMs ?? DEFAULT_INTER_BYTE_TIMEOUT_MS;
    this.maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.#timers = options.timers ?? systemClock;
    this.#events = new TypedEmitter<DocumentSourceEvents>(options.onListenerError);
  }

  get endpoint(): string {
    return this.#link.endpoint;
  }

  get readInProgress(): boolean {
    return this.#open?.parser.hasPartialFrame === true;
  }

  async open(): Promise<void> {
    if (this.#open) return;
    const parser = new SerialFrameParser({ maxFrameBytes: this.maxPayloadBytes });
    parser.on('data', (event: SerialFrameEvent) => {
      switch (event.type) {
        case 'frame':
          this.#events.emit('payload', event.payload);
          return;
        case 'fault':
          this.#events.emit('fault', lineFault(event.fault));
          return;
        default:
          assertNever(event, 'serial frame event');
      }
    });
    const offData = this.#link.onData((chunk) => {
      parser.write(chunk);
      this.#armFrameTimer();
    });
    const offClose = this.#link.onClose((error) => this.#lose(error ? `serial link lost: ${error.message}` : 'serial link closed'));
    this.#open = {
      parser,
      detach: () => {
        offData();
        offClose();
        this.#stopFrameTimer();
        parser.removeAllListeners('data');
        parser.destroy();
      },
    };
    try {
      if (!this.#link.isOpen) await this.#link.open();
    } catch (error) {
      this.#letGo();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.#letGo();
    await this.#link.close();
  }

  onPayload(listener: (payload: Buffer) => void): () => void {
    this.#events.on('payload', listener);
    return () => this.#events.off('payload', listener);
  }

  onFault(listener: (fault: LineFault) => void): () => void {
    this.#events.on('fault', listener);
    return () => this.#events.off('fault', listener);
  }

  onLinkLost(listener: (reason: string) => void): () => void {
    this.#events.on('linkLost', listener);
    return () => this.#events.off('linkLost', listener);
  }

  /** The port is already closed; let go of it so a reopen starts with a fresh parser. */
  #lose(reason: string): void {
    this.#letGo();
    this.#events.emit('linkLost', reason);
  }

  #letGo(): void {
    const open = this.#open;
    this.#open = undefined;
    open?.detach();
  }

  /** Restarted on every chunk while a frame is open; gives the frame up when the bytes stop. */
  #armFrameTimer(): void {
    this.#stopFrameTimer();
    if (!this.#open?.parser.hasPartialFrame) return;
    this.#frameTimer = this.#timers.setTimeout(() => {
      this.#frameTimer = undefined;
      this.#open?.parser.abandonPartialFrame();
    }, this.#interByteTimeoutMs);
  }

  #stopFrameTimer(): void {
    if (this.#frameTimer !== undefined) {
      this.#timers.clearTimeout(this.#frameTimer);
      this.#frameTimer = undefined;
    }
  }
}

function lineFault(fault: SerialFrameFault): LineFault {
  return { source: 'serial', fault, message: describeFrameFault(fault), damage: damageOf(fault) };
}

function damageOf(fault: SerialFrameFault): ReadDamage {
  switch (fault.code) {
    case 'garbage':
    case 'frameInterrupted':
      // Noise, or the reader restarted a frame: the next frame may still come.
      return 'none';
    case 'frameTooLong':
      return 'readTooLarge';
    case 'incompleteFrame':
      return 'readStalled';
    default:
      return assertNever(fault, 'serial frame fault');
  }
}
