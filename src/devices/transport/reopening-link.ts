/**
 * A serial device held open by a service: the port opened at `open()`,
 * opened again after it went away, and polled on a timer. Both drivers
 * (CRT-310 card reader, ESC/POS printer) hold their line this way; what they
 * ask when they poll, and what an answer means, stays in their own folder.
 *
 * Why it is one mechanism:
 * - neither device tells the host anything unsolicited (DEVICES.md: the
 *   CRT-310 answers commands only; the ESC/POS printer answers `DLE EOT n`
 *   only), so status changes are found by polling;
 * - a USB-serial adapter can be pulled and put back: while the port is
 *   closed the device reads `noDevice` (XFS: no device), polling tries to
 *   open it at most every `reopenIntervalMs`, and a fresh status is taken
 *   once it opens, never a debounced one (what happened meanwhile is history);
 * - a port that closes under an open service makes the device `offline`
 *   (XFS `portClosed` fault); our own `close()` is not a device fault.
 */
import type { DeviceState } from '../../shared/xfs/vocabulary';
import type { Clock, TimerHandle } from '../../shared/time/clock';
import type { ByteTransport } from './byte-transport';

/** The faults this link itself can report; each device's fault union includes them. */
export interface LinkFault {
  error: 'openFailed' | 'portClosed';
  detail: string;
}

/** What a device's connection is given for its line (each connection's options extend this). */
export interface LinkSettings {
  transport: ByteTransport;
  clock: Clock;
  /** Status poll interval; 0 turns polling off. */
  pollIntervalMs: number;
  /** While the port is closed, polling tries to open it again at most this often. */
  reopenIntervalMs: number;
}

/** The device's exchange, as far as the link needs it: one job in flight, a queue behind it. */
export interface LinkExchange {
  readonly state: string;
  readonly queued: number;
  /** Fails the job in flight and the queued ones: called by `close()`. */
  abortAll(): void;
}

export interface ReopeningLinkOptions<R> extends LinkSettings {
  exchange: LinkExchange;
  /** The device's state holder: the link sets `starting`, `noDevice` and `offline`. */
  state: { setDevice(device: DeviceState, fault?: LinkFault): void };
  /** Takes the device's status now, undebounced: after `open()` and after a reopen. */
  refresh(): Promise<R>;
  /** One status poll while the port is open and nothing else is going on. */
  poll(): Promise<unknown>;
  /**
   * Besides a job in flight or queued (which tells more than a poll would,
   * and is never polled over): whether the device is busy in its own way.
   */
  busy?(): boolean;
}

export class ReopeningLink<R> {
  readonly #options: ReopeningLinkOptions<R>;
  #lastOpenAttemptAt = Number.NEGATIVE_INFINITY;
  #pollTimer: TimerHandle | undefined;
  #polling = false;
  #opened = false;

  constructor(options: ReopeningLinkOptions<R>) {
    this.#options = options;
    options.transport.onClose(() => {
      if (this.#opened) options.state.setDevice('offline', { error: 'portClosed', detail: `port ${options.transport.endpoint} closed` });
    });
  }

  /** Between open() and close(). */
  get opened(): boolean {
    return this.#opened;
  }

  /**
   * Opens the port and takes a status with `refresh`, then starts polling. A
   * port that cannot be opened leaves the link open and the device
   * `noDevice`: the result is `hardwareError`, and polling tries again.
   */
  async open(): Promise<R | { completion: 'hardwareError'; detail: string }> {
    this.#opened = true;
    this.#options.state.setDevice('starting');
    if (!this.#options.transport.isOpen) {
      const failed = await this.#openPort();
      if (failed) {
        this.#schedulePoll();
        return { completion: 'hardwareError', detail: failed };
      }
    }
    const result = await this.#options.refresh();
    this.#schedulePoll();
    return result;
  }

  /** Stops polling, fails queued commands, closes the port; the device reads `offline`. */
  async close(): Promise<void> {
    this.#opened = false;
    if (this.#pollTimer !== undefined) this.#options.clock.clearTimeout(this.#pollTimer);
    this.#pollTimer = undefined;
    this.#options.exchange.abortAll();
    await this.#options.transport.close();
    this.#options.state.setDevice('offline');
  }

  /** Opens the transport; on failure marks the device `noDevice` and returns why. */
  async #openPort(): Promise<string | null> {
    this.#lastOpenAttemptAt = this.#options.clock.now();
    try {
      await this.#options.transport.open();
    } catch (error) {
      const detail = (error as Error).message;
      this.#options.state.setDevice('noDevice', { error: 'openFailed', detail });
      return detail;
    }
    // close() may have been called while the port was opening.
    if (!this.#opened) await this.#options.transport.close();
    return null;
  }

  #schedulePoll(): void {
    const { pollIntervalMs, clock } = this.#options;
    if (!this.#opened || pollIntervalMs <= 0 || this.#pollTimer !== undefined) return;
    this.#pollTimer = clock.setTimeout(() => {
      this.#pollTimer = undefined;
      void this.#poll();
    }, pollIntervalMs);
  }

  async #poll(): Promise<void> {
    if (!this.#opened || this.#polling) return;
    this.#polling = true;
    const options = this.#options;
    try {
      if (!options.transport.isOpen) {
        // The port went away: try it again now and then, and take a fresh
        // status (undebounced: whatever happened while away is history).
        if (options.clock.now() - this.#lastOpenAttemptAt >= options.reopenIntervalMs && !(await this.#openPort()) && this.#opened) {
          await options.refresh();
        }
      } else if (options.exchange.state === 'idle' && options.exchange.queued === 0 && !options.busy?.()) {
        await options.poll();
      }
    } finally {
      this.#polling = false;
    }
    this.#schedulePoll();
  }
}
