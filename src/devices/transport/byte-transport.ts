/**
 * A byte transport: what every serial driver talks through. The real one
 * wraps `serialport`; the simulated one is an in-memory link whose far end a
 * simulator drives with the same bytes a device would send. Drivers cannot
 * tell the two apart (ARCHITECTURE.md, "Devices").
 */
export interface ByteTransport {
  /** Human-readable endpoint for diagnostics, e.g. `/dev/ttyUSB0` or `memory:card-reader`. */
  readonly endpoint: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  close(): Promise<void>;
  /** Resolves once the bytes are handed to the OS (drained for serial ports). */
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: (chunk: Buffer) => void): () => void;
  /** The link went away (cable pulled, port closed, peer closed). */
  onClose(listener: (error?: Error) => void): () => void;
}

export class TransportClosedError extends Error {
  constructor(endpoint: string) {
    super(`transport ${endpoint} is closed`);
    this.name = 'TransportClosedError';
  }
}
