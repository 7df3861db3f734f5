import { EventEmitter } from 'node:events';
import { TransportClosedError, type ByteTransport } from './byte-transport';

/**
 * One end of an in-memory full-duplex byte link. Bytes written on one end
 * arrive at the other asynchronously (next macrotask), in order, possibly
 * coalesced, as they would from a UART.
 */
class MemoryEnd implements ByteTransport {
  readonly #events = new EventEmitter();
  #open = false;
  peer!: MemoryEnd;

  constructor(readonly endpoint: string) {}

  get isOpen(): boolean {
    return this.#open;
  }

  async open(): Promise<void> {
    this.#open = true;
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    this.#events.emit('close');
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.#open) throw new TransportClosedError(this.endpoint);
    const copy = Buffer.from(bytes);
    setImmediate(() => this.peer.deliver(copy));
  }

  deliver(chunk: Buffer): void {
    // A closed end drops what arrives, as a UART with nobody listening does.
    if (this.#open) this.#events.emit('data', chunk);
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.#events.on('data', listener);
    return () => this.#events.off('data', listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.#events.on('close', listener);
    return () => this.#events.off('close', listener);
  }
}

/** A linked pair: give `host` to the driver and `device` to the simulator. */
export function createMemoryLink(name: string): { host: ByteTransport; device: ByteTransport } {
  const host = new MemoryEnd(`memory:${name}`);
  const device = new MemoryEnd(`memory:${name}#device`);
  host.peer = device;
  device.peer = host;
  return { host, device };
}
