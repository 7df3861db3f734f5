import { SerialPort } from 'serialport';
import { TransportClosedError, type ByteTransport } from './byte-transport';

export interface SerialOptions {
  path: string;
  /** CRT-310 default is 9600; 1200 to 38400 are selectable (DEVICES.md). */
  baudRate?: number;
  /** The rates the device on this port offers; `SUPPORTED_BAUD_RATES` (the CRT-310's) unless told. */
  baudRates?: readonly number[];
}

export const SUPPORTED_BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400] as const;

/** A serial port as a ByteTransport: 8 data bits, no parity, 1 stop bit. */
export class SerialTransport implements ByteTransport {
  readonly endpoint: string;
  /** The rate the port was opened with, for diagnostics ("no valid reply at 9600 bps"). */
  readonly baudRate: number;
  readonly #port: SerialPort;

  constructor(options: SerialOptions) {
    const baudRate = options.baudRate ?? 9600;
    const rates: readonly number[] = options.baudRates ?? SUPPORTED_BAUD_RATES;
    if (!rates.includes(baudRate)) {
      throw new RangeError(`baud rate ${baudRate} is not one of ${rates.join(', ')}`);
    }
    this.endpoint = options.path;
    this.baudRate = baudRate;
    this.#port = new SerialPort({
      path: options.path,
      baudRate,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      autoOpen: false,
    });
  }

  get isOpen(): boolean {
    return this.#port.isOpen;
  }

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#port.open((error) => (error ? reject(new Error(`cannot open ${this.endpoint}: ${error.message}`)) : resolve()));
    });
  }

  close(): Promise<void> {
    if (!this.#port.isOpen) return Promise.resolve();
    return new Promise((resolve) => this.#port.close(() => resolve()));
  }

  write(bytes: Uint8Array): Promise<void> {
    if (!this.#port.isOpen) return Promise.reject(new TransportClosedError(this.endpoint));
    return new Promise((resolve, reject) => {
      this.#port.write(Buffer.from(bytes), (error) => {
        if (error) return reject(error);
        this.#port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
      });
    });
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.#port.on('data', listener);
    return () => this.#port.off('data', listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    const wrapped = (error?: Error | null) => listener(error ?? undefined);
    this.#port.on('close', wrapped);
    return () => this.#port.off('close', wrapped);
  }
}
